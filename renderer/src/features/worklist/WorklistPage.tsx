import { useEffect, useMemo, useState } from 'react';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { PRIORITIES, TASK_STATES } from '../../../../shared/domain/worklist.js';
import { isReader } from '../../../../shared/domain/roles.js';
import { useClient, useHubQuery } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { usePreloadReadingScreen, warmReading } from '../viewer/warm.js';
import { claimTask, nextTask, releaseTask } from './api.js';
import { useWorklistT } from './i18n.js';
import { countByState, filterTasks, sortTasks, type Filters, type Sort, type SortKey } from './model.js';
import { TaskTable } from './TaskTable.js';
import { useWorklist } from './useWorklist.js';
import './worklist.css';

/** The reading queue: filters, counts, live updates, claim-and-open. */
export function WorklistPage(props: { user: UserSummary; navigate(path: string): void }) {
  const { user, navigate } = props;
  const t = useWorklistT();
  const tShell = useT();
  const [locale] = useLocale();
  const client = useClient();
  const sites = useHubQuery((c) => c.sites());
  const { tasks, error, loading, status, upsert } = useWorklist();
  const [filters, setFilters] = useState<Filters>({});
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<Sort | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const canClaim = isReader(user.role);
  // Radiologists read imaging, ECG readers read ECGs (the hub enforces the same rule).
  const readsKind = (task: Task) => canClaim && (task.kind === 'ecg' ? user.role === 'ecg_reader' : user.role !== 'ecg_reader');
  // The reading screen's code loads while the queue is shown, its study's metadata from the double-click on (viewer/warm.ts).
  usePreloadReadingScreen(canClaim && user.role !== 'ecg_reader');

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const shown = useMemo(
    () => sortTasks(filterTasks(tasks, { ...filters, mineUserId: mine ? user.id : undefined }), sort, locale, now),
    [tasks, filters, mine, user.id, sort, locale, now],
  );
  const counts = countByState(tasks);
  const modalities = [...new Set(tasks.flatMap((x) => x.modalities))].sort();

  const fail = (err: unknown) => setMessage(describeError(err, tShell));
  const claim = async (task: Task) => {
    setMessage(null);
    try {
      const claimed = await claimTask(client, task.id);
      upsert(claimed);
      return claimed;
    } catch (err) {
      fail(err);
      return null;
    }
  };
  const open = async (task: Task) => {
    setSelectedId(task.id);
    if (task.kind !== 'ecg') warmReading(client, task.studyInstanceUid);
    if (!canClaim) return navigate(`/viewer/${task.studyInstanceUid}`);
    const mineAlready = task.claimedBy?.id === user.id && task.state === 'claimed';
    const ok = mineAlready || task.state !== 'waiting' ? task : await claim(task);
    // Someone else holds it: the message says who; the study still opens to look, not to report.
    if (ok) navigate(task.kind === 'ecg' ? `/ecg/${task.studyInstanceUid}` : `${ok.state === 'claimed' && ok.claimedBy?.id !== user.id ? '/viewer/' : '/read/'}${task.studyInstanceUid}`);
  };
  const release = async (task: Task) => {
    try {
      upsert(await releaseTask(client, task.id));
    } catch (err) {
      fail(err);
    }
  };
  const next = async () => {
    setMessage(null);
    try {
      const task = await nextTask(client, user.role === 'ecg_reader' ? 'ecg' : 'imaging');
      if (!task) return setMessage(t('wl.next.none'));
      await open(task);
    } catch (err) {
      fail(err);
    }
  };
  const onSort = (key: SortKey) => setSort((s) => (s?.key !== key ? { key, dir: 'asc' } : s.dir === 'asc' ? { key, dir: 'desc' } : null));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className="wl-page" aria-labelledby="wl-title">
      <div className="wl-toolbar">
        <h2 id="wl-title" className="visually-hidden">
          {t('wl.title')}
        </h2>
        <label>
          {t('wl.filter.text')}
          <input className="wl-text" type="search" value={filters.text ?? ''} onChange={(e) => set({ text: e.target.value })} data-testid="wl-filter-text" />
        </label>
        <label>
          {t('wl.filter.site')}
          <select value={filters.siteId ?? ''} onChange={(e) => set({ siteId: e.target.value || undefined })}>
            <option value="">{t('wl.filter.any')}</option>
            {(sites.data ?? [])
              .filter((s) => s.kind === 'township')
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {locale === 'en' && s.nameEn ? s.nameEn : s.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('wl.filter.modality')}
          <select value={filters.modality ?? ''} onChange={(e) => set({ modality: e.target.value || undefined })}>
            <option value="">{t('wl.filter.any')}</option>
            {modalities.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          {t('wl.filter.priority')}
          <select value={filters.priority ?? ''} onChange={(e) => set({ priority: (e.target.value || undefined) as Filters['priority'] })}>
            <option value="">{t('wl.filter.any')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`wl.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('wl.filter.state')}
          <select value={filters.state ?? ''} onChange={(e) => set({ state: (e.target.value || undefined) as Filters['state'] })} data-testid="wl-filter-state">
            <option value="">{t('wl.filter.any')}</option>
            {TASK_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`wl.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('wl.filter.from')}
          <input type="date" value={filters.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </label>
        <label>
          {t('wl.filter.to')}
          <input type="date" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </label>
        <button type="button" onClick={() => setFilters({})}>
          {t('wl.filter.clear')}
        </button>
        {canClaim && (
          <>
            <button type="button" aria-pressed={mine} onClick={() => setMine((m) => !m)} data-testid="wl-mine">
              {mine ? t('wl.all') : t('wl.mine')}
            </button>
            <button type="button" onClick={() => void next()} data-testid="wl-next">
              {t('wl.next')}
            </button>
          </>
        )}
      </div>
      <div className="wl-counts" data-testid="wl-counts">
        {TASK_STATES.map((s) => (
          <span key={s}>
            {t(`wl.state.${s}`)} <strong data-testid={`wl-count-${s}`}>{counts[s]}</strong>
          </span>
        ))}
        <span>{t('wl.count', { shown: shown.length, total: tasks.length })}</span>
        <span className={`wl-live ${status}`} role="status" data-testid="wl-live">
          {status === 'live' ? `● ${t('wl.live')}` : status === 'offline' ? t('wl.offline') : t('wl.connecting')}
        </span>
      </div>
      {message && (
        <div className="banner warning" role="alert" data-testid="wl-message">
          {message}
        </div>
      )}
      {error !== null && !loading && (
        <div className="banner error" role="alert">
          {t('wl.error.load', { reason: describeError(error, tShell) })}
        </div>
      )}
      <TaskTable
        tasks={shown}
        t={t}
        now={now}
        sort={sort}
        onSort={onSort}
        selectedId={selectedId}
        onSelect={setSelectedId}
        onOpen={(task) => void open(task)}
        onClaim={(task) => void claim(task)}
        onRelease={(task) => void release(task)}
        onNext={() => void next()}
        myId={user.id}
        canClaim={canClaim}
        canClaimTask={readsKind}
      />
      <p className="muted small">{t('wl.keys')}</p>
    </section>
  );
}
