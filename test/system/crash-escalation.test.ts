import pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { openPostgres } from '../../server/db/postgres.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { api, login, until } from '../harness/http.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';
import { CT, insertStudy } from '../suites/worklist.suite.js';

/**
 * kill -9 the hub while critical-value deadlines are firing, restart it on the same PostgreSQL,
 * and check that every escalation level fired exactly once and no reminder slot fired twice.
 * Deadlines are seconds apart (reminder and escalation step 3 s, job every 0.2 s). Kill points:
 *  - inside an escalation transaction (the test holds the audit trail's advisory lock, so the job
 *    blocks after writing its log row and before committing);
 *  - between levels (every alert has fired level 1, none level 2);
 *  - at a moment in the middle of the ladder.
 */
const AUDIT_LOCK = 864201; // server/audit/log.ts
const STEP_S = 3;
const ALERTS_PER_ROUND = 4;
type KillPoint = 'inside an escalation transaction' | 'between levels 1 and 2' | 'mid-ladder moment';
const KILL_POINTS: KillPoint[] = ['inside an escalation transaction', 'between levels 1 and 2', 'mid-ladder moment'];

let server: PgServer;
let dbUrl: string;
let db: Database;
let locker: pg.Client;
let hub: HubProcess | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-crash-esc-'));
const env = () => ({
  DATABASE_URL: dbUrl,
  TELEREAD_DEMO_STUDIES: '0',
  TELEREAD_TOKEN_SECRET: 'crash-escalation-secret-'.padEnd(48, 'e'),
  TELEREAD_CRITICAL_REMINDER_MINUTES: String(STEP_S / 60),
  TELEREAD_CRITICAL_ESCALATION_STEP_MINUTES: String(STEP_S / 60),
  TELEREAD_CRITICAL_JOB_SECONDS: '0.2',
});

beforeAll(async () => {
  server = await startPostgres();
  dbUrl = await server.createDatabase();
  db = await openPostgres(dbUrl, 4);
  locker = new pg.Client({ connectionString: dbUrl });
  await locker.connect();
});

afterAll(async () => {
  await hub?.stop();
  await locker?.end();
  await db?.close();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const levelCounts = async (ids: string[]) =>
  db.query<{ alert_id: string; level: number; n: number }>(
    "SELECT alert_id, level, count(*)::int AS n FROM critical_alert_log WHERE alert_id = ANY($1) AND type IN ('escalation', 'incident') GROUP BY alert_id, level",
    [ids],
  );

describe('crash during critical-value escalation (PostgreSQL)', () => {
  it('kill -9 at three points of the ladder: after restart every level fires exactly once, no reminder twice', async () => {
    const survived: string[] = [];
    for (const kp of KILL_POINTS) {
      hub = await startHub({ demo: true, dataDir, env: env() });
      const rad1 = await login(hub.url, 'rad1');
      const ids: string[] = [];
      for (let i = 0; i < ALERTS_PER_ROUND; i++) {
        const uid = await insertStudy(db, { siteCode: 'QSX-DPZ', ...CT });
        const pid = (await db.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
        const res = await api(hub.url, rad1, 'POST', '/api/critical/alerts', { studyInstanceUid: uid, itemCodes: ['RAD-CNS-01'], note: '崩溃测试', patient: { patientId: pid, name: '张三' } });
        expect(res.status, res.text).toBe(201);
        ids.push(res.json.id);
      }
      if (kp === 'inside an escalation transaction') await locker.query('SELECT pg_advisory_lock($1)', [AUDIT_LOCK]);
      // Bring the acknowledge deadline forward to within a second: the ladder then takes ~6 s.
      await db.query(
        `UPDATE critical_alerts SET ack_due_at = now() + interval '1 second',
                next_due_at = LEAST(next_reminder_at, now() + interval '1 second') WHERE id = ANY($1)`,
        [ids],
      );
      if (kp === 'inside an escalation transaction') {
        await until('the escalation job to block inside its transaction', async () =>
          (await db.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%pg_advisory_xact_lock%'")).length > 0, 20_000, 20);
        await hub.crash();
        await locker.query('SELECT pg_advisory_unlock($1)', [AUDIT_LOCK]);
        // Nothing the blocked transaction wrote is visible.
        expect(await levelCounts(ids)).toEqual([]);
      } else if (kp === 'between levels 1 and 2') {
        await until('level 1 for every alert', async () => {
          const c = await levelCounts(ids);
          return c.filter((x) => x.level === 1).length === ids.length;
        }, 20_000, 20);
        await hub.crash();
        expect((await levelCounts(ids)).filter((x) => x.level >= 2)).toEqual([]);
      } else {
        await new Promise((r) => setTimeout(r, 1000 + STEP_S * 1000 * 1.5));
        await hub.crash();
      }
      const atKill = (await levelCounts(ids)).length;

      hub = await startHub({ demo: true, dataDir, env: env() });
      await until('the whole ladder after the restart', async () => (await levelCounts(ids)).length === ids.length * 3, 30_000, 100);
      // One more step: anything that would fire twice has had its chance.
      await new Promise((r) => setTimeout(r, STEP_S * 1000));
      const counts = await levelCounts(ids);
      expect(counts.map((c) => `${c.level}:${c.n}`).sort()).toEqual(ids.flatMap(() => ['1:1', '2:1', '3:1']).sort());
      // Reminders sit on a grid (raised + k × interval); a late one may fire just before the next
      // slot, so what must never happen is two reminders for the same slot of one alert.
      const reminders = await db.query<{ alert_id: string; slot: number }>(
        `SELECT l.alert_id, floor(extract(epoch FROM (l.at - a.raised_at)) / $2)::int AS slot
           FROM critical_alert_log l JOIN critical_alerts a ON a.id = l.alert_id
          WHERE l.alert_id = ANY($1) AND l.type = 'reminder'`,
        [ids, STEP_S],
      );
      expect(reminders.length).toBeGreaterThan(0);
      expect(new Set(reminders.map((r) => `${r.alert_id}#${r.slot}`)).size, 'a reminder slot fired twice').toBe(reminders.length);
      // Acknowledge, so that this round's alerts stop reminding; the audit chain is intact.
      const town1 = await login(hub.url, 'town1');
      for (const id of ids) expect((await api(hub.url, town1, 'POST', `/api/critical/alerts/${id}/acknowledge`, { receiverName: '刘医生', readBack: '急性颅内出血' })).status).toBe(200);
      const admin = await login(hub.url, 'admin');
      expect((await api(hub.url, admin, 'GET', '/api/audit/verify')).json).toMatchObject({ ok: true });
      survived.push(`${kp} (levels logged at kill: ${atKill}/${ids.length * 3})`);
      await hub.stop();
      hub = undefined;
    }
    console.log(`critical escalation: ${survived.length} kills survived — ${survived.join('; ')}`);
    expect(survived).toHaveLength(KILL_POINTS.length);
  });
});
