import type { LiveEvent, Task } from '../../../../shared/api/worklist.js';

export interface ReportNews {
  seq: number;
  taskId: string;
  status: string;
}

/** What the inbox keeps when another screen is shown: its unseen news and each task's state. */
export interface InboxMemory {
  userId: string;
  news: ReportNews[];
  /** null when the list had not loaded yet. */
  states: Record<string, string> | null;
  /** The last live-event seq heard, so the next screen's listener resumes there and misses nothing in between. */
  lastSeq?: number;
}

const SIGNED = new Set(['final', 'amended']);

export function taskStates(tasks: readonly Pick<Task, 'id' | 'state'>[]): Record<string, string> {
  return Object.fromEntries(tasks.map((t) => [t.id, t.state]));
}

/**
 * Reports that became final or amended while the inbox was not shown (the live events went to no
 * one): every task now final/amended whose state differs from the one remembered on leaving.
 */
export function reportsWhileAway(before: Record<string, string>, tasks: readonly Pick<Task, 'id' | 'state'>[]): ReportNews[] {
  return tasks.filter((t) => SIGNED.has(t.state) && before[t.id] !== t.state).map((t) => ({ seq: 0, taskId: t.id, status: t.state }));
}

/** News merged by exam: the newer word on a task replaces the older one. */
export function mergeNews(current: readonly ReportNews[], added: readonly ReportNews[]): ReportNews[] {
  const ids = new Set(added.map((n) => n.taskId));
  return [...current.filter((n) => !ids.has(n.taskId)), ...added];
}

let memory: InboxMemory | null = null;

/** The inbox's memory of the signed-in user (another user's is never returned). */
export function recallInbox(userId: string): InboxMemory | null {
  return memory && memory.userId === userId ? memory : null;
}

export function rememberInbox(next: InboxMemory): void {
  memory = next;
}

/** The inbox news a `report.*` live event carries, or null for other events and payloads without a task. */
export function reportNewsOf(e: LiveEvent): ReportNews | null {
  if (!e.type.startsWith('report.')) return null;
  const r = (e.payload as { report?: { taskId?: string; status?: string } }).report;
  return r?.taskId ? { seq: e.seq, taskId: r.taskId, status: r.status ?? '' } : null;
}
