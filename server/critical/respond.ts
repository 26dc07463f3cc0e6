import type { AcknowledgeAlert, Alert, RecordAction } from '../../shared/api/critical.js';
import { checkPatient, readBackMatches, type PatientConfirmation } from '../../shared/critical/readback.js';
import { nextState, type AlertEvent } from '../../shared/critical/state.js';
import { decide, type Principal } from '../access/policy.js';
import { principalActor } from '../auth/service.js';
import type { Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';
import { auditAlert, deliverVia, storeTimers, type CriticalContext } from './context.js';
import { appendLog, loadAlert, loadLogs, toAlert, type AlertRow } from './repo.js';
import type { AlertReader } from './service.js';

/** The township's side of the loop (acknowledge with read-back, redirect, action) and closing. */
export class AlertResponder {
  constructor(
    private readonly ctx: CriticalContext,
    private readonly reader: AlertReader,
  ) {}

  private async announce(tx: Queryable, id: string): Promise<Alert> {
    const row = (await loadAlert(tx, id))!;
    const alert = toAlert(row, (await loadLogs(tx, [id], true)).get(id));
    await this.ctx.events.publish({ type: 'alert.updated', siteId: row.site_id, kind: row.kind, payload: { alert } }, tx);
    return alert;
  }

  /**
   * Checks (outside any transaction, so a refusal's audit row is kept) that the caller may act on
   * the alert with `action`; then `lock` re-reads it FOR UPDATE inside the caller's transaction and
   * checks that its current state allows `ev`.
   */
  private async permit(p: Principal, id: string, ip: string | null, action: 'alert.acknowledge' | 'alert.raise' | 'alert.read', ev: AlertEvent): Promise<void> {
    const row = await this.reader.visible(p, id, ip);
    const d = decide(p, action, { siteId: row.site_id, kind: row.kind });
    if (!d.allowed) {
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: `critical.${ev}`, outcome: 'denied', detail: { reason: d.reason } });
      throw new ApiError(403, 'forbidden');
    }
  }

  private async lock(tx: Queryable, id: string, ev: AlertEvent): Promise<AlertRow> {
    const row = (await loadAlert(tx, id, true))!;
    if (!nextState(row.state, ev)) throw new ApiError(409, 'critical_state', { state: row.state });
    return row;
  }

  private async patientMatches(tx: Queryable, row: AlertRow, given: PatientConfirmation): Promise<boolean> {
    const st = (await tx.query<{ patient_birth_date: string | null }>('SELECT patient_birth_date FROM studies WHERE study_instance_uid = $1', [row.study_instance_uid]))[0];
    return checkPatient({ patientId: row.patient_id, name: row.patient_name, nameIdeographic: row.patient_name_ideographic, birthDate: st?.patient_birth_date ?? null }, given).ok;
  }

  async acknowledge(p: Principal, id: string, body: AcknowledgeAlert, ip: string | null): Promise<Alert> {
    const now = this.ctx.opts.now();
    await this.permit(p, id, ip, 'alert.acknowledge', 'acknowledge');
    const outcome = await this.ctx.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, 'acknowledge');
      const patientOk = body.patient ? (await this.patientMatches(tx, row, body.patient)) : true;
      const ok = patientOk && readBackMatches(body.readBack, row.items);
      await appendLog(tx, { alertId: id, at: now, type: ok ? 'acknowledged' : patientOk ? 'read_back_mismatch' : 'ack_patient_mismatch', userId: p.id, detail: { receiverName: body.receiverName, readBack: body.readBack, patientMatch: patientOk } });
      await this.ctx.audit.record(
        { ...principalActor(p), ip, ...auditAlert(row), action: 'critical.acknowledge', outcome: ok ? 'allowed' : 'failed', detail: { receiverName: body.receiverName, readBack: body.readBack, match: ok, patientMatch: patientOk } },
        tx,
      );
      if (!ok) {
        if (patientOk) await tx.query('UPDATE critical_alerts SET read_back_mismatches = read_back_mismatches + 1 WHERE id = $1', [id]);
        return { failed: patientOk ? ('readback' as const) : ('patient' as const) }; // committed: the failed attempt stays on record
      }
      await tx.query(
        `UPDATE critical_alerts SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, receiver_name = $4, receiver_phone = $5, read_back = $6, version = version + 1 WHERE id = $1`,
        [id, now, p.id, body.receiverName, body.receiverPhone, body.readBack],
      );
      await storeTimers(this.ctx, tx, (await loadAlert(tx, id))!);
      return this.announce(tx, id);
    });
    if ('failed' in outcome) {
      if (outcome.failed === 'patient') throw new ApiError(422, 'critical_patient_mismatch', { fieldsZh: '患者身份', fieldsEn: 'patient identity' });
      throw new ApiError(422, 'critical_readback_mismatch');
    }
    return outcome;
  }

  /** "Not my patient": recorded with a reason; the alert stays open (reminders, escalation) and the reader is told to phone. */
  async redirect(p: Principal, id: string, body: { reason: string; redirectTo: string }, ip: string | null): Promise<Alert> {
    const now = this.ctx.opts.now();
    await this.permit(p, id, ip, 'alert.acknowledge', 'redirect');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, 'redirect');
      await tx.query('UPDATE critical_alerts SET redirect_reason = $2, version = version + 1 WHERE id = $1', [id, body.reason]);
      await appendLog(tx, { alertId: id, at: now, type: 'redirected', userId: p.id, detail: body });
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: 'critical.redirect', outcome: 'allowed', detail: body }, tx);
      const alert = toAlert((await loadAlert(tx, id))!);
      await this.ctx.events.publish({ type: 'alert.redirected', siteId: row.site_id, kind: row.kind, payload: { alert, reason: body.reason, redirectTo: body.redirectTo } }, tx);
      return this.announce(tx, id);
    });
  }

  async recordAction(p: Principal, id: string, body: RecordAction, ip: string | null): Promise<Alert> {
    const now = this.ctx.opts.now();
    await this.permit(p, id, ip, 'alert.acknowledge', 'record_action');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, 'record_action');
      await tx.query(
        `UPDATE critical_alerts SET state = 'actioned', action_what = $2, action_who = $3, action_when = $4, action_referral = $5, action_recorded_at = $6, action_by = $7, version = version + 1 WHERE id = $1`,
        [id, body.what, body.who, body.when, body.referral, now, p.id],
      );
      await appendLog(tx, { alertId: id, at: now, type: 'action', userId: p.id, detail: body });
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: 'critical.action', outcome: 'allowed', detail: body }, tx);
      await storeTimers(this.ctx, tx, (await loadAlert(tx, id))!);
      return this.announce(tx, id);
    });
  }

  /**
   * Closing: after the action, by the township or the raising reader; at any time by a supervisor,
   * with a reason (an alert ends acknowledged and actioned, or closed by a supervisor — never forgotten).
   */
  async close(p: Principal, id: string, reason: string, ip: string | null): Promise<Alert> {
    const now = this.ctx.opts.now();
    const supervisor = p.role === 'supervisor';
    if (supervisor && !reason.trim()) throw new ApiError(422, 'critical_reason_required');
    const ev = supervisor ? 'supervisor_close' : 'close';
    await this.permit(p, id, ip, supervisor ? 'alert.read' : p.role === 'township_staff' ? 'alert.acknowledge' : 'alert.raise', ev);
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, ev);
      await tx.query("UPDATE critical_alerts SET state = 'closed', closed_at = $2, closed_by = $3, close_reason = $4, next_due_at = NULL, version = version + 1 WHERE id = $1", [id, now, p.id, reason || null]);
      await appendLog(tx, { alertId: id, at: now, type: 'closed', userId: p.id, detail: { reason, bySupervisor: supervisor, fromState: row.state } });
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: 'critical.close', outcome: 'allowed', detail: { reason, fromState: row.state } }, tx);
      return this.announce(tx, id);
    });
  }

  /** The reader phones the township (prompted on escalation) and records the outcome: a manual delivery attempt. */
  async recordCall(p: Principal, id: string, body: { outcome: 'answered' | 'no_answer'; calledNumber: string; note: string }, ip: string | null): Promise<Alert> {
    const now = this.ctx.opts.now();
    await this.permit(p, id, ip, 'alert.raise', 'deliver');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.lock(tx, id, 'deliver');
      const manual = { channel: 'manual_phone' as const, deliver: async () => ({ status: body.outcome, message: body.note }) };
      await deliverVia(this.ctx, tx, row, manual, { eventType: 'alert.call', recipient: body.calledNumber || 'phone', payload: {} }, now, { ...principalActor(p), ip });
      return this.announce(tx, id);
    });
  }
}
