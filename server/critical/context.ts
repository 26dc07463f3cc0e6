import { DEFAULT_ESCALATION_POLICY, planDue, type EscalationPolicy } from '../../shared/critical/state.js';
import type { AuditEvent, AuditLog } from '../audit/log.js';
import type { Database, Queryable } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import type { CatalogueStore } from './catalogue.js';
import type { DeliveryChannel, DeliveryMessage } from './channels.js';
import { appendLog, type AlertRow } from './repo.js';

export interface CriticalOptions extends EscalationPolicy {
  /** How often the background job looks for due reminders and escalations, seconds. */
  jobSeconds: number;
  /** The hub's clock (tests pass a fixed one where they need to). */
  now: () => Date;
}

/** `TELEREAD_CRITICAL_REMINDER_MINUTES`, `TELEREAD_CRITICAL_ESCALATION_STEP_MINUTES`, `TELEREAD_CRITICAL_JOB_SECONDS`. */
export function criticalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CriticalOptions {
  const num = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
    return n;
  };
  return {
    reminderMin: num('TELEREAD_CRITICAL_REMINDER_MINUTES', DEFAULT_ESCALATION_POLICY.reminderMin),
    stepMin: num('TELEREAD_CRITICAL_ESCALATION_STEP_MINUTES', DEFAULT_ESCALATION_POLICY.stepMin),
    jobSeconds: num('TELEREAD_CRITICAL_JOB_SECONDS', 15),
    now: () => new Date(),
  };
}

export interface CriticalContext {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  catalogues: CatalogueStore;
  inApp: DeliveryChannel;
  sms: DeliveryChannel;
  phone: DeliveryChannel;
  opts: CriticalOptions;
}

export const auditAlert = (r: Pick<AlertRow, 'id' | 'study_instance_uid' | 'patient_id'>) => ({
  alertId: r.id,
  studyUid: r.study_instance_uid,
  patientId: r.patient_id,
  resource: `alert:${r.id}`,
});

/**
 * One delivery attempt: sent through the channel, logged with channel, recipient, status and time,
 * audited in the same transaction; the first attempt moves the alert to `notified`.
 */
export async function deliverVia(
  ctx: CriticalContext,
  tx: Queryable,
  alert: AlertRow,
  channel: DeliveryChannel,
  msg: Omit<DeliveryMessage, 'alertId' | 'siteId' | 'kind'>,
  at: Date,
  actor: Partial<AuditEvent> = {},
): Promise<void> {
  const res = await channel.deliver(tx, { ...msg, alertId: alert.id, siteId: alert.site_id, kind: alert.kind });
  await appendLog(tx, { alertId: alert.id, at, type: 'delivery', channel: channel.channel, status: res.status, recipient: msg.recipient, detail: { message: res.message, event: msg.eventType } });
  if (!alert.notified_at && (res.status === 'sent' || res.status === 'answered')) {
    await tx.query("UPDATE critical_alerts SET notified_at = $2, state = CASE WHEN state = 'raised' THEN 'notified' ELSE state END WHERE id = $1", [alert.id, at]);
    alert.notified_at = at;
    if (alert.state === 'raised') alert.state = 'notified';
  }
  await ctx.audit.record(
    { ...actor, ...auditAlert(alert), action: 'critical.deliver', outcome: res.status === 'failed' ? 'failed' : 'allowed', detail: { channel: channel.channel, status: res.status, recipient: msg.recipient, event: msg.eventType } },
    tx,
  );
}

/** Recomputes and stores the alert's timers after a change of state (ack, action, close). */
export async function storeTimers(ctx: CriticalContext, tx: Queryable, a: AlertRow): Promise<void> {
  const plan = planDue(
    {
      state: a.state,
      raisedAt: a.raised_at,
      ackDueAt: a.ack_due_at,
      actionDueAt: a.action_due_at,
      escalationLevel: a.escalation_level,
      nextReminderAt: a.next_reminder_at,
      actionReminded: a.action_reminded,
    },
    // Only the schedule matters here, not the work: plan as of just before the raise, when nothing
    // is due yet; whatever is already overdue is then picked up by the next job run.
    new Date(a.raised_at.getTime() - 1),
    ctx.opts,
  );
  await tx.query('UPDATE critical_alerts SET next_due_at = $2, next_reminder_at = $3 WHERE id = $1', [a.id, plan.next.nextDueAt, plan.next.nextReminderAt]);
}
