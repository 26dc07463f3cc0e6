import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { countedStates, defineListQuerySuite, defineUpgradeCase, seedFixture } from '../../server/worklist/listQuery.suite.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const openDb = async (poolSize = 10) => {
  const db = await openPostgres(await server.createDatabase(), poolSize);
  await migrate(db);
  return db;
};

defineListQuerySuite('PostgreSQL 15', () => openDb());
defineUpgradeCase('PostgreSQL 15', async () => openPostgres(await server.createDatabase(), 2));

/** Same-snapshot comparison: both sides in one statement, so they see the same committed transactions. */
const SNAPSHOT_CHECK = `
SELECT (SELECT coalesce(json_object_agg(state, n), '{}') FROM
          (SELECT state, sum(n)::int AS n FROM task_counts GROUP BY state HAVING sum(n) <> 0) a)::text AS from_table,
       (SELECT coalesce(json_object_agg(state, n), '{}') FROM (SELECT state, count(*)::int AS n FROM tasks GROUP BY state) b)::text AS counted`;

const sorted = (json: string) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, number>).sort()));

describe('task_counts under concurrent writers on PostgreSQL 15', () => {
  it('every snapshot a reader takes has counts equal to its tasks, while 8 writers commit and roll back and the deltas are compacted', async () => {
    const db = await openDb(12);
    try {
      const f = await seedFixture(db, 40, '1.2.826.0.1.3680043.10.999.78.');
      const ids = (await db.query<{ id: string }>('SELECT id FROM tasks')).map((r) => r.id);
      const states = ['waiting', 'claimed', 'preliminary', 'final', 'amended', 'cancelled'];
      const priorities = ['stat', 'urgent', 'routine'];
      let stop = false;
      let commits = 0;
      let rollbacks = 0;
      let n = 0;
      const writer = async (w: number) => {
        for (let i = 0; i < 30; i++) {
          const id = ids[(w * 31 + i * 7) % ids.length];
          const rollback = (w + i) % 5 === 0;
          const uid = `1.2.826.0.1.3680043.10.999.78.w${w}.${i}`;
          const done = db.transaction(async (tx) => {
            // One task row per transaction (row locks only wait, never deadlock), plus a new task.
            await tx.query('UPDATE tasks SET state = $2, priority = $3, version = version + 1 WHERE id = $1', [id, states[(w + i) % states.length], priorities[i % 3]]);
            await tx.query("INSERT INTO studies (study_instance_uid, site_id, source) VALUES ($1, $2, 'upload')", [uid, w % 2 ? f.sites.a : f.sites.b]);
            await tx.query("INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state) VALUES ($1, 'imaging', $2, 'routine', 'waiting')", [uid, w % 2 ? f.sites.a : f.sites.b]);
            if (i % 6 === 5) await tx.query('DELETE FROM tasks WHERE study_instance_uid = $1', [uid]);
            if (rollback) throw new Error('rollback');
          });
          await done.then(
            () => commits++,
            () => rollbacks++,
          );
        }
      };
      const compactor = async () => {
        while (!stop) await f.worklist.compactCounts();
      };
      const mismatches: string[] = [];
      const reader = async () => {
        while (!stop) {
          const [r] = await db.query<{ from_table: string; counted: string }>(SNAPSHOT_CHECK);
          n++;
          if (sorted(r.from_table) !== sorted(r.counted)) mismatches.push(`${r.from_table} vs ${r.counted}`);
        }
      };
      const background = [compactor(), compactor(), reader(), reader()];
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      stop = true;
      await Promise.all(background);
      expect(mismatches).toEqual([]);
      expect(commits).toBeGreaterThan(150);
      expect(rollbacks).toBeGreaterThan(30);
      expect(n).toBeGreaterThan(5);
      // Per key as well: the list's counts for each principal equal the tasks counted.
      const list = await f.worklist.list(f.principals.townA, { limit: 1, offset: 0 });
      expect(list.counts).toEqual(await countedStates(db, 't.site_id = $1', [f.sites.a]));
      const all = await f.worklist.list(f.principals.supervisor, { limit: 1, offset: 0, kind: 'imaging', priority: 'routine' });
      expect(all.counts).toEqual(await countedStates(db, "t.kind = 'imaging' AND t.priority = 'routine'"));
    } finally {
      await db.close();
    }
  });
});
