/** Reading-task vocabulary and turnaround arithmetic, shared by the hub and the worklist screen. */
export const PRIORITIES = ['stat', 'urgent', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TASK_STATES = ['waiting', 'claimed', 'preliminary', 'final', 'amended', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_KINDS = ['imaging', 'ecg'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Minutes from arrival to a final report, per priority (alliance setting). */
export type TatTargets = Record<Priority, number>;
export const DEFAULT_TAT_TARGETS: TatTargets = { stat: 30, urgent: 120, routine: 24 * 60 };

export const PRIORITY_RANK: Record<Priority, number> = { stat: 0, urgent: 1, routine: 2 };

export interface TaskClock {
  arrivedAt: string;
  claimedAt: string | null;
  preliminaryAt: string | null;
  finalAt: string | null;
  priority: Priority;
  state: TaskState;
}

export interface Turnaround {
  /** Minutes, rounded down; null where the step has not happened. */
  arrivalToClaim: number | null;
  arrivalToPreliminary: number | null;
  arrivalToFinal: number | null;
  /** Minutes waited so far (arrival → now, or → final when done). */
  elapsed: number;
  targetMinutes: number;
  dueAt: string;
  /** Past the target without a final report (a cancelled task is never overdue). */
  overdue: boolean;
  /** Minutes until due (negative when overdue). */
  remaining: number;
}

const minutesBetween = (a: string, b: string | Date) => Math.floor((new Date(b).getTime() - new Date(a).getTime()) / 60000);

export function turnaround(t: TaskClock, targets: TatTargets, now: Date): Turnaround {
  const target = targets[t.priority];
  const due = new Date(new Date(t.arrivedAt).getTime() + target * 60000);
  const done = t.finalAt ?? (t.state === 'final' || t.state === 'amended' ? t.preliminaryAt : null);
  const end = done ?? now;
  const open = !done && t.state !== 'cancelled';
  return {
    arrivalToClaim: t.claimedAt ? minutesBetween(t.arrivedAt, t.claimedAt) : null,
    arrivalToPreliminary: t.preliminaryAt ? minutesBetween(t.arrivedAt, t.preliminaryAt) : null,
    arrivalToFinal: t.finalAt ? minutesBetween(t.arrivedAt, t.finalAt) : null,
    elapsed: minutesBetween(t.arrivedAt, end),
    targetMinutes: target,
    dueAt: due.toISOString(),
    overdue: open ? now.getTime() > due.getTime() : !!t.finalAt && new Date(t.finalAt).getTime() > due.getTime(),
    remaining: Math.floor((due.getTime() - now.getTime()) / 60000),
  };
}

/** The order readers work in: open before closed, then priority, then the longest waiting. */
export function compareForQueue(a: { priority: Priority; arrivedAt: string }, b: { priority: Priority; arrivedAt: string }): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.arrivedAt.localeCompare(b.arrivedAt);
}

/** ECG waveform SOP classes (PS3.4 B.5): 12-lead, general, ambulatory, hemodynamic is not ECG-read. */
const ECG_SOP_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.9.1.1', '1.2.840.10008.5.1.4.1.1.9.1.2', '1.2.840.10008.5.1.4.1.1.9.1.3']);
/** Objects that are themselves reports or documents: they never make a reading task. */
const NON_READ_MODALITIES = new Set(['SR', 'KO', 'PR', 'DOC', 'OT_REPORT']);

/** Which reading tasks a study needs, from its modalities and SOP classes. */
export function taskKindsFor(modalities: readonly string[], sopClasses: readonly string[]): TaskKind[] {
  const kinds = new Set<TaskKind>();
  if (modalities.includes('ECG') || sopClasses.some((c) => ECG_SOP_CLASSES.has(c))) kinds.add('ecg');
  const imaging = modalities.filter((m) => m !== 'ECG' && !NON_READ_MODALITIES.has(m));
  const imagingSops = sopClasses.filter((c) => !ECG_SOP_CLASSES.has(c) && !c.startsWith('1.2.840.10008.5.1.4.1.1.88.') && c !== '1.2.840.10008.5.1.4.1.1.104.1');
  if (imaging.length || (!modalities.length && imagingSops.length)) kinds.add('imaging');
  return [...kinds];
}
