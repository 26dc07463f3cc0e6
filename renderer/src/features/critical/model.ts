import { Alert } from '../../../../shared/api/critical.js';
import type { LiveEvent } from '../../../../shared/api/worklist.js';
export { wardLocation } from '../../../../shared/critical/location.js';

/** Events that carry an alert (payload `{alert}`). */
export const ALERT_EVENTS = ['alert.raised', 'alert.reminder', 'alert.escalated', 'alert.updated', 'alert.redirected', 'alert.action_overdue'] as const;
/** Events after which a locally snoozed ("not my patient") alert must show again. */
const RESHOW_EVENTS = new Set(['alert.raised', 'alert.reminder', 'alert.escalated']);

/** The modal stays while the alert waits for acknowledgement (README: until no longer raised/notified). */
export function needsAcknowledgement(a: Pick<Alert, 'state'>): boolean {
  return a.state === 'raised' || a.state === 'notified';
}

export interface AlertQueue {
  /** Open alerts by id, newest state. */
  alerts: Alert[];
  /** Alert ids the user redirected here; hidden until the hub reminds or escalates. */
  snoozed: string[];
  /** Reminder counts seen per alert (shown on the modal). */
  reminders: Record<string, number>;
}

export const EMPTY_QUEUE: AlertQueue = { alerts: [], snoozed: [], reminders: {} };

export function alertFromEvent(e: LiveEvent): Alert | null {
  if (!(ALERT_EVENTS as readonly string[]).includes(e.type)) return null;
  const parsed = Alert.safeParse(e.payload.alert);
  return parsed.success ? parsed.data : null;
}

/** Merges one alert into the queue (the most urgent first: category, then oldest). */
export function upsertAlert(q: AlertQueue, alert: Alert, eventType?: string): AlertQueue {
  const others = q.alerts.filter((a) => a.id !== alert.id);
  const alerts = needsAcknowledgement(alert) ? [...others, alert] : others;
  alerts.sort((a, b) => a.category - b.category || a.raisedAt.localeCompare(b.raisedAt));
  const reshow = eventType !== undefined && RESHOW_EVENTS.has(eventType);
  const snoozed = reshow || !needsAcknowledgement(alert) ? q.snoozed.filter((id) => id !== alert.id) : q.snoozed;
  const reminders = eventType === 'alert.reminder' ? { ...q.reminders, [alert.id]: (q.reminders[alert.id] ?? 0) + 1 } : q.reminders;
  return { alerts, snoozed, reminders };
}

/**
 * Merges the open-alerts snapshot into what the live socket already delivered. The socket is newer:
 * an alert it already holds is kept as is, and one it has seen leave the open states (`settled`) is
 * not brought back by a snapshot read just before that happened.
 */
export function mergeSnapshot(q: AlertQueue, open: Alert[], settled: ReadonlySet<string>): AlertQueue {
  return open.reduce((acc, a) => (settled.has(a.id) || acc.alerts.some((x) => x.id === a.id) ? acc : upsertAlert(acc, a)), q);
}

export function snooze(q: AlertQueue, id: string): AlertQueue {
  return q.snoozed.includes(id) ? q : { ...q, snoozed: [...q.snoozed, id] };
}

/** Alerts the modal must show now, in order. */
export function visibleAlerts(q: AlertQueue): Alert[] {
  return q.alerts.filter((a) => !q.snoozed.includes(a.id));
}

/** Whole years between a DICOM birth date (YYYYMMDD or YYYY-MM-DD) and now; null when unknown. */
export function ageYears(birthDate: string | null | undefined, now: Date): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(birthDate ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < mo || (now.getMonth() + 1 === mo && now.getDate() < d)) age -= 1;
  return age >= 0 && age < 150 ? age : null;
}

/** DICOM PN for display: the ideographic group when present, else the alphabetic with ^ as spaces. */
export function displayName(p: { name: string | null; nameIdeographic: string | null }): string {
  if (p.nameIdeographic) return p.nameIdeographic.replace(/\^/g, '');
  return (p.name ?? '').replace(/\^+/g, ' ').trim();
}

/** Where an alert is on the escalation ladder, as the township modal names it. */
export type LadderStage = 'first' | 'reminder' | 'staff' | 'director' | 'supervisors';

/**
 * The ladder step of an unacknowledged alert: escalated to all site staff (1), to the site director
 * (2), to the alliance supervisors (3); before that a reminder (n-th) or the first notice. `seen` is
 * the reminders this window heard live (the hub's count is authoritative; the larger one wins).
 */
export function ladderStage(a: Pick<Alert, 'escalationLevel' | 'reminders'>, seen = 0): { stage: LadderStage; reminders: number } {
  const reminders = Math.max(a.reminders ?? 0, seen);
  const stage: LadderStage =
    a.escalationLevel >= 3 ? 'supervisors' : a.escalationLevel === 2 ? 'director' : a.escalationLevel === 1 ? 'staff' : reminders > 0 ? 'reminder' : 'first';
  return { stage, reminders };
}
