import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { connectEvents, CT, ECG, insertStudy, newStudyUid, startTestHub, type TestHub } from './worklist.suite.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of API JSON

/**
 * Reports on the hub, run unchanged on PGlite (unit) and PostgreSQL 15 (system): versioned drafts,
 * sign → preliminary → verify → final, direct-final, amendments, township visibility, PDF of record,
 * and the audit trail.
 */
export function defineReportsSuite(label: string, openDb: () => Promise<Database>) {
  describe(`reports on ${label}`, () => {
    let db: Database;
    let t: TestHub;
    const tokens: Record<string, string> = {};
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

    /** A study at `siteCode` with an exam request, claimed by `who`, with its report started from a template. */
    const startReport = async (who = 'rad1', siteCode = 'QSX-DPZ', kind = CT, templateId = 'ct-chest') => {
      const uid = newStudyUid();
      const req = await call('PUT', '/api/exam-requests', siteCode === 'QSX-DPZ' ? 'town1' : 'town2', {
        studyInstanceUid: uid, clinicalHistory: '咳嗽两周，发热', examRequested: '胸部CT平扫', urgency: 'urgent', orderingClinician: '赵医生',
      });
      expect(req.statusCode, req.body).toBe(200);
      await insertStudy(db, { uid, siteCode, ...kind });
      const [task] = await t.hub.worklist.ensureTasksForStudy(uid);
      expect((await call('POST', `/api/tasks/${task.id}/claim`, who)).statusCode).toBe(200);
      const res = await call('POST', '/api/reports', who, { taskId: task.id, templateId });
      expect(res.statusCode, res.body).toBe(200);
      return { uid, task, report: res.json() as Json };
    };
    const setDirect = async (users: string[]) => expect((await call('PUT', '/api/reports/settings', 'admin', { directFinalUsers: users })).statusCode).toBe(200);
    const draft = (r: Json, baseVersion: number, findings: string, impression = '1. 右肺上叶结节，建议 6 个月后复查。') =>
      ({ baseVersion, findings, impression, language: 'zh-CN', templateId: r.templateId });

    beforeAll(async () => {
      db = await openDb();
      t = await startTestHub(db);
      for (const u of ['rad1', 'rad2', 'ecg1', 'town1', 'town2', 'admin']) tokens[u] = await t.token(u);
    });
    afterAll(async () => {
      await t?.close();
      await db?.close();
    });

    it('a claimed task gets one report from its template, with the exam request in the payload', async () => {
      const { task, report } = await startReport();
      expect(report).toMatchObject({ taskId: task.id, status: 'draft', version: 1, author: { username: 'rad1' }, templateId: 'ct-chest', versions: [] });
      expect(report.findings).toContain('双肺纹理清晰');
      expect(report.examRequest).toMatchObject({ clinicalHistory: '咳嗽两周，发热', examRequested: '胸部CT平扫', urgency: 'urgent', orderingClinician: '赵医生' });
      expect(report.patient).toMatchObject({ nameIdeographic: '张三' });
      // Idempotent; and someone who does not hold the claim cannot start one.
      expect((await call('POST', '/api/reports', 'rad1', { taskId: task.id })).json().id).toBe(report.id);
      expect((await call('GET', `/api/tasks/${task.id}/report`, 'rad2')).json().id).toBe(report.id);
      const uid = await insertStudy(db, { siteCode: 'QSX-DPZ', ...CT });
      const [other] = await t.hub.worklist.ensureTasksForStudy(uid);
      expect((await call('POST', '/api/reports', 'rad1', { taskId: other.id })).json().error.code).toBe('report_needs_claim');
      expect((await call('POST', '/api/reports', 'town1', { taskId: other.id })).statusCode).toBe(403);
    });

    it('versioned draft writes: a stale baseVersion is refused with who saved last, never overwritten', async () => {
      const { report } = await startReport();
      const s1 = await call('PUT', `/api/reports/${report.id}/draft`, 'rad1', draft(report, 1, '右肺上叶见一结节影，大小约 8 mm。'));
      expect(s1.statusCode, s1.body).toBe(200);
      expect(s1.json()).toMatchObject({ version: 2, findings: '右肺上叶见一结节影，大小约 8 mm。', savedBy: { username: 'rad1' } });
      const stale = await call('PUT', `/api/reports/${report.id}/draft`, 'rad1', draft(report, 1, 'an older window’s text'));
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'report_stale', details: { version: 2, savedBy: { username: 'rad1', displayName: '王磊' } } });
      expect(stale.json().error.message).toContain('王磊');
      expect((await call('GET', `/api/reports/${report.id}`, 'rad1')).json().findings).toBe('右肺上叶见一结节影，大小约 8 mm。');
      const notAuthor = await call('PUT', `/api/reports/${report.id}/draft`, 'rad2', draft(report, 2, 'x'));
      expect(notAuthor.statusCode).toBe(403);
      expect(notAuthor.json().error.code).toBe('report_not_author');
      const refused = await db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE report_id = $1 AND action = 'report.save' ORDER BY seq", [report.id]);
      expect(refused.map((r) => r.outcome)).toEqual(['allowed', 'failed', 'denied']);
    });

    it('sign → preliminary (task moves, township told); rad1 cannot verify; rad2 verifies with an edit → final, both names', async () => {
      await setDirect([]);
      const town = connectEvents(t.url, tokens.town1);
      await town.ready;
      const { task, report } = await startReport();
      const signed = await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1, content: draft(report, 1, '右肺上叶见一结节影，大小约 8 mm。') });
      expect(signed.statusCode, signed.body).toBe(200);
      const s = signed.json();
      expect(s).toMatchObject({ status: 'preliminary', versions: [{ number: 1, status: 'preliminary', author: { username: 'rad1' }, verifier: null }] });
      expect(s.versions[0].archivedAt).not.toBeNull();
      expect((await call('GET', `/api/tasks/${task.id}`, 'rad1')).json().state).toBe('preliminary');
      const ev = await town.waitFor((e) => e.type === 'report.signed' && (e.payload as Json).report?.id === report.id, 2000);
      expect((ev.payload as Json).report).toMatchObject({ status: 'preliminary', version: 1 });
      // The SR and the PDF are in the study's index.
      const stored = await db.query<{ sop_class_uid: string }>('SELECT sop_class_uid FROM instances WHERE sop_instance_uid = ANY($1) ORDER BY sop_class_uid', [[s.versions[0].srSopInstanceUid, s.versions[0].pdfSopInstanceUid]]);
      expect(stored.map((x) => x.sop_class_uid)).toEqual(['1.2.840.10008.5.1.4.1.1.104.1', '1.2.840.10008.5.1.4.1.1.88.22']);

      const again = await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: s.version });
      expect(again.json().error.code).toBe('report_not_draft');
      const byAuthor = await call('POST', `/api/reports/${report.id}/verify`, 'rad1', { baseVersion: s.version });
      expect(byAuthor.statusCode).toBe(403);
      expect((await call('POST', `/api/reports/${report.id}/verify`, 'ecg1', { baseVersion: s.version })).statusCode).toBe(403);
      const verified = await call('POST', `/api/reports/${report.id}/verify`, 'rad2', {
        baseVersion: s.version,
        content: draft(report, s.version, '右肺上叶尖段见一实性结节影，大小约 8 mm，边界清楚。'),
      });
      expect(verified.statusCode, verified.body).toBe(200);
      const v = verified.json();
      expect(v.status).toBe('final');
      expect(v.versions).toHaveLength(2);
      expect(v.versions[1]).toMatchObject({ number: 2, status: 'final', author: { username: 'rad1' }, verifier: { username: 'rad2', displayName: '李静' }, findings: '右肺上叶尖段见一实性结节影，大小约 8 mm，边界清楚。' });
      expect(v.versions[1].signedAt).toBe(v.versions[0].signedAt);
      expect((await call('GET', `/api/tasks/${task.id}`, 'rad1')).json().state).toBe('final');
      await town.waitFor((e) => e.type === 'report.verified' && (e.payload as Json).report?.id === report.id, 2000);
      // Final: no more draft edits.
      expect((await call('PUT', `/api/reports/${report.id}/draft`, 'rad2', draft(report, v.version, 'x'))).json().error.code).toBe('report_finalised');
      town.close();
    });

    it('the direct-final setting lets a listed reader sign final at once (ECG too); others still need a verifier', async () => {
      await setDirect(['rad1', 'ecg1']);
      try {
        const { report } = await startReport();
        const r = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1 })).json();
        expect(r).toMatchObject({ status: 'final', versions: [{ status: 'final', author: { username: 'rad1' }, verifier: { username: 'rad1' } }] });
        const ecg = await startReport('ecg1', 'QSX-XHX', ECG, 'ecg-12lead');
        expect((await call('POST', `/api/reports/${ecg.report.id}/sign`, 'ecg1', { baseVersion: 1 })).json().status).toBe('final');
        // Not listed: preliminary; a senior radiologist does not verify ECGs.
        await setDirect([]);
        const ecg2 = await startReport('ecg1', 'QSX-XHX', ECG, 'ecg-12lead');
        const pre = (await call('POST', `/api/reports/${ecg2.report.id}/sign`, 'ecg1', { baseVersion: 1 })).json();
        expect(pre.status).toBe('preliminary');
        expect((await call('POST', `/api/reports/${ecg2.report.id}/verify`, 'rad2', { baseVersion: pre.version })).statusCode).toBe(403);
      } finally {
        await setDirect([]);
      }
    });

    it('ECG reports are verified by an ecg_reader named in the direct-final setting, never by the author', async () => {
      const county = (await db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-RMYY'"))[0].id;
      const made = await call('POST', '/api/users', 'admin', { username: 'ecg2', displayName: '周平', role: 'ecg_reader', siteId: county, password: 'ecg2-Secret-pass-1' });
      expect(made.statusCode, made.body).toBe(201);
      tokens.ecg2 = await t.token('ecg2', 'ecg2-Secret-pass-1');
      const { report } = await startReport('ecg1', 'QSX-XHX', ECG, 'ecg-12lead');
      const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'ecg1', { baseVersion: 1 })).json();
      expect(pre.status).toBe('preliminary');
      // ecg2 is not (yet) a senior ECG reader: refused.
      expect((await call('POST', `/api/reports/${report.id}/verify`, 'ecg2', { baseVersion: pre.version })).statusCode).toBe(403);
      await setDirect(['ecg1', 'ecg2']);
      try {
        const own = await call('POST', `/api/reports/${report.id}/verify`, 'ecg1', { baseVersion: pre.version });
        expect(own.statusCode).toBe(403);
        expect(own.json().error.code).toBe('report_self_verify');
        const v = await call('POST', `/api/reports/${report.id}/verify`, 'ecg2', { baseVersion: pre.version });
        expect(v.statusCode, v.body).toBe(200);
        expect(v.json().versions[1]).toMatchObject({ status: 'final', author: { username: 'ecg1' }, verifier: { username: 'ecg2' } });
      } finally {
        await setDirect([]);
      }
    });

    it('SR/PDF that cannot be stored stay in the outbox, the version says so, and the retry stores them', async () => {
      const { report } = await startReport();
      // Simulated full disk (the real condition cannot be produced here): the built-in store refuses writes.
      const store = t.hub.store;
      if (store.kind !== 'builtin') throw new Error('this test needs the built-in store');
      const write = store.files.write;
      store.files.write = async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      };
      let pre: Json;
      try {
        pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1 })).json();
      } finally {
        store.files.write = write;
      }
      // Signed all the same: the report and its PDF of record are safe in the database.
      expect(pre.status).toBe('preliminary');
      expect(pre.versions[0]).toMatchObject({ archivedAt: null, archiveError: expect.stringContaining('could not write') });
      expect((await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'rad1')).statusCode).toBe(200);
      expect(await t.hub.reports.archivePending()).toBeGreaterThanOrEqual(1);
      const after = (await call('GET', `/api/reports/${report.id}/versions/1`, 'rad1')).json();
      expect(after).toMatchObject({ archiveError: null });
      expect(after.archivedAt).not.toBeNull();
      const stored = await db.query('SELECT 1 FROM instances WHERE sop_instance_uid = ANY($1)', [[after.srSopInstanceUid, after.pdfSopInstanceUid]]);
      expect(stored).toHaveLength(2);
      expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'report.archive' AND outcome = 'failed' AND report_id = $1", [report.id])).length).toBe(1);
    });

    it('amend: a new version with a reason, the township told, every version and its PDF still readable', async () => {
      const town = connectEvents(t.url, tokens.town1);
      await town.ready;
      const { report } = await startReport();
      const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1 })).json();
      expect((await call('POST', `/api/reports/${report.id}/amend`, 'rad2', { ...draft(report, pre.version, 'x'), reason: '补充' })).json().error.code).toBe('report_not_final');
      const fin = (await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version })).json();
      expect((await call('POST', `/api/reports/${report.id}/amend`, 'rad1', { ...draft(report, fin.version, 'x'), reason: '更正' })).statusCode).toBe(403);
      const am = await call('POST', `/api/reports/${report.id}/amend`, 'rad2', { ...draft(report, fin.version, '右肺上叶结节，大小约 12 mm（更正测量）。', '右肺上叶结节，建议 3 个月后复查。'), reason: '测量值更正' });
      expect(am.statusCode, am.body).toBe(200);
      const a = am.json();
      expect(a.status).toBe('amended');
      expect(a.versions.map((x: Json) => x.status)).toEqual(['preliminary', 'final', 'amended']);
      expect(a.versions[2]).toMatchObject({ amendReason: '测量值更正', amendedBy: { username: 'rad2' }, author: { username: 'rad1' } });
      const ev = await town.waitFor((e) => e.type === 'report.amended' && (e.payload as Json).report?.id === report.id, 2000);
      expect((ev.payload as Json).report).toMatchObject({ version: 3, reason: '测量值更正' });
      for (const n of [1, 2, 3]) {
        const v = await call('GET', `/api/reports/${report.id}/versions/${n}`, 'town1');
        expect(v.statusCode).toBe(200);
        expect(v.json().number).toBe(n);
        const pdf = await call('GET', `/api/reports/${report.id}/versions/${n}/pdf`, 'town1');
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(v.json().pdfSha256);
      }
      expect(a.versions[0].findings).not.toBe(a.versions[2].findings);
      // Signed versions cannot be changed in place, even by SQL.
      await expect(db.query("UPDATE report_versions SET findings = 'tampered' WHERE report_id = $1 AND number = 2", [report.id])).rejects.toThrow(/never changed in place/);
      town.close();
    });

    it('two saves from the same base version at once: exactly one wins, the other is told who saved', async () => {
      const { report } = await startReport();
      const [a, b] = await Promise.all([
        call('PUT', `/api/reports/${report.id}/draft`, 'rad1', draft(report, 1, '窗口 A 的文字。')),
        call('PUT', `/api/reports/${report.id}/draft`, 'rad1', draft(report, 1, '窗口 B 的文字。')),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
      expect(loser.json().error).toMatchObject({ code: 'report_stale', details: { version: 2, savedBy: { username: 'rad1' } } });
      const now = (await call('GET', `/api/reports/${report.id}`, 'rad1')).json();
      expect(now).toMatchObject({ version: 2, findings: winner.json().findings });
    });

    it('an unacknowledged critical alert blocks finalising unless the verifier gives a reason (critical-values hook)', async () => {
      const { uid, report } = await startReport();
      await db.query("UPDATE studies SET patient_birth_date = '19580307', patient_sex = 'M' WHERE study_instance_uid = $1", [uid]);
      const pid = (await db.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
      const raised = await call('POST', '/api/critical/alerts', 'rad1', { studyInstanceUid: uid, itemCodes: ['RAD-CNS-01'], note: '左侧基底节区高密度影', patient: { patientId: pid, name: '张三' } });
      expect(raised.statusCode, raised.body).toBe(201);
      const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1 })).json();
      expect(pre.status).toBe('preliminary');
      const blocked = await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.code).toBe('critical_unacknowledged');
      expect((await call('GET', `/api/reports/${report.id}`, 'rad2')).json()).toMatchObject({ status: 'preliminary', versions: [{ number: 1 }] });
      const ok = await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version, criticalOverrideReason: '已电话通知申请医生，乡镇系统故障未能确认' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().status).toBe('final');
      const override = await db.query("SELECT 1 FROM audit_log WHERE action = 'critical.finalise_override' AND study_uid = $1", [uid]);
      expect(override.length).toBe(1);
    });

    it('township staff read signed reports of their own site only; drafts and other sites are 404', async () => {
      const { report } = await startReport();
      expect((await call('GET', `/api/reports/${report.id}`, 'town1')).statusCode).toBe(404);
      const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1, content: draft(report, 1, '签署时的所见。') })).json();
      // The verifier edits the working copy; the township still sees the signed text.
      const edit = await call('PUT', `/api/reports/${report.id}/draft`, 'rad2', draft(report, pre.version, '审核中的修改。'));
      expect(edit.statusCode, edit.body).toBe(200);
      const seen = await call('GET', `/api/reports/${report.id}`, 'town1');
      expect(seen.statusCode).toBe(200);
      expect(seen.json()).toMatchObject({ status: 'preliminary', findings: '签署时的所见。' });
      expect((await call('GET', `/api/reports/${report.id}`, 'town2')).statusCode).toBe(404);
      expect((await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'town2')).statusCode).toBe(404);
      expect((await call('PUT', `/api/reports/${report.id}/draft`, 'town1', draft(report, 2, 'x'))).statusCode).toBe(403);
      const print = await call('GET', `/api/reports/${report.id}/versions/1/pdf?purpose=print`, 'town1');
      expect(print.statusCode).toBe(200);
      const rows = await db.query<{ action: string; outcome: string; username: string }>(
        "SELECT action, outcome, username FROM audit_log WHERE report_id = $1 AND username IN ('town1', 'town2') ORDER BY seq",
        [report.id],
      );
      expect(rows.map((r) => `${r.username}:${r.action}:${r.outcome}`)).toEqual(
        expect.arrayContaining(['town1:report.read:denied', 'town1:report.read:allowed', 'town2:report.read:denied', 'town1:report.print:allowed']),
      );
    });

    it('every read, save, sign, verify and amend is audited with the patient id and the study uid', async () => {
      const { uid, report } = await startReport();
      await call('PUT', `/api/reports/${report.id}/draft`, 'rad1', draft(report, 1, '所见。'));
      const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 2 })).json();
      const fin = (await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version })).json();
      await call('POST', `/api/reports/${report.id}/amend`, 'rad2', { ...draft(report, fin.version, '所见（修订）。'), reason: '补充说明' });
      await call('GET', `/api/reports/${report.id}/versions/3/pdf`, 'rad1');
      const rows = await db.query<{ action: string; patient_id: string | null; study_uid: string | null }>(
        "SELECT action, patient_id, study_uid FROM audit_log WHERE report_id = $1 AND outcome = 'allowed' ORDER BY seq",
        [report.id],
      );
      expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['report.create', 'report.read', 'report.save', 'report.sign', 'report.verify', 'report.amend', 'report.open']));
      for (const r of rows) expect(r).toMatchObject({ study_uid: uid, patient_id: expect.stringMatching(/^P\d+/) });
    });
  });
}
