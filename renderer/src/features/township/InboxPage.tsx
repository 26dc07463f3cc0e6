import { useEffect, useMemo, useState } from 'react';
import type { Task } from '../../../../shared/api/worklist.js';
import { displayText } from '../../../../shared/text/display.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { CriticalAlertModal } from '../critical/AlertModal.js';
import { ageYears, displayName, formatDuration } from '../worklist/model.js';
import { useTownshipT } from './i18n.js';
import { printBatch, todaysFinalTasks } from './batchPrint.js';
import { PrintSetupPanel } from './PrintSetupPanel.js';
import { ReportViewer } from './ReportViewer.js';
import { useInbox } from './useInbox.js';
import './township.css';

const HAS_REPORT = new Set(['preliminary', 'final', 'amended']);
/** Report objects the hub adds to the study; the exam is the images. */
const NOT_EXAM = new Set(['SR', 'DOC', 'KO', 'PR']);

/** Minutes the site has waited: to the final report when there is one, else until now. */
function waited(task: Task, now: Date): number {
  const end = task.finalAt ? new Date(task.finalAt) : now;
  return Math.max(0, Math.floor((end.getTime() - new Date(task.arrivedAt).getTime()) / 60000));
}

/** The site's exams and their reports, newest first, live. */
export function InboxPage() {
  const t = useTownshipT();
  const tShell = useT();
  const [locale] = useLocale();
  const { tasks, news, error, status, dismiss, reload } = useInbox();
  const [openTask, setOpenTask] = useState<string | null>(null);
  const client = useClient();
  const [batch, setBatch] = useState<{ done: number; total: number; failed: string[] } | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const rows = useMemo(() => [...tasks].sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt)), [tasks]);
  const byId = new Map(tasks.map((x) => [x.id, x]));
  const units = { min: t('tw.unit.min'), h: t('tw.unit.h'), d: t('tw.unit.d') };
  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const exam = (x: Task) => [x.modalities.filter((m) => !NOT_EXAM.has(m)).join('/'), displayText(x.studyDescription || x.request?.examRequested)].filter(Boolean).join(' ');
  const fresh = new Set(news.map((n) => n.taskId));
  const today = todaysFinalTasks(tasks, now);
  const printToday = async () => {
    setBatch({ done: 0, total: today.length, failed: [] });
    const failures = await printBatch(client, today, (done) => setBatch((b) => b && { ...b, done }));
    setBatch({ done: today.length, total: today.length, failed: failures.map((f) => `${displayName(f.task)}：${describeError(f.error, tShell)}`) });
  };

  return (
    <section className="tw-page" aria-labelledby="tw-inbox-title">
      <CriticalAlertModal />
      <div className="tw-row">
        <h1 id="tw-inbox-title">{t('tw.inbox.title')}</h1>
        <span className="tw-muted" data-testid="tw-live">
          {t(status === 'live' ? 'tw.live' : status === 'connecting' ? 'tw.connecting' : 'tw.offline')}
        </span>
        <button type="button" onClick={reload}>
          {t('tw.refresh')}
        </button>
        <button type="button" onClick={() => void printToday()} disabled={!today.length || (batch !== null && batch.done < batch.total)} data-testid="tw-print-today">
          {t('tw.printToday', { count: today.length })}
        </button>
        {batch && (
          <span className="tw-muted" role="status">
            {t('tw.printProgress', { done: batch.done, total: batch.total })}
          </span>
        )}
      </div>
      {batch?.failed.map((f) => (
        <p className="tw-error" role="alert" key={f}>
          {t('tw.report.printError', { reason: f })}
        </p>
      ))}
      {news.map((n) => {
        const task = byId.get(n.taskId);
        if (!task) return null;
        return (
          <div className="tw-banner" role="status" key={n.taskId} data-testid="tw-news">
            <span>{t('tw.newReport', { patient: displayName(task), exam: exam(task), state: HAS_REPORT.has(n.status) ? t(`tw.state.${n.status as 'final'}`) : '' })}</span>
            <span className="tw-row">
              <button type="button" className="tw-primary" onClick={() => (setOpenTask(n.taskId), dismiss(n.taskId))}>
                {t('tw.open')}
              </button>
              <button type="button" onClick={() => dismiss(n.taskId)}>
                {t('tw.dismiss')}
              </button>
            </span>
          </div>
        );
      })}
      {error !== null && (
        <p className="tw-error" role="alert">
          {t('tw.error.load', { reason: describeError(error, tShell) })}
        </p>
      )}
      {openTask && <ReportViewer key={openTask} taskId={openTask} t={t} onClose={() => setOpenTask(null)} />}
      <table className="tw-table" data-testid="tw-inbox">
        <thead>
          <tr>
            <th>{t('tw.col.patient')}</th>
            <th>{t('tw.col.sexAge')}</th>
            <th>{t('tw.col.exam')}</th>
            <th>{t('tw.col.urgency')}</th>
            <th>{t('tw.col.sentAt')}</th>
            <th>{t('tw.col.state')}</th>
            <th>{t('tw.col.reader')}</th>
            <th>{t('tw.col.waiting')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => {
            const age = ageYears(x.patient.birthDate, now);
            const sex = x.patient.sex && ['M', 'F', 'O'].includes(x.patient.sex) ? t(`tw.sex.${x.patient.sex as 'M'}`) : '—';
            return (
              <tr key={x.id} data-testid="tw-row" data-task-id={x.id} data-study-uid={x.studyInstanceUid} data-state={x.state} className={fresh.has(x.id) ? 'tw-fresh' : undefined}>
                <td>
                  {displayName(x)} <span className="tw-muted">{displayText(x.patient.id)}</span>
                </td>
                <td>
                  {sex} / {age === null ? '—' : t('tw.age', { years: age })}
                </td>
                <td>{exam(x)}</td>
                <td>{t(`tw.urgency.${x.priority}`)}</td>
                <td>{when(x.arrivedAt)}</td>
                <td>
                  <span className={`tw-state tw-state-${x.state}`} data-testid="tw-state">
                    {t(`tw.state.${x.state}`)}
                  </span>
                </td>
                <td>{x.claimedBy?.displayName ?? '—'}</td>
                <td>{formatDuration(waited(x, now), units)}</td>
                <td>
                  {HAS_REPORT.has(x.state) && (
                    <button type="button" onClick={() => setOpenTask(x.id)} data-testid="tw-open">
                      {t('tw.open')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && error === null && <p className="tw-muted">{t('tw.empty')}</p>}
      <PrintSetupPanel t={t} />
    </section>
  );
}
