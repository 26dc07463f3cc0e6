import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';
import { connectEvents, CT, defineWorklistSuite, insertStudy, startTestHub } from '../suites/worklist.suite.js';

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const openDb = async () => {
  const db = await openPostgres(await server.createDatabase(), 60);
  await migrate(db);
  return db;
};

// Real concurrency: 50 claims race on a pool of connections.
defineWorklistSuite('PostgreSQL 15', openDb, 10);

describe('two hubs on one PostgreSQL', () => {
  it('a claim made on hub A reaches a client of hub B within a second (LISTEN/NOTIFY)', async () => {
    const url = await server.createDatabase();
    const dbA = await openPostgres(url);
    await migrate(dbA);
    const dbB = await openPostgres(url);
    const a = await startTestHub(dbA);
    const b = await startTestHub(dbB, { seed: false });
    try {
      const onB = connectEvents(b.url, await b.token('rad2'));
      await onB.ready;
      const uid = await insertStudy(dbA, { siteCode: 'QSX-DPZ', ...CT });
      const [task] = await a.hub.worklist.ensureTasksForStudy(uid);
      await onB.waitFor((e) => e.type === 'task.created' && e.payload.task?.id === task.id, 1000);
      const claim = await a.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/claim`, headers: { authorization: `Bearer ${await a.token('rad1')}` } });
      expect(claim.statusCode).toBe(200);
      const seen = await onB.waitFor((e) => e.type === 'task.updated' && e.payload.task?.id === task.id, 1000);
      expect(seen.payload.task).toMatchObject({ state: 'claimed', claimedBy: { username: 'rad1' } });
      // Exactly once per event, even though both hubs hear every NOTIFY.
      expect(onB.events.filter((e) => e.seq === seen.seq)).toHaveLength(1);
      onB.close();
    } finally {
      await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
    }
  });
});
