import { useRef, useState, type KeyboardEvent } from 'react';
import type { Task } from '../../../../shared/api/worklist.js';
import { displayText } from '../../../../shared/text/display.js';
import { useLocale } from '../../i18n/I18nProvider.js';
import type { WorklistKey, WorklistTranslate } from './i18n.js';
import { ageYears, displayName, formatDuration, visibleWindow, waitingMinutes, type Sort, type SortKey } from './model.js';

const ROW = 28;
const COLUMNS: Array<{ key: SortKey; label: WorklistKey }> = [
  { key: 'patient', label: 'wl.col.patient' },
  { key: 'sex', label: 'wl.col.sex' },
  { key: 'site', label: 'wl.col.site' },
  { key: 'modality', label: 'wl.col.modality' },
  { key: 'exam', label: 'wl.col.exam' },
  { key: 'priority', label: 'wl.col.priority' },
  { key: 'arrivedAt', label: 'wl.col.arrivedAt' },
  { key: 'waiting', label: 'wl.col.waiting' },
  { key: 'state', label: 'wl.col.state' },
  { key: 'reader', label: 'wl.col.reader' },
];

export interface TaskTableProps {
  tasks: Task[];
  t: WorklistTranslate;
  now: Date;
  sort: Sort | null;
  onSort(key: SortKey): void;
  selectedId: string | null;
  onSelect(id: string): void;
  onOpen(task: Task): void;
  onClaim(task: Task): void;
  onRelease(task: Task): void;
  onNext(): void;
  myId: string;
  canClaim: boolean;
  canClaimTask(task: Task): boolean;
}

/** A virtualised, keyboard-driven table: only the rows in view are in the DOM (10,000 rows stay smooth). */
export function TaskTable(p: TaskTableProps) {
  const [locale] = useLocale();
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const w = visibleWindow(p.tasks.length, scroll.top, scroll.height, ROW);
  const index = p.tasks.findIndex((x) => x.id === p.selectedId);
  const units = { min: p.t('wl.unit.min'), h: p.t('wl.unit.h'), d: p.t('wl.unit.d') };
  const timeFmt = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

  const select = (i: number) => {
    const task = p.tasks[Math.max(0, Math.min(p.tasks.length - 1, i))];
    if (!task) return;
    p.onSelect(task.id);
    const el = box.current;
    if (!el) return;
    const top = (p.tasks.indexOf(task) + 1) * ROW; // + header
    if (top < el.scrollTop + ROW) el.scrollTop = top - ROW;
    else if (top + ROW > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW - el.clientHeight;
  };

  const onKey = (e: KeyboardEvent) => {
    const current = p.tasks[index];
    if (e.key === 'ArrowDown') select(index + 1);
    else if (e.key === 'ArrowUp') select(index - 1);
    else if (e.key === 'PageDown') select(index + 20);
    else if (e.key === 'PageUp') select(index - 20);
    else if (e.key === 'Enter' && current) p.onOpen(current);
    else if ((e.key === 'c' || e.key === 'C') && current && p.canClaim) p.onClaim(current);
    else if ((e.key === 'n' || e.key === 'N') && p.canClaim) p.onNext();
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="wl-table"
      ref={box}
      tabIndex={0}
      role="grid"
      aria-rowcount={p.tasks.length}
      aria-label={p.t('wl.title')}
      data-testid="worklist-table"
      onKeyDown={onKey}
      onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div className="wl-head" role="row">
        {COLUMNS.map((c) => (
          <span key={c.key} role="columnheader" aria-sort={p.sort?.key === c.key ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" onClick={() => p.onSort(c.key)}>
              {p.t(c.label)}
              {p.sort?.key === c.key ? (p.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          </span>
        ))}
        <span />
      </div>
      {!p.tasks.length && <div className="wl-empty">{p.t('wl.empty')}</div>}
      <div style={{ height: w.totalHeight, position: 'relative' }}>
        <div style={{ position: 'absolute', top: w.offsetTop, left: 0, right: 0 }}>
          {p.tasks.slice(w.first, w.last).map((task) => {
            const age = ageYears(task.patient.birthDate, p.now);
            const sex = task.patient.sex && ['M', 'F', 'O'].includes(task.patient.sex) ? p.t(`wl.sex.${task.patient.sex}` as WorklistKey) : '';
            const mine = task.claimedBy?.id === p.myId;
            const open = task.state === 'waiting' || task.state === 'claimed';
            return (
              <div
                key={task.id}
                role="row"
                data-testid="worklist-row"
                data-task-id={task.id}
                data-state={task.state}
                aria-selected={task.id === p.selectedId}
                className={`wl-row${task.id === p.selectedId ? ' selected' : ''}${task.tat.overdue && open ? ' overdue' : ''}`}
                onClick={() => p.onSelect(task.id)}
                onDoubleClick={() => p.onOpen(task)}
              >
                <span title={displayText(task.patient.id)}>{displayName(task)}</span>
                <span>
                  {sex}
                  {age !== null ? ` ${p.t('wl.age', { years: age })}` : ''}
                </span>
                <span>{task.siteName ?? '—'}</span>
                <span>{task.modalities.join('/')}</span>
                <span title={displayText(task.request?.clinicalHistory)}>{displayText(task.request?.examRequested || task.studyDescription)}</span>
                <span className={`wl-prio ${task.priority}`}>{p.t(`wl.priority.${task.priority}`)}</span>
                <span>{timeFmt.format(new Date(task.arrivedAt))}</span>
                <span className="wl-waiting" title={task.tat.overdue ? p.t('wl.overdue') : p.t('wl.dueIn', { time: formatDuration(Math.max(0, task.tat.remaining), units) })}>
                  {formatDuration(waitingMinutes(task, p.now), units)}
                </span>
                <span className={`wl-state ${task.state}`} data-testid="worklist-state">
                  {p.t(`wl.state.${task.state}`)}
                </span>
                <span data-testid="worklist-reader">{task.claimedBy?.displayName ?? ''}</span>
                <span className="wl-actions">
                  {p.canClaimTask(task) && task.state === 'waiting' && (
                    <button type="button" onClick={() => p.onClaim(task)}>
                      {p.t('wl.claim')}
                    </button>
                  )}
                  {mine && task.state === 'claimed' && (
                    <button type="button" onClick={() => p.onRelease(task)}>
                      {p.t('wl.release')}
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
