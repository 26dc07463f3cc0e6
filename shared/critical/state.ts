import type { AlertState, EscalationLevel } from './types.js';

/** What can happen to an alert; the hub applies these, the renderer uses them to enable buttons. */
export type AlertEvent = 'deliver' | 'acknowledge' | 'redirect' | 'record_action' | 'close' | 'supervisor_close';

/** The state after `ev`, or null when the event is not allowed in `state`. */
export function nextState(state: AlertState, ev: AlertEvent): AlertState | null {
  if (state === 'closed') return null;
  switch (ev) {
    case 'deliver':
      return state === 'raised' ? 'notified' : state;
    case 'acknowledge':
      return state === 'raised' || state === 'notified' ? 'acknowledged' : null;
    case 'redirect':
      // "Not my patient": the alert stays unacknowledged (reminders and escalation go on), so a
      // redirect can never make it disappear; the reader is told to phone.
      return state === 'raised' || state === 'notified' ? state : null;
    case 'record_action':
      return state === 'acknowledged' ? 'actioned' : null;
    case 'close':
      return state === 'actioned' ? 'closed' : null;
    case 'supervisor_close':
      return 'closed';
  }
}

export const isUnacknowledged = (s: AlertState) => s === 'raised' || s === 'notified';

export interface EscalationPolicy {
  /** Reminder (re-push) interval while unacknowledged, minutes. */
  reminderMin: number;
  /** Minutes between escalation levels after the acknowledge deadline (level 1 fires at the deadline). */
  stepMin: number;
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = { reminderMin: 2, stepMin: 5 };

/** The persisted timers of one alert. */
export interface AlertTimers {
  state: AlertState;
  raisedAt: Date;
  ackDueAt: Date;
  actionDueAt: Date;
  escalationLevel: number;
  nextReminderAt: Date | null;
  actionReminded: boolean;
}

export interface DueWork {
  /** Fire one reminder (missed reminders while the hub was down collapse into one). */
  reminder: boolean;
  /** Escalation levels that fell due, in order (several if the hub was down across deadlines). */
  escalateTo: EscalationLevel[];
  /** The action deadline passed after acknowledgement without an action: remind once. */
  actionOverdue: boolean;
  /** Timers to persist afterwards. */
  next: Pick<AlertTimers, 'escalationLevel' | 'nextReminderAt' | 'actionReminded'> & { nextDueAt: Date | null };
}

const addMin = (d: Date, min: number) => new Date(d.getTime() + min * 60_000);

export function escalationDueAt(t: Pick<AlertTimers, 'ackDueAt'>, level: number, p: EscalationPolicy): Date {
  return addMin(t.ackDueAt, (level - 1) * p.stepMin);
}

/**
 * Everything due at `now`, and the timers after doing it. Pure: the hub persists `next` in the same
 * transaction as the work, so each reminder and each escalation level fires once.
 */
export function planDue(t: AlertTimers, now: Date, p: EscalationPolicy): DueWork {
  const unacked = isUnacknowledged(t.state);
  let reminder = false;
  let nextReminderAt: Date | null = null;
  const escalateTo: EscalationLevel[] = [];
  let level = t.escalationLevel;
  let actionOverdue = false;
  let actionReminded = t.actionReminded;
  if (unacked) {
    nextReminderAt = t.nextReminderAt ?? addMin(t.raisedAt, p.reminderMin);
    if (nextReminderAt <= now) {
      reminder = true;
      const interval = p.reminderMin * 60_000;
      const missed = Math.floor((now.getTime() - nextReminderAt.getTime()) / interval) + 1;
      nextReminderAt = new Date(nextReminderAt.getTime() + missed * interval);
    }
    while (level < 3 && escalationDueAt(t, level + 1, p) <= now) {
      level++;
      escalateTo.push(level as EscalationLevel);
    }
  } else if (t.state === 'acknowledged' && !actionReminded && t.actionDueAt <= now) {
    actionOverdue = true;
    actionReminded = true;
  }
  const candidates: Date[] = [];
  if (unacked) {
    candidates.push(nextReminderAt!);
    if (level < 3) candidates.push(escalationDueAt(t, level + 1, p));
  } else if (t.state === 'acknowledged' && !actionReminded) candidates.push(t.actionDueAt);
  const nextDueAt = candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
  return { reminder, escalateTo, actionOverdue, next: { escalationLevel: level, nextReminderAt, actionReminded, nextDueAt } };
}
