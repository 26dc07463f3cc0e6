import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';
import { defineCriticalSuite } from '../suites/critical.suite.js';
import { connectEvents, CT, insertStudy, startTestHub } from '../suites/worklist.suite.js';

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

defineCriticalSuite('PostgreSQL 15', async () => {
  const db = await openPostgres(await server.createDatabase(), 20);
  await migrate(db);
  return db;
});

describe('critical escalation with two hubs on one PostgreSQL', () => {
  it('concurrent runDueEscalations on two hubs fire every deadline exactly once; a raise on hub A reaches town1 on hub B', async () => {
    const url = await server.createDatabase();
    const dbA = await openPostgres(url, 10);
    await migrate(dbA);
    const dbB = await openPostgres(url, 10);
    const a = await startTestHub(dbA);
    const b = await startTestHub(dbB, { seed: false });
    // Each hub reads every notified event back from the database; wait for both to have done so
    // before closing, so no query is left in flight when the pools end.
    const delivered = [a, b].map((h) => {
      let max = 0;
      const waiters: Array<() => void> = [];
      h.hub.events.subscribe((e) => {
        max = Math.max(max, e.seq);
        waiters.splice(0).forEach((w) => w());
      });
      const until = (seq: number): Promise<void> => (max >= seq ? Promise.resolve() : new Promise((r) => waiters.push(() => void until(seq).then(r))));
      return until;
    });
    try {
      const town1 = connectEvents(b.url, await b.token('town1'));
      await town1.ready;
      const rad1 = await a.token('rad1');
      const ids: string[] = [];
      let lastRaised = '';
      for (let i = 0; i < 12; i++) {
        const uid = await insertStudy(dbA, { siteCode: 'QSX-DPZ', ...CT });
        const pid = (await dbA.query<{ patient_id: string }>('SELECT patient_id FROM studies WHERE study_instance_uid = $1', [uid]))[0].patient_id;
        const res = await a.app.inject({
          method: 'POST',
          url: '/api/critical/alerts',
          headers: { authorization: `Bearer ${rad1}` },
          payload: { studyInstanceUid: uid, itemCodes: ['RAD-CHE-02'], patient: { patientId: pid, name: 'Zhang San' } },
        });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
        lastRaised = res.json().raisedAt;
      }
      await town1.waitFor((e) => e.type === 'alert.raised' && (e.payload as { alert?: { id: string } }).alert?.id === ids[0], 1000);
      const at = new Date(new Date(lastRaised).getTime() + 15 * 60_000);
      // Four overlapping runs, two per hub, on a pool of connections: real row-lock contention.
      const runs = await Promise.all([a, b, a, b].map((h) => h.hub.critical.runDueEscalations(at)));
      const fired = runs.flat().filter((w) => ids.includes(w.alertId));
      expect(fired).toHaveLength(ids.length);
      expect(new Set(fired.map((w) => w.alertId)).size).toBe(ids.length);
      const logs = await dbA.query<{ alert_id: string; type: string; n: number }>(
        "SELECT alert_id, type, count(*)::int AS n FROM critical_alert_log WHERE alert_id = ANY($1) AND type IN ('reminder', 'escalation') GROUP BY alert_id, type",
        [ids],
      );
      expect(logs.filter((l) => l.type === 'escalation').map((l) => l.n)).toEqual(ids.map(() => 1));
      expect(logs.filter((l) => l.type === 'reminder').map((l) => l.n)).toEqual(ids.map(() => 1));
      // A run after a restart (a new hub on the same database) finds nothing new at the same time.
      expect((await b.hub.critical.runDueEscalations(at)).filter((w) => ids.includes(w.alertId))).toEqual([]);
      town1.close();
      const last = await a.hub.events.latestSeq();
      await Promise.all(delivered.map((until) => until(last)));
    } finally {
      await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
    }
  });
});
