import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/api/critical.js';
import type { Database } from '../../server/db/database.js';
import { runAdmin } from '../../server/cli/admin.js';
import { ApiError } from '../../server/http/errors.js';
import { connectEvents, CT, ECG, insertStudy, startTestHub, type TestHub } from './worklist.suite.js';

const MIN = 60_000;
const plus = (iso: string, min: number) => new Date(new Date(iso).getTime() + min * MIN);
type Ev = { seq: number; type: string; payload: { alert?: Alert; level?: number } };

/**
 * The critical-value loop through the API: catalogue versions, raise with the patient check,
 * township A acknowledges with read-back while township B sees nothing, reminders and escalations
 * at their deadlines (time driven by `now`, no sleeping), the finalise guard, register and metrics.
 */
export function defineCriticalSuite(label: string, openDb: () => Promise<Database>) {
  describe(`critical values on ${label}`, () => {
    let db: Database;
    let t: TestHub;
    const tokens: Record<string, string> = {};
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });
    const study = async (siteCode = 'QSX-DPZ', kind = CT) => {
      const uid = await insertStudy(db, { siteCode, ...kind });
      await db.query("UPDATE studies SET patient_birth_date = '19580307', patient_sex = 'M', study_date = '20260101' WHERE study_instance_uid = $1", [uid]);
      const pid = (await db.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
      return { uid, pid };
    };
    const raise = async (s: { uid: string; pid: string }, codes = ['RAD-CNS-01'], who = 'rad1') => {
      const res = await call('POST', '/api/critical/alerts', who, { studyInstanceUid: s.uid, itemCodes: codes, note: '左侧基底节区高密度影', patient: { patientId: s.pid, name: '张三' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Alert;
    };
    const ack = (id: string, readBack = '急性颅内出血', who = 'town1') =>
      call('POST', `/api/critical/alerts/${id}/acknowledge`, who, { receiverName: '刘医生', receiverPhone: '0571-1234567', readBack });

    beforeAll(async () => {
      db = await openDb();
      t = await startTestHub(db);
      for (const u of ['rad1', 'ecg1', 'town1', 'town2', 'admin']) tokens[u] = await t.token(u);
    });
    afterAll(async () => {
      await t?.close();
      await db?.close();
    });

    it('catalogues are seeded as version 1 and a supervisor edit makes a new version; codes are never reused', async () => {
      const rad = (await call('GET', '/api/critical/catalogue?domain=radiology', 'town1')).json();
      expect(rad).toMatchObject({ domain: 'radiology', version: 1 });
      expect(rad.items).toHaveLength(19);
      expect((await call('GET', '/api/critical/catalogue?domain=ecg', 'ecg1')).json().items[0]).toMatchObject({ code: 'ECG-ACS-01', acrCategory: 1 });
      const items = rad.items.map((i: { code: string; ackMin: number }) => (i.code === 'RAD-CHE-02' ? { ...i, ackMin: 12 } : i));
      expect((await call('PUT', '/api/critical/catalogue', 'rad1', { domain: 'radiology', note: 'x', items })).statusCode).toBe(403);
      const v2 = await call('PUT', '/api/critical/catalogue', 'admin', { domain: 'radiology', note: '气胸确认时限调整', items });
      expect(v2.statusCode, v2.body).toBe(200);
      expect(v2.json()).toMatchObject({ version: 2, createdBy: 'admin' });
      const reused = [...items.filter((i: { code: string }) => i.code !== 'RAD-CNS-05'), { ...items[0], code: 'RAD-CNS-05', zh: '新项目', en: 'New item' }];
      const refused = await call('PUT', '/api/critical/catalogue', 'admin', { domain: 'radiology', note: 'reuse', items: reused });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('critical_code_reused');
      expect((await call('GET', '/api/critical/catalogue?domain=radiology&version=1', 'admin')).json().items.find((i: { code: string }) => i.code === 'RAD-CHE-02').ackMin).toBe(15);
    });

    it('raise checks the reader, the exam kind, the items and two patient identifiers', async () => {
      const s = await study();
      const body = (patient: object, codes = ['RAD-CNS-01']) => ({ studyInstanceUid: s.uid, itemCodes: codes, patient });
      const wrongId = await call('POST', '/api/critical/alerts', 'rad1', body({ patientId: 'NOPE', name: '张三' }));
      expect(wrongId.statusCode).toBe(422);
      expect(wrongId.json().error).toMatchObject({ code: 'critical_patient_mismatch', details: { fields: ['patientId'] } });
      expect(wrongId.json().error.message).toContain('患者ID');
      const wrongName = await call('POST', '/api/critical/alerts', 'rad1', body({ patientId: s.pid, name: '李四' }));
      expect(wrongName.json().error.details.fields).toEqual(['name']);
      expect((await call('POST', '/api/critical/alerts', 'rad1', body({ patientId: s.pid }))).statusCode).toBe(400);
      expect((await call('POST', '/api/critical/alerts', 'town1', body({ patientId: s.pid, name: '张三' }))).statusCode).toBe(403);
      expect((await call('POST', '/api/critical/alerts', 'ecg1', body({ patientId: s.pid, name: '张三' }, ['ECG-TACHY-02']))).json().error.code).toBe('critical_wrong_kind');
      expect((await call('POST', '/api/critical/alerts', 'rad1', body({ patientId: s.pid, name: '张三' }, ['RAD-XXX-99']))).json().error.code).toBe('critical_unknown_item');
      const ok = await call('POST', '/api/critical/alerts', 'rad1', body({ patientId: s.pid, birthDate: '1958-03-07' }, ['RAD-CHE-02']));
      expect(ok.statusCode, ok.body).toBe(201);
      const a = ok.json() as Alert;
      expect(a).toMatchObject({ state: 'notified', catalogueVersion: 2, category: 1, siteName: '东坪镇卫生院', raisedBy: { username: 'rad1' } });
      // Deadlines come from the catalogue version the alert was raised with (v2: 12 min).
      expect(new Date(a.ackDueAt).getTime() - new Date(a.raisedAt).getTime()).toBe(12 * MIN);
      expect(a.deliveries.map((d) => `${d.channel}:${d.status}`)).toEqual(['in_app:sent', 'sms:not_configured']);
      const failed = await db.query<{ outcome: string; detail: { fields: string[] } }>("SELECT outcome, detail FROM audit_log WHERE action = 'critical.raise' AND study_uid = $1 ORDER BY seq", [s.uid]);
      expect(failed.map((f) => f.outcome)).toEqual(['failed', 'failed', 'allowed']);
      expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'critical.alerts.raise' AND outcome = 'denied' AND username = 'town1'")).length).toBe(1);
      expect(JSON.stringify(failed[0].detail)).not.toContain('NOPE');
    });

    it('township A gets the push within a second and acknowledges with read-back; township B sees nothing', async () => {
      const town1 = connectEvents(t.url, tokens.town1);
      const town2 = connectEvents(t.url, tokens.town2);
      const rad1 = connectEvents(t.url, tokens.rad1);
      await Promise.all([town1.ready, town2.ready, rad1.ready]);
      const s = await study();
      const started = Date.now();
      const a = await raise(s);
      const pushed = (await town1.waitFor((e) => e.type === 'alert.raised' && (e as Ev).payload.alert?.id === a.id, 1000)) as Ev;
      expect(Date.now() - started).toBeLessThan(1000);
      expect(pushed.payload.alert).toMatchObject({ items: [{ code: 'RAD-CNS-01', zh: '急性颅内出血/严重脑挫裂伤/蛛网膜下腔出血' }], note: '左侧基底节区高密度影' });

      expect((await call('GET', `/api/critical/alerts/${a.id}`, 'town2')).statusCode).toBe(404);
      expect((await ack(a.id, '急性颅内出血', 'town2')).statusCode).toBe(404);
      expect(((await call('GET', '/api/critical/alerts?open=true', 'town2')).json() as Alert[]).some((x) => x.id === a.id)).toBe(false);
      expect(((await call('GET', '/api/critical/alerts?open=true', 'town1')).json() as Alert[]).some((x) => x.id === a.id)).toBe(true);

      const mismatch = await ack(a.id, '急性脑梗死');
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.json().error.code).toBe('critical_readback_mismatch');
      const viewed = (await call('GET', `/api/critical/alerts/${a.id}`, 'town1')).json();
      expect(viewed.state).toBe('notified');
      expect(viewed.log.map((l: { type: string }) => l.type)).toEqual(['raised', 'delivery', 'delivery', 'read_back_mismatch', 'viewed']);
      expect(viewed.log[3].detail).toMatchObject({ readBack: '急性脑梗死', receiverName: '刘医生' });

      const wrongPatient = await call('POST', `/api/critical/alerts/${a.id}/acknowledge`, 'town1', { receiverName: '刘医生', readBack: '急性颅内出血', patient: { patientId: s.pid, name: '李四' } });
      expect(wrongPatient.json().error.code).toBe('critical_patient_mismatch');
      const ok = await call('POST', `/api/critical/alerts/${a.id}/acknowledge`, 'town1', { receiverName: '刘医生', readBack: '  急性颅内出血。', patient: { patientId: s.pid, birthDate: '19580307' } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ state: 'acknowledged', receiverName: '刘医生', acknowledgedBy: { username: 'town1' } });
      expect((await ack(a.id)).json().error.code).toBe('critical_state');
      const seen = (await rad1.waitFor((e) => e.type === 'alert.updated' && (e as Ev).payload.alert?.state === 'acknowledged' && (e as Ev).payload.alert?.id === a.id)) as Ev;
      expect(seen.payload.alert?.receiverName).toBe('刘医生');

      const action = await call('POST', `/api/critical/alerts/${a.id}/action`, 'town1', { what: '甘露醇脱水，转县医院神经外科', who: '刘医生', when: new Date().toISOString(), referral: '青山县人民医院' });
      expect(action.json()).toMatchObject({ state: 'actioned', action: { who: '刘医生', referral: '青山县人民医院' } });
      expect((await call('POST', `/api/critical/alerts/${a.id}/close`, 'town1', {})).json().state).toBe('closed');

      // Give any stray push time to arrive before asserting that township B got none.
      await town1.waitFor((e) => e.type === 'alert.updated' && (e as Ev).payload.alert?.state === 'closed');
      expect(town2.events.filter((e) => e.type.startsWith('alert.'))).toEqual([]);
      const audit = await db.query<{ action: string; outcome: string }>('SELECT action, outcome FROM audit_log WHERE alert_id = $1 ORDER BY seq', [a.id]);
      expect(audit.map((x) => `${x.action}:${x.outcome}`)).toEqual(
        expect.arrayContaining(['critical.raise:allowed', 'critical.deliver:allowed', 'critical.view:allowed', 'critical.acknowledge:failed', 'critical.acknowledge:allowed', 'critical.action:allowed', 'critical.close:allowed']),
      );
      expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'critical.view' AND outcome = 'denied' AND username = 'town2'")).length).toBeGreaterThan(0);
      for (const c of [town1, town2, rad1]) c.close();
    });

    it('reminders and each escalation level fire once at their deadlines; redirect keeps the alert open', async () => {
      const s = await study('QSX-XHX', ECG);
      await db.query("INSERT INTO exam_requests (study_instance_uid, site_id, urgency, ordering_clinician, contact_phone) SELECT $1, id, 'stat', '陈刚', '0571-7654321' FROM sites WHERE code = 'QSX-XHX'", [s.uid]);
      const town2 = connectEvents(t.url, tokens.town2);
      await town2.ready;
      const a = await raise(s, ['ECG-TACHY-02'], 'ecg1');
      expect(a.reminders).toBe(0);
      const run = async (min: number) => (await t.hub.critical.runDueEscalations(plus(a.raisedAt, min))).filter((w) => w.alertId === a.id);
      expect(await run(1.9)).toEqual([]);
      expect(await run(2)).toEqual([{ alertId: a.id, reminder: true, levels: [], actionOverdue: false }]);
      // The township is told which step of the ladder this is: the first reminder, not yet escalated.
      const reminded = (await town2.waitFor((e) => e.type === 'alert.reminder' && (e as Ev).payload.alert?.id === a.id)) as Ev;
      expect(reminded.payload.alert).toMatchObject({ reminders: 1, escalationLevel: 0 });
      expect(await run(2)).toEqual([]);
      expect(await run(3.9)).toEqual([]);
      const redirect = await call('POST', `/api/critical/alerts/${a.id}/redirect`, 'town2', { reason: '非本院患者，已转诊', redirectTo: '县医院急诊' });
      expect(redirect.json()).toMatchObject({ state: 'notified', redirectReason: '非本院患者，已转诊' });
      expect(await run(15)).toEqual([{ alertId: a.id, reminder: true, levels: [1], actionOverdue: false }]);
      expect(await run(15)).toEqual([]);
      expect((await run(20)).map((w) => w.levels)).toEqual([[2]]);
      expect((await run(25)).map((w) => w.levels)).toEqual([[3]]);
      expect((await run(25)).map((w) => w.levels)).toEqual([]);
      const detail = (await call('GET', `/api/critical/alerts/${a.id}`, 'admin')).json();
      expect(detail).toMatchObject({ escalationLevel: 3, notPickedUp: true, state: 'notified', reminders: 4 });
      const top = (await town2.waitFor((e) => e.type === 'alert.escalated' && (e as Ev).payload.level === 3)) as Ev;
      expect(top.payload.alert).toMatchObject({ id: a.id, escalationLevel: 3, reminders: 4 });
      town2.close();
      const steps = detail.log.filter((l: { type: string }) => l.type === 'escalation' || l.type === 'incident');
      expect(steps.map((l: { type: string; level: number }) => `${l.type}:${l.level}`)).toEqual(['escalation:1', 'escalation:2', 'incident:3']);
      // The ladder: 1 other staff of the site (the ordering clinician's account first), 2 the site's
      // director account (demo: town2 directs 西河乡卫生院), 3 the alliance supervisors.
      expect(steps[0].detail.recipients).toEqual(['user:town2']);
      expect(steps[1].detail.recipients).toEqual(['director:town2']);
      expect(steps[2].detail.recipients).toEqual(['supervisor:admin']);
      expect(detail.deliveries.map((d: { channel: string; recipient: string }) => `${d.channel}>${d.recipient}`)).toEqual(
        expect.arrayContaining(['sms>phone:0571-7654321', 'phone>director:town2', 'in_app>director:town2', 'in_app>supervisor:admin']),
      );
      expect(detail.log.filter((l: { type: string }) => l.type === 'reminder')).toHaveLength(4);
      const esc = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE alert_id = $1 AND action IN ('critical.escalate', 'critical.not_picked_up') ORDER BY seq", [a.id]);
      expect(esc.map((e) => e.action)).toEqual(['critical.escalate', 'critical.escalate', 'critical.not_picked_up']);
      expect(((await call('GET', `/api/critical/alerts?studyUid=${s.uid}`, 'town1')).json() as Alert[])).toEqual([]);
      // A supervisor closes it with a reason; nothing fires afterwards.
      expect((await call('POST', `/api/critical/alerts/${a.id}/close`, 'admin', {})).json().error.code).toBe('critical_reason_required');
      expect((await call('POST', `/api/critical/alerts/${a.id}/close`, 'admin', { reason: '已电话通知县医院急诊' })).json().state).toBe('closed');
      expect(await run(60)).toEqual([]);
    });

    it("a supervisor sets each township site's director; without one, level 2 goes to the supervisors at once", async () => {
      const sites = (await call('GET', '/api/sites/directors', 'admin')).json();
      expect(sites.map((x: { siteCode: string; director: { username: string } | null }) => `${x.siteCode}:${x.director?.username}`)).toEqual(['QSX-DPZ:town1', 'QSX-XHX:town2']);
      expect((await call('GET', '/api/sites/directors', 'town1')).statusCode).toBe(403);
      const dpz = sites[0].siteId as string;
      const town2 = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'town2'"))[0].id;
      const wrong = await call('PUT', `/api/sites/${dpz}/director`, 'admin', { userId: town2 });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toMatchObject({ code: 'critical_director_invalid' });
      expect(wrong.json().error.message).toContain('乡镇');
      expect((await call('PUT', `/api/sites/${dpz}/director`, 'admin', { userId: null })).json().director).toBeNull();
      const s = await study();
      const a = await raise(s);
      const levels = async (min: number) => (await t.hub.critical.runDueEscalations(plus(a.raisedAt, min))).filter((w) => w.alertId === a.id).map((w) => w.levels);
      expect(await levels(15)).toEqual([[1]]);
      expect(await levels(20)).toEqual([[2]]);
      const step2 = (await db.query<{ detail: { recipients: string[] } }>("SELECT detail FROM critical_alert_log WHERE alert_id = $1 AND type = 'escalation' AND level = 2", [a.id]))[0];
      expect(step2.detail.recipients).toEqual(['director:not_set', 'supervisor:admin']);
      const town1 = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'town1'"))[0].id;
      const set = await call('PUT', `/api/sites/${dpz}/director`, 'admin', { userId: town1 });
      expect(set.json()).toMatchObject({ siteCode: 'QSX-DPZ', director: { username: 'town1' } });
      expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'sites.setDirector' AND username = 'admin'")).length).toBe(2);
      // The operator's CLI does the same (and refuses a user of another site with the same message).
      const lines: string[] = [];
      expect(await runAdmin(['set-director', '--site', 'QSX-DPZ', '--clear'], db, (l) => lines.push(l))).toBe(0);
      expect(await runAdmin(['set-director', '--site', 'QSX-DPZ', '--username', 'town2'], db, (l) => lines.push(l)).catch((e: unknown) => e)).toMatchObject({ code: 'critical_director_invalid' });
      expect(await runAdmin(['set-director', '--site', 'QSX-DPZ', '--username', 'town1'], db, (l) => lines.push(l))).toBe(0);
      expect(lines).toEqual(['director of QSX-DPZ cleared', 'director of QSX-DPZ: town1']);
      expect((await ack(a.id)).statusCode).toBe(200);
    });

    it('deadlines survive a hub restart; the reader records a phone call as a delivery attempt', async () => {
      const s = await study();
      const a = await raise(s);
      await t.close();
      // A new hub process on the same database: nothing is kept in memory between the two.
      t = await startTestHub(db, { seed: false });
      const fired = (await t.hub.critical.runDueEscalations(plus(a.raisedAt, 15))).filter((w) => w.alertId === a.id);
      expect(fired).toEqual([{ alertId: a.id, reminder: true, levels: [1], actionOverdue: false }]);
      const call1 = await call('POST', `/api/critical/alerts/${a.id}/calls`, 'rad1', { outcome: 'no_answer', calledNumber: '0571-1234567', note: '无人接听' });
      expect(call1.statusCode, call1.body).toBe(200);
      expect(call1.json().deliveries.at(-1)).toMatchObject({ channel: 'manual_phone', status: 'no_answer', recipient: '0571-1234567', detail: '无人接听' });
      expect((await call('POST', `/api/critical/alerts/${a.id}/calls`, 'town1', { outcome: 'answered' })).statusCode).toBe(403);
      expect((await ack(a.id)).statusCode).toBe(200);
    });

    it('two overlapping escalation runs fire each deadline exactly once', async () => {
      const alerts = [];
      for (let i = 0; i < 4; i++) alerts.push(await raise(await study()));
      const at = plus(alerts[alerts.length - 1].raisedAt, 15);
      const runs = await Promise.all([t.hub.critical.runDueEscalations(at), t.hub.critical.runDueEscalations(at)]);
      for (const a of alerts) {
        const fired = runs.flat().filter((w) => w.alertId === a.id);
        expect(fired).toHaveLength(1);
        expect(fired[0].levels).toEqual([1]);
      }
      const n = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM critical_alert_log WHERE alert_id = ANY($1) AND type = 'escalation'", [alerts.map((a) => a.id)]);
      expect(n[0].n).toBe(alerts.length);
    });

    it('a report cannot be finalised while an alert is unacknowledged unless a reason is recorded', async () => {
      const s = await study();
      const a = await raise(s);
      const rad1 = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'rad1'"))[0].id;
      const refused = await db.transaction((tx) => t.hub.critical.assertCanFinalise(tx, s.uid)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ status: 409, code: 'critical_unacknowledged', params: { count: 1 } });
      await expect(db.transaction((tx) => t.hub.critical.assertCanFinalise(tx, s.uid, { reason: '  ', userId: rad1 }))).rejects.toMatchObject({ code: 'critical_unacknowledged' });
      const over = await db.transaction((tx) => t.hub.critical.assertCanFinalise(tx, s.uid, { reason: '已电话通知刘医生，对方未登录系统', userId: rad1 }));
      expect(over.overridden).toEqual([a.id]);
      expect((await db.query("SELECT 1 FROM critical_alert_log WHERE alert_id = $1 AND type = 'finalise_override'", [a.id])).length).toBe(1);
      expect((await db.query("SELECT 1 FROM audit_log WHERE alert_id = $1 AND action = 'critical.finalise_override' AND username = 'rad1'", [a.id])).length).toBe(1);
      expect((await ack(a.id)).statusCode).toBe(200);
      expect(await db.transaction((tx) => t.hub.critical.assertCanFinalise(tx, s.uid))).toEqual({ overridden: [] });
    });

    it('科室/床号 from the exam request reach the reader, the alert push and the register (CSV, JSON)', async () => {
      const s = await study();
      const req = { studyInstanceUid: s.uid, urgency: 'stat', examRequested: '头颅CT平扫', orderingClinician: '赵医生', contactPhone: '0571-1112222', department: '内科', bed: '12' };
      const tooLong = await call('PUT', '/api/exam-requests', 'town1', { ...req, department: '科'.repeat(51) });
      expect(tooLong.statusCode).toBe(400);
      expect((await call('PUT', '/api/exam-requests', 'town1', { ...req, bed: '床'.repeat(21) })).statusCode).toBe(400);
      const saved = await call('PUT', '/api/exam-requests', 'town1', req);
      expect(saved.statusCode, saved.body).toBe(200);
      // The reader: the task carries the request with its location.
      const [task] = await t.hub.worklist.ensureTasksForStudy(s.uid);
      expect((await call('GET', `/api/tasks/${task.id}`, 'rad1')).json().request).toMatchObject({ department: '内科', bed: '12', orderingClinician: '赵医生' });
      // A request saved without them (older township station) reads as empty strings.
      const other = await study();
      expect((await call('PUT', '/api/exam-requests', 'town1', { studyInstanceUid: other.uid, urgency: 'routine' })).statusCode).toBe(200);
      const [otherTask] = await t.hub.worklist.ensureTasksForStudy(other.uid);
      expect((await call('GET', `/api/tasks/${otherTask.id}`, 'rad1')).json().request).toMatchObject({ department: '', bed: '' });

      const town1 = connectEvents(t.url, tokens.town1);
      await town1.ready;
      const a = await raise(s);
      expect(a.patient).toMatchObject({ department: '内科', bed: '12' });
      const pushed = (await town1.waitFor((e) => e.type === 'alert.raised' && (e as Ev).payload.alert?.id === a.id, 2000)) as Ev;
      expect(pushed.payload.alert?.patient).toMatchObject({ department: '内科', bed: '12' });
      town1.close();

      const rows = (await call('GET', `/api/critical/register?q=${s.pid}`, 'admin')).json();
      expect(rows).toHaveLength(1);
      expect(rows[0].departmentBed).toBe('内科 / 12床');
      const csv = (await call('GET', `/api/critical/register?format=csv&q=${s.pid}`, 'admin')).rawPayload.toString('utf8');
      expect(csv.split('\r\n')[0]).toContain('科室/床号 Department/bed');
      expect(csv.split('\r\n')[1]).toContain('"内科 / 12床"');
      // Close it so the metrics case below counts it like the others (acknowledged).
      expect((await ack(a.id)).statusCode).toBe(200);
    });

    it('the register (JSON, CSV with BOM and Chinese fields) and metrics match the alerts', async () => {
      const siteB = (await db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-XHX'"))[0].id;
      expect((await call('GET', '/api/critical/register', 'town1')).statusCode).toBe(403);
      const json = (await call('GET', '/api/critical/register', 'admin')).json();
      const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM critical_alerts'))[0].n;
      expect(json).toHaveLength(total);
      const acked = json.find((r: { receiver: string; action: string }) => r.action.startsWith('甘露醇'));
      expect(acked).toMatchObject({ patientName: '张三', patientSex: 'M', patientAge: '67', receiver: '刘医生', readBackDone: '是 yes', reporter: '王磊', reportingInstitution: '青山县人民医院', receivingInstitution: '东坪镇卫生院', catalogueCodes: 'RAD-CNS-01', catalogueVersion: 2 });
      expect(acked.channels).toMatch(/in_app:sent; .*sms:not_configured/);
      const res = await call('GET', `/api/critical/register?format=csv&siteId=${siteB}`, 'admin');
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const csv = res.rawPayload.toString('utf8');
      expect(csv).toContain('危急值内容 Critical finding');
      expect(csv).toContain('室性心动过速');
      expect(csv).toContain('西河乡卫生院');
      expect(csv).toContain('L3');
      expect(csv).not.toContain('东坪镇卫生院');
      const lines = csv.trim().split('\r\n');
      expect(lines).toHaveLength(1 + json.filter((r: { receivingInstitution: string }) => r.receivingInstitution === '西河乡卫生院').length);

      // Free-text search (patient, finding, receiver) and the PDF (landscape A4, checked with poppler in test/system).
      const found = (await call('GET', `/api/critical/register?q=${encodeURIComponent('刘医生')}`, 'admin')).json();
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((r: { receiver: string }) => r.receiver === '刘医生')).toBe(true);
      expect((await call('GET', `/api/critical/register?q=${encodeURIComponent('室性心动过速')}`, 'admin')).json()).toHaveLength(1);
      expect((await call('GET', '/api/critical/register?q=NOSUCHPATIENT', 'admin')).json()).toEqual([]);
      const pdf = await call('GET', `/api/critical/register?format=pdf&siteId=${siteB}`, 'admin');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      const m = (await call('GET', '/api/critical/metrics', 'admin')).json();
      expect(m.overall.count).toBe(total);
      expect(m.byCategory.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(total);
      expect(m.bySite.map((x: { siteName: string }) => x.siteName).sort()).toEqual(['东坪镇卫生院', '西河乡卫生院']);
      expect(m.overall.notify.n).toBe(total);
      const ackedN = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM critical_alerts WHERE acknowledged_at IS NOT NULL'))[0].n;
      expect(m.overall.ack.n).toBe(ackedN);
      expect(m.bySite.find((x: { siteName: string }) => x.siteName === '西河乡卫生院')).toMatchObject({ count: 1, notPickedUpPct: 100, redirectedPct: 100, escalatedPct: 100 });
      expect((await call('GET', '/api/critical/metrics', 'rad1')).statusCode).toBe(403);
    });
  });
}
