import type { AmendRequest, CreateReportRequest, KeyImage, Report, ReportContent, ReportSettings, ReportVersion, SaveDraftRequest, SignRequest } from '../../shared/api/reports.js';
import { isFinalised, type ReportStatus, type SignedStatus } from '../../shared/reports/status.js';
import { templateById } from '../../shared/reports/templates.js';
import { decide, type Action, type Principal } from '../access/policy.js';
import type { AuditEvent, AuditLog } from '../audit/log.js';
import { principalActor } from '../auth/service.js';
import type { Database, Queryable } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import { ApiError } from '../http/errors.js';
import type { ErrorCode } from '../../shared/i18n/errors.js';
import type { Worklist } from '../worklist/service.js';
import type { ArtefactBuilder, ArtefactArchiver } from './artefacts.js';
import { loadCriticalAlerts, loadStudyContext, type SignedDocument } from './document.js';
import type { KeyPicture } from './keyimages.js';
import type { EcgRecord } from '../../shared/ecg/index.js';
import { loadPdf, loadReportRow, loadVersions, toReport, toVersion, type ReportRow, type VersionRow } from './repo.js';

export const DIRECT_FINAL_KEY = 'reports.directFinalUsers';

export interface ReportsOptions {
  build: ArtefactBuilder;
  archive: ArtefactArchiver;
  /**
   * Hook before a report becomes final (critical-values module: `assertCanFinalise(tx, studyUid)`
   * refuses while a critical alert is unresolved). A no-op when that module is not wired in.
   */
  /** Renders key images for the PDF (built-in store); absent → the PDF lists none. */
  loadKeyPictures?: (q: Queryable, refs: KeyImage[]) => Promise<KeyPicture[]>;
  /** Reads the study's ECG for the PDF's true-scale ECG page (built-in store); absent → no ECG page. */
  loadEcg?: (q: Queryable, studyUid: string) => Promise<EcgRecord | null>;
  assertCanFinalise?: (tx: Queryable, studyUid: string, override?: { reason: string; userId: string }) => Promise<unknown>;
}

type Meta = { ip: string | null };

/**
 * Reports: drafts with versioned writes, sign → preliminary, verify → final, amend → new version.
 * Signed versions are snapshots (never edited); each carries its SR, PDF (bytes kept here, sha256
 * recorded) and optional KOS, archived to the study after the transaction commits.
 */
export class Reports {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly worklist: Worklist,
    private readonly opts: ReportsOptions,
  ) {}

  private auditFields(p: Principal, row: Pick<ReportRow, 'id' | 'study_instance_uid' | 'patient_id'>, meta: Meta) {
    return { ...principalActor(p), ip: meta.ip, reportId: row.id, studyUid: row.study_instance_uid, patientId: row.patient_id };
  }

  private scope(row: Pick<ReportRow, 'site_id' | 'kind'>) {
    return { siteId: row.site_id, kind: row.kind };
  }

  /** Township staff read signed reports of their own site only; anything else they ask for is 404. */
  private readable(p: Principal, row: ReportRow | undefined, id: string, meta: Meta): ReportRow {
    const allowed = row && decide(p, 'report.read', this.scope(row)).allowed && !(p.role === 'township_staff' && row.status === 'draft');
    if (!row || !allowed) {
      throw new Refusal(404, 'not_found', { ...principalActor(p), ip: meta.ip, action: 'report.read', outcome: 'denied', resource: `report:${id}`, studyUid: row?.study_instance_uid, reportId: row?.id });
    }
    return row;
  }

  private deny(p: Principal, row: ReportRow, action: string, meta: Meta, reason: string, code: 'forbidden' | 'report_not_author' | 'report_self_verify' = 'forbidden'): never {
    throw new Refusal(403, code, { ...this.auditFields(p, row, meta), action, outcome: 'denied', detail: { reason } });
  }

  private need(p: Principal, row: ReportRow, action: Action, audited: string, meta: Meta) {
    const d = decide(p, action, this.scope(row));
    if (!d.allowed) this.deny(p, row, audited, meta, d.reason);
  }

  /** Runs `fn`; a refusal is recorded in the audit trail after any transaction has rolled back. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Refusal) await this.audit.record(err.event);
      throw err;
    }
  }

  async directFinalUsers(q: Queryable = this.db): Promise<string[]> {
    const v = (await q.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [DIRECT_FINAL_KEY]))[0]?.value;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()) : [];
  }

  async settings(): Promise<ReportSettings> {
    return { directFinalUsers: await this.directFinalUsers() };
  }

  async saveSettings(p: Principal, s: ReportSettings, meta: Meta): Promise<ReportSettings> {
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = now()', [DIRECT_FINAL_KEY, JSON.stringify(s.directFinalUsers)]);
      await this.audit.record({ ...principalActor(p), ip: meta.ip, action: 'report.settings', outcome: 'allowed', detail: { directFinalUsers: s.directFinalUsers } }, tx);
    });
    return this.settings();
  }

  /**
   * Who verifies: `report.verify` (senior radiologists, imaging). ECG reports: an ecg_reader listed
   * in the direct-final setting (the alliance's senior ECG readers) verifies other readers' ECGs;
   * policy.ts is unchanged.
   */
  private canVerify(p: Principal, row: ReportRow, direct: string[]): boolean {
    if (decide(p, 'report.verify', this.scope(row)).allowed) return true;
    return row.kind === 'ecg' && p.role === 'ecg_reader' && direct.includes(p.username.toLowerCase()) && decide(p, 'report.write', this.scope(row)).allowed;
  }

  private async view(q: Queryable, p: Principal, row: ReportRow): Promise<Report> {
    return toReport(row, await loadVersions(q, row.id), p.role === 'township_staff');
  }

  async get(p: Principal, id: string, meta: Meta): Promise<Report> {
    return this.guard(() => this.getInner(p, id, meta));
  }

  private async getInner(p: Principal, id: string, meta: Meta): Promise<Report> {
    const row = this.readable(p, await loadReportRow(this.db, id), id, meta);
    await this.audit.record({ ...this.auditFields(p, row, meta), action: 'report.read', outcome: 'allowed', detail: { status: row.status } });
    return this.view(this.db, p, row);
  }

  async getByTask(p: Principal, taskId: string, meta: Meta): Promise<Report> {
    const id = (await this.db.query<{ id: string }>('SELECT id FROM reports WHERE task_id = $1', [taskId]))[0]?.id;
    if (!id) {
      await this.audit.record({ ...principalActor(p), ip: meta.ip, action: 'report.read', outcome: 'denied', resource: `task:${taskId}` });
      throw new ApiError(404, 'not_found');
    }
    return this.get(p, id, meta);
  }

  async version(p: Principal, id: string, n: number, meta: Meta): Promise<ReportVersion> {
    return this.guard(async () => {
    const row = this.readable(p, await loadReportRow(this.db, id), id, meta);
    const v = (await loadVersions(this.db, id)).find((x) => x.number === n);
    if (!v) throw new ApiError(404, 'not_found');
    await this.audit.record({ ...this.auditFields(p, row, meta), action: 'report.read', outcome: 'allowed', detail: { version: n } });
    return toVersion(v);
    });
  }

  /** The PDF of record of one version: exactly the bytes whose sha256 is on the version. */
  async pdf(p: Principal, id: string, n: number, purpose: 'open' | 'print', meta: Meta): Promise<{ bytes: Uint8Array; sha256: string; row: ReportRow }> {
    return this.guard(async () => {
    const row = this.readable(p, await loadReportRow(this.db, id), id, meta);
    if (purpose === 'print') this.need(p, row, 'report.print', 'report.print', meta);
    const pdf = await loadPdf(this.db, id, n);
    if (!pdf) throw new ApiError(404, 'not_found');
    await this.audit.record({ ...this.auditFields(p, row, meta), action: `report.${purpose}`, outcome: 'allowed', detail: { version: n, sha256: pdf.pdf_sha256 } });
    return { bytes: pdf.pdf, sha256: pdf.pdf_sha256, row };
    });
  }

  /** Starts the report of a task (idempotent). The caller must hold the task's claim. */
  async create(p: Principal, req: CreateReportRequest, meta: Meta): Promise<Report> {
    const existing = (await this.db.query<{ id: string }>('SELECT id FROM reports WHERE task_id = $1', [req.taskId]))[0];
    if (existing) return this.get(p, existing.id, meta);
    const task = await this.worklist.get(p, req.taskId, meta.ip);
    const d = decide(p, 'report.write', { siteId: task.site_id, kind: task.kind });
    if (!d.allowed) {
      await this.audit.record({ ...principalActor(p), ip: meta.ip, action: 'report.create', outcome: 'denied', studyUid: task.study_instance_uid, patientId: task.patient_id, detail: { reason: d.reason } });
      throw new ApiError(403, 'forbidden');
    }
    if (task.state !== 'claimed' || task.claimed_by !== p.id || (task.lease_expires_at?.getTime() ?? 0) <= Date.now()) throw new ApiError(409, 'report_needs_claim');
    const tpl = req.templateId ? templateById(req.templateId) : undefined;
    if (req.templateId && !tpl) throw new ApiError(400, 'bad_request', { detail: `unknown template ${req.templateId}` });
    const lang = 'zh-CN' as const;
    const id = await this.db.transaction(async (tx) => {
      const ins = await tx.query<{ id: string }>(
        `INSERT INTO reports (task_id, study_instance_uid, kind, site_id, status, template_id, language, findings, impression, author_id, saved_by)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $9) ON CONFLICT (task_id) DO NOTHING RETURNING id`,
        [task.id, task.study_instance_uid, task.kind, task.site_id, tpl?.id ?? null, lang, tpl?.findings[lang] ?? '', tpl?.impression[lang] ?? '', p.id],
      );
      const rid = ins[0]?.id ?? (await tx.query<{ id: string }>('SELECT id FROM reports WHERE task_id = $1', [task.id]))[0].id;
      if (ins.length) {
        await this.audit.record({ ...principalActor(p), ip: meta.ip, action: 'report.create', outcome: 'allowed', reportId: rid, studyUid: task.study_instance_uid, patientId: task.patient_id, detail: { templateId: tpl?.id ?? null } }, tx);
      }
      return rid;
    });
    return this.get(p, id, meta);
  }

  private stale(p: Principal, row: ReportRow, baseVersion: number, action: string, meta: Meta): void {
    if (row.version === baseVersion) return;
    throw new Refusal(
      409,
      'report_stale',
      { ...this.auditFields(p, row, meta), action, outcome: 'failed', detail: { reason: 'stale', baseVersion, current: row.version, savedBy: row.saver_username } },
      { name: row.saver_name, at: row.saved_at.toISOString() },
      { version: row.version, savedBy: { id: row.saved_by, username: row.saver_username, displayName: row.saver_name }, savedAt: row.saved_at.toISOString() },
    );
  }

  private async writeContent(tx: Queryable, p: Principal, row: ReportRow, c: ReportContent, status: ReportStatus = row.status) {
    await tx.query(
      `UPDATE reports SET template_id = $2, language = $3, findings = $4, impression = $5, key_images = $6, status = $7,
              version = version + 1, saved_by = $8, saved_at = now(), measurements = $9 WHERE id = $1`,
      [row.id, c.templateId ?? row.template_id, c.language, c.findings, c.impression, JSON.stringify(c.keyImages), status, p.id, JSON.stringify(c.measurements ?? [])],
    );
  }

  /** Loads the row under a lock; checks who may change it and the base version (inside `tx`). */
  private async lockFor(tx: Queryable, p: Principal, id: string, meta: Meta) {
    return this.readable(p, await loadReportRow(tx, id, true), id, meta);
  }

  async saveDraft(p: Principal, id: string, req: SaveDraftRequest, meta: Meta): Promise<Report> {
    const direct = await this.directFinalUsers();
    const row = await this.guard(() => this.db.transaction(async (tx) => {
      const r = await this.lockFor(tx, p, id, meta);
      if (isFinalised(r.status)) throw new ApiError(409, 'report_finalised');
      if (r.status === 'draft') {
        this.need(p, r, 'report.write', 'report.save', meta);
        if (r.author_id !== p.id) this.deny(p, r, 'report.save', meta, 'only the author edits a draft', 'report_not_author');
      } else if (!this.canVerify(p, r, direct) || r.author_id === p.id) {
        // A preliminary report is edited only by the verifier, just before verifying.
        this.deny(p, r, 'report.save', meta, 'a preliminary report is edited by its verifier');
      }
      this.stale(p, r, req.baseVersion, 'report.save', meta);
      await this.writeContent(tx, p, r, req);
      await this.audit.record({ ...this.auditFields(p, r, meta), action: 'report.save', outcome: 'allowed', detail: { version: r.version + 1, status: r.status } }, tx);
      return (await loadReportRow(tx, id))!;
    }));
    return this.view(this.db, p, row);
  }

  /** The author signs: preliminary, or final at once for readers named in the direct-final setting. */
  async sign(p: Principal, id: string, req: SignRequest, meta: Meta): Promise<Report> {
    const direct = await this.directFinalUsers();
    return this.signed(p, id, meta, async (tx, r) => {
      if (r.status !== 'draft') throw new ApiError(409, 'report_not_draft', { status: r.status });
      this.need(p, r, 'report.write', 'report.sign', meta);
      if (r.author_id !== p.id) this.deny(p, r, 'report.sign', meta, 'only the author signs', 'report_not_author');
      this.stale(p, r, req.baseVersion, 'report.sign', meta);
      const final = direct.includes(p.username.toLowerCase());
      const status: SignedStatus = final ? 'final' : 'preliminary';
      const now = new Date();
      return { status, content: req.content, authorAt: now, verifier: final ? p : null, verifiedAt: final ? now : null, amend: null, event: 'report.signed', audit: 'report.sign', override: req.criticalOverrideReason };
    });
  }

  /** A second reader verifies a preliminary report (possibly after editing it): final, both names kept. */
  async verify(p: Principal, id: string, req: SignRequest, meta: Meta): Promise<Report> {
    const direct = await this.directFinalUsers();
    return this.signed(p, id, meta, async (tx, r, versions) => {
      if (!this.canVerify(p, r, direct)) this.deny(p, r, 'report.verify', meta, 'only a senior reader verifies reports');
      if (r.status !== 'preliminary') throw new ApiError(409, 'report_not_preliminary', { status: r.status });
      if (r.author_id === p.id) this.deny(p, r, 'report.verify', meta, 'the author cannot verify their own report', 'report_self_verify');
      this.stale(p, r, req.baseVersion, 'report.verify', meta);
      const prev = versions[versions.length - 1];
      return { status: 'final', content: req.content, authorAt: prev.signed_at, verifier: p, verifiedAt: new Date(), amend: null, event: 'report.verified', audit: 'report.verify', override: req.criticalOverrideReason };
    });
  }

  /** Final reports change only by amendment: a new version with a reason; the township is told. */
  async amend(p: Principal, id: string, req: AmendRequest, meta: Meta): Promise<Report> {
    const direct = await this.directFinalUsers();
    return this.signed(p, id, meta, async (tx, r, versions) => {
      const authorDirect = r.author_id === p.id && direct.includes(p.username.toLowerCase()) && decide(p, 'report.write', this.scope(r)).allowed;
      if (!this.canVerify(p, r, direct) && !authorDirect) this.deny(p, r, 'report.amend', meta, 'amendments are made by a verifier');
      if (!isFinalised(r.status)) throw new ApiError(409, 'report_not_final', { status: r.status });
      this.stale(p, r, req.baseVersion, 'report.amend', meta);
      const prev = versions[versions.length - 1];
      const now = new Date();
      return { status: 'amended', content: req, authorAt: prev.signed_at, verifier: p, verifiedAt: now, amend: { by: p, reason: req.reason, at: now }, event: 'report.amended', audit: 'report.amend', override: req.criticalOverrideReason };
    });
  }

  private async signed(
    p: Principal,
    id: string,
    meta: Meta,
    plan: (tx: Queryable, r: ReportRow, versions: VersionRow[]) => Promise<{
      status: SignedStatus;
      content: ReportContent | undefined;
      authorAt: Date;
      verifier: Principal | null;
      verifiedAt: Date | null;
      amend: { by: Principal; reason: string; at: Date } | null;
      event: 'report.signed' | 'report.verified' | 'report.amended';
      audit: string;
      override?: string;
    }>,
  ): Promise<Report> {
    // The ECG waveform for the PDF's paper page is read before the transaction: in upstream mode it
    // comes from the PACS, and a slow PACS must not hold the signing transaction (with PGlite, the
    // whole hub's database) open. A report's kind and study never change, so this read is safe.
    // Only ECG readers sign ECG reports: nobody else makes the hub fetch a waveform.
    const pre = this.opts.loadEcg && p.role === 'ecg_reader' ? await loadReportRow(this.db, id) : undefined;
    const ecg = pre?.kind === 'ecg' && this.opts.loadEcg ? await this.opts.loadEcg(this.db, pre.study_instance_uid) : null;
    const { row, number } = await this.guard(() => this.db.transaction(async (tx) => {
      const r0 = await this.lockFor(tx, p, id, meta);
      const versions = await loadVersions(tx, id);
      const s = await plan(tx, r0, versions);
      if (s.status !== 'preliminary') {
        await this.opts.assertCanFinalise?.(tx, r0.study_instance_uid, s.override ? { reason: s.override, userId: p.id } : undefined);
      }
      if (s.content) await this.writeContent(tx, p, r0, s.content, s.status);
      else await tx.query('UPDATE reports SET status = $2, version = version + 1, saved_by = $3, saved_at = now() WHERE id = $1', [id, s.status, p.id]);
      const r = (await loadReportRow(tx, id))!;
      const orgs = await tx.query<{ id: string; name: string }>('SELECT u.id, si.name FROM users u JOIN sites si ON si.id = u.site_id WHERE u.id = ANY($1)', [[r.author_id, s.verifier?.id ?? r.author_id]]);
      const org = (uid: string) => orgs.find((o) => o.id === uid)?.name ?? '';
      const prev = versions[versions.length - 1];
      const doc: SignedDocument = {
        reportId: id,
        number: versions.length + 1,
        status: s.status,
        kind: r.kind,
        language: r.language,
        findings: r.findings,
        impression: r.impression,
        keyImages: r.key_images ?? [],
        measurements: r.measurements ?? [],
        author: { name: r.author_name, username: r.author_username, at: s.authorAt, organisation: org(r.author_id) },
        verifier: s.verifier && s.verifiedAt ? { name: s.verifier.displayName, username: s.verifier.username, at: s.verifiedAt, organisation: org(s.verifier.id) } : null,
        amendment: s.amend ? { reason: s.amend.reason, by: s.amend.by.displayName, at: s.amend.at } : null,
        predecessor: prev
          ? { srSopInstanceUid: prev.sr_sop_uid, seriesInstanceUid: '', measurementSrSopInstanceUid: versions.findLast((v) => v.msr_sop_uid)?.msr_sop_uid ?? null }
          : null,
        study: await loadStudyContext(tx, r.study_instance_uid),
        criticalAlerts: await loadCriticalAlerts(tx, r.study_instance_uid),
        keyPictures: r.key_images?.length && this.opts.loadKeyPictures ? await this.opts.loadKeyPictures(tx, r.key_images) : [],
        ecg: r.kind === 'ecg' ? ecg : null,
      };
      const built = await this.opts.build(doc);
      await tx.query(
        `INSERT INTO report_versions (report_id, number, status, template_id, language, findings, impression, key_images, author_id, signed_at,
           verifier_id, verified_at, amended_by, amend_reason, sr_sop_uid, pdf_sop_uid, kos_sop_uid, pdf, pdf_sha256, measurements, msr_sop_uid)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
        [id, doc.number, s.status, r.template_id, r.language, r.findings, r.impression, JSON.stringify(doc.keyImages), r.author_id, s.authorAt,
          s.verifier?.id ?? null, s.verifiedAt, s.amend?.by.id ?? null, s.amend?.reason ?? null, built.srSopInstanceUid, built.pdfSopInstanceUid,
          built.kosSopInstanceUid, built.pdf, built.pdfSha256, JSON.stringify(doc.measurements), built.measurementSrSopInstanceUid],
      );
      await this.worklist.markReported(tx, r.task_id, s.status, p.id);
      await this.events.publish({ type: s.event, siteId: r.site_id, kind: r.kind, payload: { report: { id, taskId: r.task_id, studyInstanceUid: r.study_instance_uid, status: s.status, version: doc.number, reason: s.amend?.reason ?? null } } }, tx);
      await this.audit.record({ ...this.auditFields(p, r, meta), action: s.audit, outcome: 'allowed', detail: { version: doc.number, status: s.status, sr: built.srSopInstanceUid, pdfSha256: built.pdfSha256, reason: s.amend?.reason ?? null } }, tx);
      for (const [seq, inst] of built.instances.entries()) {
        await tx.query('INSERT INTO report_outbox (report_id, number, seq, site_id, sop_instance_uid, bytes) VALUES ($1, $2, $3, $4, $5, $6)', [id, doc.number, seq, r.site_id, inst.sopInstanceUid, inst.bytes]);
      }
      return { row: r, number: doc.number };
    }));
    await this.archivePending({ reportId: id, number });
    return this.view(this.db, p, row);
  }

  /**
   * Stores pending outbox objects in the study (after commit; also the background retry). A
   * version is marked archived when all its objects are stored; a failure is kept on the version
   * (`archiveError`) and audited, and the next run tries again.
   */
  async archivePending(only?: { reportId: string; number: number }, limit = 50): Promise<number> {
    const rows = await this.db.query<{ report_id: string; number: number; seq: number; site_id: string | null; bytes: Uint8Array }>(
      `SELECT report_id, number, seq, site_id, bytes FROM report_outbox WHERE stored_at IS NULL
         ${only ? 'AND report_id = $1 AND number = $2' : ''} ORDER BY report_id, number, seq LIMIT ${Number(limit)}`,
      only ? [only.reportId, only.number] : [],
    );
    const touched = new Map<string, { reportId: string; number: number; error: string | null }>();
    for (const r of rows) {
      const key = `${r.report_id}:${r.number}`;
      const t = touched.get(key) ?? { reportId: r.report_id, number: r.number, error: null };
      touched.set(key, t);
      try {
        await this.opts.archive(r.bytes, r.site_id);
        await this.db.query('UPDATE report_outbox SET stored_at = now(), attempts = attempts + 1, last_error = NULL WHERE report_id = $1 AND number = $2 AND seq = $3', [r.report_id, r.number, r.seq]);
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        t.error = message;
        await this.db.query('UPDATE report_outbox SET attempts = attempts + 1, last_error = $4 WHERE report_id = $1 AND number = $2 AND seq = $3', [r.report_id, r.number, r.seq, message]);
      }
    }
    let stored = 0;
    for (const t of touched.values()) {
      const left = await this.db.query('SELECT 1 FROM report_outbox WHERE report_id = $1 AND number = $2 AND stored_at IS NULL', [t.reportId, t.number]);
      if (!left.length) {
        stored++;
        await this.db.query('UPDATE report_versions SET archived_at = now(), archive_error = NULL WHERE report_id = $1 AND number = $2', [t.reportId, t.number]);
      } else {
        await this.db.query('UPDATE report_versions SET archive_error = $3 WHERE report_id = $1 AND number = $2', [t.reportId, t.number, t.error ?? 'pending']);
        await this.audit.record({ action: 'report.archive', outcome: 'failed', reportId: t.reportId, detail: { version: t.number, error: (t.error ?? '').slice(0, 200) } });
      }
    }
    return stored;
  }
}

/** A refusal that is recorded in the audit trail once the transaction it happened in has rolled back. */
class Refusal extends ApiError {
  constructor(status: number, code: ErrorCode, readonly event: AuditEvent, params: Record<string, string | number> = {}, details?: unknown) {
    super(status, code, params, details);
  }
}
