import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import type { Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';
import { CT, insertStudy, startTestHub, type TestHub } from '../suites/worklist.suite.js';

/**
 * Races on a real PostgreSQL 15, each repeated many rounds: concurrent draft saves from one base
 * version (exactly one wins, the others are told who saved), concurrent acknowledgements of one
 * critical alert (one recorded), and two hubs on one database running the escalation job at the
 * same moments (every reminder and level fires exactly once). The claim race (50 readers) is in
 * the worklist suite.
 */
const DRAFT_ROUNDS = 100;
const DRAFT_WRITERS = 4;
const ACK_ROUNDS = 100;
const ACKERS = 6;
const ESCALATION_ROUNDS = 25;

let server: PgServer;
let db: Database;
let dbB: Database;
let a: TestHub;
let b: TestHub;

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase();
  db = await openPostgres(url, 20);
  await migrate(db);
  dbB = await openPostgres(url, 20);
  a = await startTestHub(db);
  b = await startTestHub(dbB, { seed: false });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.close();
  await dbB?.close();
  await server?.stop();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of API JSON
const as = (h: TestHub, token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  h.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });

describe('races on PostgreSQL 15', () => {
  it(`concurrent draft saves from one base version: exactly one wins, ${DRAFT_ROUNDS} rounds × ${DRAFT_WRITERS} windows`, async () => {
    // Each window is its own session of the author, half of them on the second hub.
    const windows = await Promise.all(Array.from({ length: DRAFT_WRITERS }, (_, i) => (i % 2 ? b : a).token('rad1')));
    const rad1 = windows[0];
    let conflicts = 0;
    for (let round = 0; round < DRAFT_ROUNDS; round++) {
      const uid = await insertStudy(db, { siteCode: 'QSX-DPZ', ...CT });
      const [task] = await a.hub.worklist.ensureTasksForStudy(uid);
      expect((await as(a, rad1, 'POST', `/api/tasks/${task.id}/claim`)).statusCode).toBe(200);
      const created = await as(a, rad1, 'POST', '/api/reports', { taskId: task.id, templateId: 'ct-chest' });
      expect(created.statusCode, created.body).toBe(200);
      const report = created.json() as Json;
      // Every round starts from a different base version: 1, 2 or 3 earlier saves.
      let base = report.version as number;
      for (let k = 0; k < round % 3; k++) {
        const s = await as(a, rad1, 'PUT', `/api/reports/${report.id}/draft`, { baseVersion: base, findings: `预写 ${k}`, impression: '无', language: 'zh-CN', templateId: 'ct-chest' });
        expect(s.statusCode, s.body).toBe(200);
        base = s.json().version;
      }
      const texts = windows.map((_, i) => `第 ${round} 轮，窗口 ${i} 的所见。`);
      const results = await Promise.all(
        windows.map((tok, i) =>
          as(i % 2 ? b : a, tok, 'PUT', `/api/reports/${report.id}/draft`, { baseVersion: base, findings: texts[i], impression: '无', language: 'zh-CN', templateId: 'ct-chest' }),
        ),
      );
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200), `round ${round}: ${codes}`).toHaveLength(1);
      expect(codes.filter((c) => c === 409)).toHaveLength(DRAFT_WRITERS - 1);
      conflicts += DRAFT_WRITERS - 1;
      const winner = results.findIndex((r) => r.statusCode === 200);
      for (const r of results.filter((x) => x.statusCode === 409)) {
        expect(r.json().error).toMatchObject({ code: 'report_stale', details: { version: base + 1, savedBy: { username: 'rad1', displayName: '王磊' } } });
      }
      const row = (await db.query<{ version: number; findings: string }>('SELECT version, findings FROM reports WHERE id = $1', [report.id]))[0];
      expect(row).toEqual({ version: base + 1, findings: texts[winner] });
    }
    console.log(`draft race: ${DRAFT_ROUNDS} rounds, ${DRAFT_ROUNDS} winners, ${conflicts} stale saves refused`);
  });

  it(`concurrent acknowledgements of one alert: one recorded, ${ACK_ROUNDS} rounds × ${ACKERS} sessions on two hubs`, async () => {
    const site = (await db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-DPZ'"))[0].id;
    const hash = await hashPassword('race-password');
    await db.query("INSERT INTO users (username, display_name, role, site_id, password_hash) VALUES ('town1b', '周护士', 'township_staff', $1, $2)", [site, hash]);
    const sessions = await Promise.all(Array.from({ length: ACKERS }, (_, i) => (i % 2 ? b : a).token(i % 3 === 2 ? 'town1b' : 'town1', i % 3 === 2 ? 'race-password' : 'demo')));
    const rad1 = await a.token('rad1');
    for (let round = 0; round < ACK_ROUNDS; round++) {
      const uid = await insertStudy(db, { siteCode: 'QSX-DPZ', ...CT });
      const pid = (await db.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
      const raised = await as(a, rad1, 'POST', '/api/critical/alerts', { studyInstanceUid: uid, itemCodes: ['RAD-CNS-01'], note: '竞态测试', patient: { patientId: pid, name: '张三' } });
      expect(raised.statusCode, raised.body).toBe(201);
      const id = raised.json().id as string;
      const results = await Promise.all(
        sessions.map((tok, i) => as(i % 2 ? b : a, tok, 'POST', `/api/critical/alerts/${id}/acknowledge`, { receiverName: `接收人${i}`, readBack: '急性颅内出血' })),
      );
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200), `round ${round}: ${codes}`).toHaveLength(1);
      expect(codes.filter((c) => c === 409), `round ${round}: ${codes}`).toHaveLength(ACKERS - 1);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('critical_state');
      const winner = results.findIndex((r) => r.statusCode === 200);
      const alert = (await db.query<{ state: string; receiver_name: string }>('SELECT state, receiver_name FROM critical_alerts WHERE id = $1', [id]))[0];
      expect(alert).toEqual({ state: 'acknowledged', receiver_name: `接收人${winner}` });
      const acks = await db.query("SELECT 1 FROM critical_alert_log WHERE alert_id = $1 AND type = 'acknowledged'", [id]);
      expect(acks).toHaveLength(1);
      const audited = await db.query("SELECT 1 FROM audit_log WHERE alert_id = $1 AND action = 'critical.acknowledge' AND outcome = 'allowed'", [id]);
      expect(audited).toHaveLength(1);
    }
  });

  it(`two hubs running the escalation job at the same moments: each deadline fires exactly once, ${ESCALATION_ROUNDS} rounds`, async () => {
    const rad1 = await a.token('rad1');
    const MIN = 60_000;
    let fired = 0;
    for (let round = 0; round < ESCALATION_ROUNDS; round++) {
      const ids: string[] = [];
      let raisedAt = 0;
      for (let i = 0; i < 3; i++) {
        const uid = await insertStudy(db, { siteCode: i % 2 ? 'QSX-XHX' : 'QSX-DPZ', ...CT });
        const pid = (await db.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
        const res = await as(a, rad1, 'POST', '/api/critical/alerts', { studyInstanceUid: uid, itemCodes: ['RAD-CHE-02'], patient: { patientId: pid, name: '张三' } });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
        raisedAt = Math.max(raisedAt, new Date(res.json().raisedAt).getTime());
      }
      // Walk the clock through the whole ladder; at each moment four runs overlap (two per hub).
      for (const min of [3, 16, 21, 26, 40]) {
        const at = new Date(raisedAt + min * MIN + round * 1000);
        const runs = await Promise.all([a, b, a, b].map((h) => h.hub.critical.runDueEscalations(at)));
        const mine = runs.flat().filter((w) => ids.includes(w.alertId));
        expect(new Set(mine.map((w) => w.alertId)).size, `round ${round} at +${min} min`).toBe(mine.length);
        fired += mine.length;
      }
      const logs = await db.query<{ alert_id: string; type: string; level: number | null; n: number }>(
        "SELECT alert_id, type, level, count(*)::int AS n FROM critical_alert_log WHERE alert_id = ANY($1) AND type IN ('escalation', 'incident') GROUP BY alert_id, type, level",
        [ids],
      );
      // Levels 1 and 2 escalate, level 3 is the 'not picked up' incident: each once per alert.
      expect(logs.map((l) => `${l.type}:${l.level}:${l.n}`).sort()).toEqual(ids.flatMap(() => ['escalation:1:1', 'escalation:2:1', 'incident:3:1']).sort());
      const reminders = await db.query<{ alert_id: string; at: Date }>("SELECT alert_id, at FROM critical_alert_log WHERE alert_id = ANY($1) AND type = 'reminder' ORDER BY alert_id, at", [ids]);
      // Five moments, a reminder due at each: one per alert per moment, never two at the same time.
      expect(reminders).toHaveLength(ids.length * 5);
      expect(new Set(reminders.map((r) => `${r.alert_id}@${new Date(r.at).toISOString()}`)).size).toBe(reminders.length);
    }
    console.log(`escalation race: ${ESCALATION_ROUNDS} rounds × 3 alerts × 5 moments × 4 overlapping runs on 2 hubs; ${fired} firings, none doubled`);
  });
});
