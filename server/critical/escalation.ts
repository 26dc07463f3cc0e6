import { planDue } from '../../shared/critical/state.js';
import type { EscalationLevel } from '../../shared/critical/types.js';
import { siteDirector } from '../admin/director.js';
import type { Queryable } from '../db/database.js';
import { auditAlert, deliverVia, type CriticalContext } from './context.js';
import { appendLog, ALERT_SELECT, loadAlert, toAlert, type AlertRow } from './repo.js';

export interface FiredWork {
  alertId: string;
  reminder: boolean;
  levels: EscalationLevel[];
  actionOverdue: boolean;
}

const SYSTEM = { username: 'system', role: 'system' } as const;

/**
 * Reminders, escalations and action-overdue reminders that are due at `now`. Each alert is claimed
 * in its own transaction with FOR UPDATE SKIP LOCKED and its timers are advanced in that same
 * transaction, so with several hubs (or an overlapping run) every deadline fires exactly once, and
 * after a restart nothing is lost: the deadlines live in the database.
 */
export async function runDueEscalations(ctx: CriticalContext, now: Date = ctx.opts.now(), max = 200): Promise<FiredWork[]> {
  const fired: FiredWork[] = [];
  const failed: string[] = [];
  for (let i = 0; i < max; i++) {
    let work: FiredWork | null;
    try {
      work = await ctx.db.transaction(async (tx) => {
        const row = (
          await tx.query<AlertRow>(
            `${ALERT_SELECT} WHERE a.next_due_at IS NOT NULL AND a.next_due_at <= $1 AND NOT (a.id = ANY($2))
              ORDER BY a.next_due_at LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
            [now, failed],
          )
        )[0];
        if (!row) return null;
        try {
          return await processOne(ctx, tx, row, now);
        } catch (err) {
          failed.push(row.id);
          throw err;
        }
      });
    } catch (err) {
      console.error('critical escalation failed for one alert', err instanceof Error ? err.message : err);
      continue;
    }
    if (!work) break;
    fired.push(work);
  }
  return fired;
}

async function processOne(ctx: CriticalContext, tx: Queryable, row: AlertRow, now: Date): Promise<FiredWork> {
  const plan = planDue(
    {
      state: row.state,
      raisedAt: row.raised_at,
      ackDueAt: row.ack_due_at,
      actionDueAt: row.action_due_at,
      escalationLevel: row.escalation_level,
      nextReminderAt: row.next_reminder_at,
      actionReminded: row.action_reminded,
    },
    now,
    ctx.opts,
  );
  const payload = () => ({ alert: toAlert(row) });
  if (plan.reminder) {
    await appendLog(tx, { alertId: row.id, at: now, type: 'reminder' });
    // The row was read before this reminder was logged: count it in what the township is sent.
    row = { ...row, reminder_count: (row.reminder_count ?? 0) + 1 };
    await deliverVia(ctx, tx, row, ctx.inApp, { eventType: 'alert.reminder', recipient: `site:${row.site_name}`, payload: payload() }, now, SYSTEM);
  }
  for (const level of plan.escalateTo) await escalate(ctx, tx, row, level, now);
  if (plan.actionOverdue) {
    await appendLog(tx, { alertId: row.id, at: now, type: 'action_overdue' });
    await ctx.audit.record({ ...SYSTEM, ...auditAlert(row), action: 'critical.action_overdue', outcome: 'allowed' }, tx);
    await deliverVia(ctx, tx, row, ctx.inApp, { eventType: 'alert.action_overdue', recipient: `site:${row.site_name}`, payload: payload() }, now, SYSTEM);
  }
  await tx.query(
    `UPDATE critical_alerts SET escalation_level = $2, next_reminder_at = $3, action_reminded = $4, next_due_at = $5,
            not_picked_up_at = CASE WHEN $2 >= 3 THEN COALESCE(not_picked_up_at, $6) ELSE not_picked_up_at END WHERE id = $1`,
    [row.id, plan.next.escalationLevel, plan.next.nextReminderAt, plan.next.actionReminded, plan.next.nextDueAt, now],
  );
  return { alertId: row.id, reminder: plan.reminder, levels: plan.escalateTo, actionOverdue: plan.actionOverdue };
}

/**
 * The ladder (issue 8): 1 other staff of the site — the ordering clinician's account first, then
 * every active township staff account of the site (SMS to the request's phone, not configured);
 * 2 the site's director account (`sites.director_user_id`; automated phone, not configured) — with
 * no director set, the supervisors at once so the ladder never stalls; 3 the alliance supervisors,
 * 'not picked up' incident. The reader is prompted to phone at each step.
 */
async function escalate(ctx: CriticalContext, tx: Queryable, row: AlertRow, level: EscalationLevel, now: Date): Promise<void> {
  const recipients: string[] = [];
  const req = (await tx.query<{ ordering_clinician: string; contact_phone: string }>('SELECT ordering_clinician, contact_phone FROM exam_requests WHERE study_instance_uid = $1', [row.study_instance_uid]))[0];
  const supervisors = async () =>
    (await tx.query<{ username: string }>("SELECT username FROM users WHERE role = 'supervisor' AND active ORDER BY username")).map((u) => `supervisor:${u.username}`);
  if (level === 1) {
    const clinician = req?.ordering_clinician?.trim();
    const user = clinician
      ? (await tx.query<{ username: string }>("SELECT username FROM users WHERE site_id = $1 AND role = 'township_staff' AND active AND display_name = $2", [row.site_id, clinician]))[0]
      : undefined;
    if (clinician && !user) recipients.push(`clinician:${clinician}`);
    if (user) recipients.push(`user:${user.username}`);
    const staff = await tx.query<{ username: string }>("SELECT username FROM users WHERE site_id = $1 AND role = 'township_staff' AND active ORDER BY username", [row.site_id]);
    for (const u of staff) if (!recipients.includes(`user:${u.username}`)) recipients.push(`user:${u.username}`);
    if (!recipients.length) recipients.push(`site:${row.site_name}`);
  } else if (level === 2) {
    const director = await siteDirector(tx, row.site_id);
    if (director) recipients.push(`director:${director.username}`);
    else recipients.push('director:not_set', ...(await supervisors()));
  } else {
    recipients.push(...(await supervisors()));
  }
  await appendLog(tx, { alertId: row.id, at: now, type: level === 3 ? 'incident' : 'escalation', level, recipient: recipients.join(','), detail: { recipients } });
  await ctx.audit.record({ ...SYSTEM, ...auditAlert(row), action: level === 3 ? 'critical.not_picked_up' : 'critical.escalate', outcome: 'allowed', detail: { level, recipients } }, tx);
  const fresh = (await loadAlert(tx, row.id))!;
  const alert = { ...toAlert(fresh), escalationLevel: level, notPickedUp: level >= 3 };
  await deliverVia(ctx, tx, row, ctx.inApp, { eventType: 'alert.escalated', recipient: recipients.join(',') || `site:${row.site_name}`, payload: { alert, level, recipients, callPrompt: true } }, now, SYSTEM);
  if (level === 1 && req?.contact_phone) await deliverVia(ctx, tx, row, ctx.sms, { eventType: 'alert.escalated', recipient: `phone:${req.contact_phone}`, payload: {} }, now, SYSTEM);
  if (level === 2) await deliverVia(ctx, tx, row, ctx.phone, { eventType: 'alert.escalated', recipient: recipients[0], payload: {} }, now, SYSTEM);
}
