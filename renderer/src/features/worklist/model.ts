import type { LiveEvent, Task } from '../../../../shared/api/worklist.js';
import { PRIORITY_RANK, type Priority, type TaskState } from '../../../../shared/domain/worklist.js';
import { displayText } from '../../../../shared/text/display.js';

/** Pure worklist logic: live-event merging, filtering, sorting, counts. The table renders the result. */

export type SortKey = 'patient' | 'sex' | 'site' | 'modality' | 'exam' | 'priority' | 'arrivedAt' | 'waiting' | 'state' | 'reader';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export interface Filters {
  siteId?: string;
  modality?: string;
  priority?: Priority;
  state?: TaskState;
  from?: string; // yyyy-mm-dd, local day
  to?: string;
  text?: string;
  mineUserId?: string;
}

/** Applies a pushed `task.created` / `task.updated` event; older versions never overwrite newer ones. */
export function applyTaskEvent(tasks: readonly Task[], e: Pick<LiveEvent, 'type' | 'payload'>): Task[] {
  if (e.type !== 'task.created' && e.type !== 'task.updated') return tasks as Task[];
  const incoming = (e.payload as { task?: Task }).task;
  if (!incoming?.id) return tasks as Task[];
  const i = tasks.findIndex((t) => t.id === incoming.id);
  if (i < 0) return [...tasks, incoming];
  if (tasks[i].version > incoming.version) return tasks as Task[];
  const next = tasks.slice();
  next[i] = incoming;
  return next;
}

/** The name to show: the Chinese (ideographic) form first, then the alphabetic one with ^ as space (bidi controls removed). */
export function displayName(t: Pick<Task, 'patient'>): string {
  const ideo = displayText(t.patient.nameIdeographic).replace(/\^/g, '').trim();
  if (ideo) return ideo;
  return displayText(t.patient.name).replace(/\^+/g, ' ').trim();
}

export function ageYears(birthDate: string | null, now: Date): number | null {
  if (!birthDate || !/^\d{8}$/.test(birthDate)) return null;
  const y = Number(birthDate.slice(0, 4));
  const m = Number(birthDate.slice(4, 6));
  const d = Number(birthDate.slice(6, 8));
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age--;
  return age >= 0 && age < 150 ? age : null;
}

export function waitingMinutes(t: Pick<Task, 'arrivedAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(t.arrivedAt).getTime()) / 60000));
}

/** "3 min", "2 h 05 min", "1 d 4 h" — compact enough for a table cell. */
export function formatDuration(minutes: number, units: { min: string; h: string; d: string }): string {
  if (minutes < 60) return `${minutes} ${units.min}`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} ${units.h} ${String(minutes % 60).padStart(2, '0')} ${units.min}`;
  return `${Math.floor(minutes / 1440)} ${units.d} ${Math.floor((minutes % 1440) / 60)} ${units.h}`;
}

const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function filterTasks(tasks: readonly Task[], f: Filters): Task[] {
  const text = f.text?.trim().toLowerCase();
  return tasks.filter((t) => {
    if (f.siteId && t.siteId !== f.siteId) return false;
    if (f.modality && !t.modalities.includes(f.modality)) return false;
    if (f.priority && t.priority !== f.priority) return false;
    if (f.state && t.state !== f.state) return false;
    if (f.mineUserId && t.claimedBy?.id !== f.mineUserId) return false;
    if (f.from && localDay(t.arrivedAt) < f.from) return false;
    if (f.to && localDay(t.arrivedAt) > f.to) return false;
    if (text) {
      const hay = [t.patient.name, t.patient.nameIdeographic, t.patient.id, t.accessionNumber].filter(Boolean).join(' ').toLowerCase();
      if (!hay.includes(text)) return false;
    }
    return true;
  });
}

const STATE_ORDER: Record<TaskState, number> = { waiting: 0, claimed: 1, preliminary: 2, final: 3, amended: 4, cancelled: 5 };

/** Default queue order: open tasks first, then priority, then the longest waiting. */
export function queueOrder(a: Task, b: Task): number {
  const open = (t: Task) => (t.state === 'waiting' || t.state === 'claimed' ? 0 : 1);
  return open(a) - open(b) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.arrivedAt.localeCompare(b.arrivedAt) || a.id.localeCompare(b.id);
}

/**
 * Sorts on any column. Patient names sort by pinyin (the alphabetic PN, else Intl collation
 * `zh-u-co-pinyin` of the Chinese name), so 王 files under W; ties fall back to the queue order so
 * the table never jumps.
 */
export function sortTasks(tasks: readonly Task[], sort: Sort | null, locale: string, now: Date): Task[] {
  const out = [...tasks];
  if (!sort) return out.sort(queueOrder);
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-u-co-pinyin', { sensitivity: 'base', numeric: true });
  const key = (t: Task): string | number => {
    switch (sort.key) {
      case 'patient':
        // The alphabetic PN component is pinyin for Chinese patients: it sorts the same way in
        // both languages and mixes correctly with names that have no ideographic form.
        return t.patient.name?.replace(/\^+/g, ' ').trim() || displayName(t);
      case 'sex':
        return t.patient.sex ?? '';
      case 'site':
        return t.siteName ?? '';
      case 'modality':
        return t.modalities.join(',');
      case 'exam':
        return t.request?.examRequested || t.studyDescription || '';
      case 'priority':
        return PRIORITY_RANK[t.priority];
      case 'arrivedAt':
        return t.arrivedAt;
      case 'waiting':
        return waitingMinutes(t, now);
      case 'state':
        return STATE_ORDER[t.state];
      case 'reader':
        return t.claimedBy?.displayName ?? '';
    }
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  return out.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collator.compare(String(ka), String(kb));
    return c * sign || queueOrder(a, b);
  });
}

export function countByState(tasks: readonly Task[]): Record<TaskState, number> {
  const c: Record<TaskState, number> = { waiting: 0, claimed: 0, preliminary: 0, final: 0, amended: 0, cancelled: 0 };
  for (const t of tasks) c[t.state]++;
  return c;
}

/** Rows to render for a virtualised table with fixed row height (plus overscan). */
export function visibleWindow(total: number, scrollTop: number, viewportHeight: number, rowHeight: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last, offsetTop: first * rowHeight, totalHeight: total * rowHeight };
}
