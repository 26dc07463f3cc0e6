import type { Alert, AlertDetail, RaiseAlert } from '../../shared/api/critical.js';
import { checkPatient } from '../../shared/critical/readback.js';
import type { CriticalDomain } from '../../shared/critical/types.js';
import { taskKindsFor } from '../../shared/domain/worklist.js';
import { decide, type Principal } from '../access/policy.js';
import { principalActor } from '../auth/service.js';
import type { Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';
import { auditAlert, deliverVia, storeTimers, type CriticalContext } from './context.js';
import { ALERT_SELECT, appendLog, loadAlert, loadLogs, toAlert, toDetail, type AlertItem, type AlertRow } from './repo.js';

const FIELD_LABELS = { patientId: ['患者ID', 'patient ID'], name: ['姓名', 'name'], birthDate: ['出生日期', 'birth date'], second_identifier_missing: ['第二识别信息（姓名或出生日期）', 'a second identifier (name or birth date)'] } as const;
const addMin = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

interface StudyRow {
  site_id: string | null;
  patient_id: string | null;
  patient_name: string | null;
  patient_name_ideographic: string | null;
  patient_birth_date: string | null;
  modalities: string[];
}

/** Raise, read and guard: the reader's side of the loop, and the report module's finalise check. */
export class AlertReader {
  constructor(private readonly ctx: CriticalContext) {}

  async raise(p: Principal, input: RaiseAlert, ip: string | null): Promise<Alert> {
    const { db, audit } = this.ctx;
    const now = this.ctx.opts.now();
    const study = (
      await db.query<StudyRow>(
        'SELECT site_id, patient_id, patient_name, patient_name_ideographic, patient_birth_date, modalities FROM studies WHERE study_instance_uid = $1',
        [input.studyInstanceUid],
      )
    )[0];
    const actor = { ...principalActor(p), ip, studyUid: input.studyInstanceUid, resource: `study:${input.studyInstanceUid}` };
    // The domain is the catalogue that holds the first code (codes are unique across domains).
    const ecgCatalogue = (await this.ctx.catalogues.get('ecg'))!;
    const domain: CriticalDomain = ecgCatalogue.items.some((i) => i.code === input.itemCodes[0]) ? 'ecg' : 'radiology';
    const kind = domain === 'ecg' ? 'ecg' : 'imaging';
    if (!study || !study.site_id || !decide(p, 'study.read', { siteId: study.site_id }).allowed) {
      await audit.record({ ...actor, action: 'critical.raise', outcome: 'denied', detail: { reason: study ? 'not visible' : 'no such study' } });
      throw new ApiError(404, 'not_found');
    }
    const may = decide(p, 'alert.raise', { siteId: study.site_id, kind });
    if (!may.allowed) {
      await audit.record({ ...actor, patientId: study.patient_id, action: 'critical.raise', outcome: 'denied', detail: { reason: may.reason } });
      throw new ApiError(403, 'forbidden');
    }
    const sops = (await db.query<{ sop_class_uid: string }>('SELECT DISTINCT sop_class_uid FROM instances WHERE study_instance_uid = $1', [input.studyInstanceUid])).map((r) => r.sop_class_uid);
    if (!taskKindsFor(study.modalities ?? [], sops).includes(kind)) throw new ApiError(422, 'critical_wrong_kind');
    const catalogue = domain === 'ecg' ? ecgCatalogue : (await this.ctx.catalogues.get(domain))!;
    const codes = [...new Set(input.itemCodes)];
    const unknown = codes.filter((c) => !catalogue.items.some((i) => i.code === c));
    if (unknown.length) throw new ApiError(422, 'critical_unknown_item', { codes: unknown.join(', '), domain: domain === 'ecg' ? 'ECG' : 'radiology' });
    const check = checkPatient(
      { patientId: study.patient_id, name: study.patient_name, nameIdeographic: study.patient_name_ideographic, birthDate: study.patient_birth_date },
      input.patient,
    );
    if (!check.ok) {
      // The identifiers typed are not kept (they may be another patient's); only which ones failed.
      await audit.record({ ...actor, patientId: study.patient_id, action: 'critical.raise', outcome: 'failed', detail: { reason: 'patient_mismatch', fields: check.mismatched } });
      throw new ApiError(
        422,
        'critical_patient_mismatch',
        { fieldsZh: check.mismatched.map((f) => FIELD_LABELS[f][0]).join('、'), fieldsEn: check.mismatched.map((f) => FIELD_LABELS[f][1]).join(', ') },
        { fields: check.mismatched },
      );
    }
    const items: AlertItem[] = catalogue.items
      .filter((i) => codes.includes(i.code))
      .map(({ code, zh, en, acrCategory, notifyMin, ackMin, actMin }) => ({ code, zh, en, acrCategory, notifyMin, ackMin, actMin }));
    const min = (k: 'notifyMin' | 'ackMin' | 'actMin') => Math.min(...items.map((i) => i[k]));
    const category = Math.min(...items.map((i) => i.acrCategory));
    return db.transaction(async (tx) => {
      const id = (
        await tx.query<{ id: string }>(
          `INSERT INTO critical_alerts (study_instance_uid, site_id, kind, domain, catalogue_version, item_codes, items, category, note, patient_check,
             state, raised_by, raised_at, notify_due_at, ack_due_at, action_due_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'raised',$11,$12,$13,$14,$15) RETURNING id`,
          [input.studyInstanceUid, study.site_id, kind, domain, catalogue.version, codes, JSON.stringify(items), category, input.note,
            JSON.stringify({ identifiers: check.identifiers, at: now.toISOString() }), p.id, now, addMin(now, min('notifyMin')), addMin(now, min('ackMin')), addMin(now, min('actMin'))],
        )
      )[0].id;
      await appendLog(tx, { alertId: id, at: now, type: 'raised', userId: p.id, detail: { codes, catalogueVersion: catalogue.version, patientIdentifiers: check.identifiers } });
      const row = (await loadAlert(tx, id))!;
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: 'critical.raise', outcome: 'allowed', detail: { codes, catalogueVersion: catalogue.version, category } }, tx);
      // Notify at once: the in-app push to every open session of the township site.
      await deliverVia(this.ctx, tx, row, this.ctx.inApp, { eventType: 'alert.raised', recipient: `site:${row.site_name}`, payload: { alert: toAlert(row) } }, now, { ...principalActor(p), ip });
      const req = (await tx.query<{ contact_phone: string }>('SELECT contact_phone FROM exam_requests WHERE study_instance_uid = $1', [row.study_instance_uid]))[0];
      await deliverVia(this.ctx, tx, row, this.ctx.sms, { eventType: 'alert.raised', recipient: req?.contact_phone ? `phone:${req.contact_phone}` : 'site contact (none on file)', payload: {} }, now, { ...principalActor(p), ip });
      await storeTimers(this.ctx, tx, row);
      const after = (await loadAlert(tx, id))!;
      return toAlert(after, (await loadLogs(tx, [id])).get(id));
    });
  }

  /** Alerts the caller may see (access in the WHERE clause). */
  async list(p: Principal, q: { studyUid?: string; state?: string | string[]; open?: boolean; limit: number }, ip: string | null): Promise<Alert[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (p.role === 'township_staff') add('a.site_id = ?', p.siteId);
    if (q.studyUid) add('a.study_instance_uid = ?', q.studyUid);
    if (q.state) add('a.state = ANY(?)', [q.state].flat());
    if (q.open !== undefined) where.push(q.open ? "a.state <> 'closed'" : "a.state = 'closed'");
    params.push(q.limit);
    const rows = await this.ctx.db.query<AlertRow>(`${ALERT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.raised_at DESC LIMIT $${params.length}`, params);
    const logs = await loadLogs(this.ctx.db, rows.map((r) => r.id), true);
    await this.ctx.audit.record({ ...principalActor(p), ip, action: 'critical.list', outcome: 'allowed', studyUid: q.studyUid ?? null, detail: { count: rows.length } });
    return rows.map((r) => toAlert(r, logs.get(r.id)));
  }

  /** Loads an alert the caller may read; 404 (audited) otherwise, so a guessed id reveals nothing. */
  async visible(p: Principal, id: string, ip: string | null): Promise<AlertRow> {
    const row = await loadAlert(this.ctx.db, id);
    if (!row || !decide(p, 'alert.read', { siteId: row.site_id, kind: row.kind }).allowed) {
      await this.ctx.audit.record({ ...principalActor(p), ip, action: 'critical.view', outcome: 'denied', resource: `alert:${id}`, studyUid: row?.study_instance_uid ?? null });
      throw new ApiError(404, 'not_found');
    }
    return row;
  }

  /** Opening an alert: audited for everyone, and logged on the alert when township staff open it. */
  async view(p: Principal, id: string, ip: string | null): Promise<AlertDetail> {
    const row = await this.visible(p, id, ip);
    await this.ctx.db.transaction(async (tx) => {
      if (p.role === 'township_staff') await appendLog(tx, { alertId: id, at: this.ctx.opts.now(), type: 'viewed', userId: p.id });
      await this.ctx.audit.record({ ...principalActor(p), ip, ...auditAlert(row), action: 'critical.view', outcome: 'allowed' }, tx);
    });
    return toDetail(row, (await loadLogs(this.ctx.db, [id])).get(id) ?? []);
  }

  /**
   * For the report module, inside its finalise transaction: refuses (409 critical_unacknowledged)
   * while an alert on the study is unacknowledged, unless a reason is given; the override is then
   * recorded on each alert and audited in the same transaction.
   */
  async assertCanFinalise(tx: Queryable, studyUid: string, override?: { reason: string; userId: string }): Promise<{ overridden: string[] }> {
    const open = await tx.query<AlertRow>(`${ALERT_SELECT} WHERE a.study_instance_uid = $1 AND a.state IN ('raised', 'notified') FOR UPDATE OF a`, [studyUid]);
    if (!open.length) return { overridden: [] };
    const reason = override?.reason.trim();
    if (!override || !reason) throw new ApiError(409, 'critical_unacknowledged', { count: open.length }, { alertIds: open.map((a) => a.id) });
    const user = (await tx.query<{ username: string; role: string; site_id: string }>('SELECT username, role, site_id FROM users WHERE id = $1', [override.userId]))[0];
    for (const a of open) {
      await appendLog(tx, { alertId: a.id, at: this.ctx.opts.now(), type: 'finalise_override', userId: override.userId, detail: { reason } });
      await this.ctx.audit.record(
        { userId: override.userId, username: user?.username, role: user?.role, siteId: user?.site_id, ...auditAlert(a), action: 'critical.finalise_override', outcome: 'allowed', detail: { reason } },
        tx,
      );
    }
    return { overridden: open.map((a) => a.id) };
  }
}
