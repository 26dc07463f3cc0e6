import type { AuditEntry, AuditQuery, AuditVerifyResult } from '../../shared/api/audit.js';
import type { Database, Queryable } from '../db/database.js';
import { chainHash, GENESIS_HASH, type ChainedFields } from './chain.js';

export interface AuditActor {
  userId?: string | null;
  username?: string | null;
  role?: string | null;
  siteId?: string | null;
  ip?: string | null;
}

export interface AuditEvent extends AuditActor {
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  patientId?: string | null;
  studyUid?: string | null;
  reportId?: string | null;
  alertId?: string | null;
  resource?: string | null;
  detail?: Record<string, unknown> | null;
}

// Serialises appends across every hub on the database, so the chain has one order.
const AUDIT_LOCK = 864201;

interface AuditRow {
  seq: string | number;
  at: Date;
  user_id: string | null;
  username: string | null;
  role: string | null;
  site_id: string | null;
  ip: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  study_uid: string | null;
  report_id: string | null;
  alert_id: string | null;
  resource: string | null;
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

function toFields(r: AuditRow): ChainedFields {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    userId: r.user_id,
    username: r.username,
    role: r.role,
    siteId: r.site_id,
    ip: r.ip,
    action: r.action,
    outcome: r.outcome,
    patientId: r.patient_id,
    studyUid: r.study_uid,
    reportId: r.report_id,
    alertId: r.alert_id,
    resource: r.resource,
    detail: r.detail,
  };
}

/** The append-only audit trail (who, when, from where, what, which patient/study/report/alert, outcome). */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /**
   * Appends one event. Pass `tx` to make the audit row part of the caller's transaction (the action
   * and its record commit together); otherwise it commits on its own.
   */
  async record(event: AuditEvent, tx?: Queryable): Promise<number> {
    if (tx) return this.append(tx, event);
    return this.db.transaction((t) => this.append(t, event));
  }

  private async append(tx: Queryable, e: AuditEvent): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const last = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const seq = last.length ? Number(last[0].seq) + 1 : 1;
    const prevHash = last.length ? last[0].hash : GENESIS_HASH;
    const fields: ChainedFields = {
      seq,
      at: new Date().toISOString(),
      userId: e.userId ?? null,
      username: e.username ?? null,
      role: e.role ?? null,
      siteId: e.siteId ?? null,
      ip: e.ip ?? null,
      action: e.action,
      outcome: e.outcome,
      patientId: e.patientId ?? null,
      studyUid: e.studyUid ?? null,
      reportId: e.reportId ?? null,
      alertId: e.alertId ?? null,
      resource: e.resource ?? null,
      detail: e.detail ?? null,
    };
    const hash = chainHash(prevHash, fields);
    await tx.query(
      `INSERT INTO audit_log (seq, at, user_id, username, role, site_id, ip, action, outcome, patient_id, study_uid,
         report_id, alert_id, resource, detail, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        seq,
        fields.at,
        fields.userId,
        fields.username,
        fields.role,
        fields.siteId,
        fields.ip,
        fields.action,
        fields.outcome,
        fields.patientId,
        fields.studyUid,
        fields.reportId,
        fields.alertId,
        fields.resource,
        fields.detail === null ? null : JSON.stringify(fields.detail),
        prevHash,
        hash,
      ],
    );
    return seq;
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.patientId) add('patient_id = ?', q.patientId);
    if (q.userId) add('user_id = ?', q.userId);
    if (q.username) add('lower(username) = lower(?)', q.username);
    if (q.studyUid) add('study_uid = ?', q.studyUid);
    if (q.action) add('action = ?', q.action);
    if (q.outcome) add('outcome = ?', q.outcome);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    if (q.beforeSeq) add('seq < ?', q.beforeSeq);
    params.push(q.limit);
    const rows = await this.db.query<AuditRow>(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...toFields(r), outcome: r.outcome as AuditEntry['outcome'] }));
  }

  /** Walks the chain from the start and reports the first row whose link or content does not hold. */
  async verify(batch = 5000): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.db.query<AuditRow>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, batch]);
      if (!rows.length) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expectedSeq) return { ok: false, checked, firstBrokenSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
        if (r.prev_hash !== prevHash) return { ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
        if (chainHash(prevHash, toFields(r)) !== r.hash) return { ok: false, checked, firstBrokenSeq: seq, reason: `row ${seq} was altered after it was written` };
        prevHash = r.hash;
        expectedSeq++;
        checked++;
      }
    }
    return { ok: true, checked, firstBrokenSeq: null, reason: null };
  }
}
