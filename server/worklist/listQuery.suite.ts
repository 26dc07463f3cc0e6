import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskQuery } from '../../shared/api/worklist.js';
import type { Principal } from '../access/policy.js';
import type { Database } from '../db/database.js';
import { likePattern } from './query.js';
import { Worklist } from './service.js';

/**
 * The list query of migration 010 against plain SQL oracles: counts per state from `task_counts`
 * equal the tasks counted, and the indexed search finds exactly what the bare ILIKE finds. Shared
 * by the PGlite unit run (server/worklist/listQuery.test.ts) and the PostgreSQL 15 system run.
 */

const NAMES: Array<[string, string]> = [
  ['Zhang^Wei', '张伟'],
  ['Zhang^Weiming', '张伟明'],
  ['Wang^Fang', '王芳'],
  ['Li^Na', '李娜'],
  ['Ouyang^Wei', '欧阳伟'],
  ['Zhao^Min', '赵敏'],
  ['Chen^Jing', '陈静'],
  ['Liu^Qiang', '刘强'],
  ['Huang^Lei', '黄磊'],
  ['Yang^Zhang', '杨张'],
  ['O_Brien%Test', '王\\伟'],
];
const STATES = ['waiting', 'claimed', 'preliminary', 'final', 'amended', 'cancelled'] as const;
const PRIORITIES = ['stat', 'urgent', 'routine'] as const;

export interface Fixture {
  db: Database;
  worklist: Worklist;
  sites: { a: string; b: string; county: string };
  principals: Record<'reader' | 'townA' | 'supervisor', Principal>;
}

/** Sites, a reader, and `n` studies with one task each spread over sites (one in five unattributed), kinds, priorities and states. */
export async function seedFixture(db: Database, n: number, prefix = '1.2.826.0.1.3680043.10.999.77.'): Promise<Fixture> {
  const site = async (code: string, kind: string) =>
    (await db.query<{ id: string }>('INSERT INTO sites (code, name, kind) VALUES ($1, $1, $2) RETURNING id', [code, kind]))[0].id;
  const sites = { a: await site(`${prefix}A`, 'township'), b: await site(`${prefix}B`, 'township'), county: await site(`${prefix}C`, 'county') };
  const user = async (username: string, role: Principal['role'], siteId: string): Promise<Principal> => {
    const id = (await db.query<{ id: string }>("INSERT INTO users (username, display_name, role, site_id, password_hash) VALUES ($1, $1, $2, $3, 'x') RETURNING id", [username, role, siteId]))[0].id;
    return { id, username, displayName: username, role, siteId };
  };
  const principals = {
    reader: await user(`${prefix}reader`, 'radiologist', sites.county),
    townA: await user(`${prefix}town`, 'township_staff', sites.a),
    supervisor: await user(`${prefix}super`, 'supervisor', sites.county),
  };
  for (let i = 0; i < n; i++) {
    const [name, ideo] = NAMES[i % NAMES.length];
    const siteId = i % 5 === 4 ? null : i % 2 ? sites.a : sites.b;
    const uid = `${prefix}${i}`;
    await db.query(
      `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, accession_number, modalities, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'upload')`,
      [uid, siteId, `P${String(i).padStart(6, '0')}`, name, ideo, i % 7 ? `ACC-${i}` : null, [i % 3 ? 'CT' : 'ECG']],
    );
    const state = STATES[i % STATES.length];
    await db.query(
      `INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state, claimed_by, lease_expires_at, arrived_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8))`,
      [uid, i % 3 ? 'imaging' : 'ecg', siteId, PRIORITIES[i % 3 === 1 ? 0 : i % 4 === 0 ? 1 : 2], state, state === 'claimed' ? principals.reader.id : null, state === 'claimed' ? new Date(Date.now() + 600_000) : null, i],
    );
  }
  return { db, worklist: new Worklist(db, undefined as never, undefined as never), sites, principals };
}

/** The counts per state, counted from the tasks themselves (what the list returned before migration 010). */
export async function countedStates(db: Database, where = 'TRUE', params: unknown[] = []): Promise<Record<string, number>> {
  const rows = await db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM tasks t WHERE ${where} GROUP BY state`, params);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Every filter shape whose counts come from task_counts, for each principal. */
async function expectCountsMatch(f: Fixture) {
  const shapes: Array<[Principal, Partial<TaskQuery>, string, unknown[]]> = [];
  for (const who of ['reader', 'townA', 'supervisor'] as const) {
    const p = f.principals[who];
    const access = who === 'townA' ? ['t.site_id = $1', [f.sites.a]] : who === 'reader' ? ['t.site_id IS NOT NULL', []] : ['TRUE', []];
    const [acc, accParams] = access as [string, unknown[]];
    shapes.push([p, {}, acc, accParams]);
    for (const kind of ['imaging', 'ecg'] as const) shapes.push([p, { kind }, `${acc} AND t.kind = $${accParams.length + 1}`, [...accParams, kind]]);
    for (const priority of PRIORITIES) shapes.push([p, { priority, state: 'waiting' }, `${acc} AND t.priority = $${accParams.length + 1}`, [...accParams, priority]]);
    shapes.push([p, { siteId: f.sites.b, kind: 'imaging' }, `${acc} AND t.site_id = $${accParams.length + 1} AND t.kind = 'imaging'`, [...accParams, f.sites.b]]);
  }
  for (const [p, q, where, params] of shapes) {
    const list = await f.worklist.list(p, { limit: 1, offset: 0, ...q });
    const expected = await countedStates(f.db, where, params);
    expect(list.counts, `${p.role} ${JSON.stringify(q)}`).toEqual(expected);
    const states = q.state ? [q.state].flat() : undefined;
    expect(list.total).toBe(Object.entries(expected).filter(([s]) => !states || states.includes(s as never)).reduce((n, [, c]) => n + c, 0));
  }
}

export function defineListQuerySuite(label: string, openDb: () => Promise<Database>) {
  describe(`worklist list query (migration 010) on ${label}`, () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await seedFixture(await openDb(), 132);
    });
    afterAll(async () => {
      await f?.db.close();
    });

    it('counts per state from task_counts equal the tasks counted, through inserts, updates, deletes, a rollback and compaction', async () => {
      const { db, worklist } = f;
      await expectCountsMatch(f);
      // Single-row changes of every key column, and a many-row statement.
      await db.query("UPDATE tasks SET state = 'claimed', claimed_by = $1 WHERE study_instance_uid = $2", [f.principals.reader.id, '1.2.826.0.1.3680043.10.999.77.0']);
      await db.query("UPDATE tasks SET priority = 'stat', priority_overridden = true WHERE study_instance_uid LIKE '%.1_'");
      await db.query('UPDATE tasks SET site_id = $1 WHERE site_id IS NULL AND kind = $2', [f.sites.a, 'imaging']);
      await db.query("UPDATE tasks SET state = 'final' WHERE state IN ('preliminary', 'amended')");
      await db.query('UPDATE tasks SET version = version + 1'); // no key column changes: no delta rows
      await db.query("DELETE FROM tasks WHERE state = 'cancelled' AND kind = 'ecg'");
      await expect(
        db.transaction(async (tx) => {
          await tx.query("UPDATE tasks SET state = 'cancelled'");
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      await expectCountsMatch(f);
      const before = (await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM task_counts'))[0].rows;
      expect(await worklist.compactCounts()).toBe(before);
      const keys = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT DISTINCT site_id, kind, priority, state FROM tasks) k'))[0].n;
      expect((await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM task_counts'))[0].rows).toBe(keys);
      await expectCountsMatch(f);
    });

    it('a filter on study columns or on the holder still counts the matching tasks', async () => {
      const list = await f.worklist.list(f.principals.reader, { limit: 1, offset: 0, modality: 'ct' });
      const expected = await countedStates(f.db, "t.site_id IS NOT NULL AND EXISTS (SELECT 1 FROM studies s WHERE s.study_instance_uid = t.study_instance_uid AND 'CT' = ANY(s.modalities))");
      expect(list.counts).toEqual(expected);
      // The tasks' copy of the study's modalities follows the study (trigger of migration 010).
      const uid = '1.2.826.0.1.3680043.10.999.77.1';
      const byModality = async (modality: string) => (await f.worklist.list(f.principals.reader, { limit: 10_000, offset: 0, modality })).tasks.map((t) => t.studyInstanceUid);
      expect(await byModality('CT')).toContain(uid);
      await f.db.query("UPDATE studies SET modalities = '{MR,SR}' WHERE study_instance_uid = $1", [uid]);
      expect(await byModality('CT')).not.toContain(uid);
      expect(await byModality('mr')).toContain(uid);
      expect(await byModality('SR')).toEqual([uid]);
      const copied = await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks t JOIN studies s USING (study_instance_uid) WHERE t.modalities IS DISTINCT FROM s.modalities');
      expect(copied[0].n).toBe(0);
      const mine = await f.worklist.list(f.principals.reader, { limit: 1000, offset: 0, mine: true });
      expect(mine.counts).toEqual(await countedStates(f.db, "t.site_id IS NOT NULL AND t.claimed_by = $1 AND t.state = 'claimed' AND t.lease_expires_at > now()", [f.principals.reader.id]));
      expect(mine.tasks.length).toBe(mine.total);
    });

    it('the indexed search finds exactly what the unanchored ILIKE over name, ideographic name, ID and accession finds', async () => {
      const queries = ['张伟', '张', '伟', '伟明', '张伟明', '欧阳伟', '阳伟', 'zhang', 'ZHANG^W', 'ang^we', 'g^zh', 'wei', 'P0000', '00012', '0', 'acc-1', 'ACC-13', '%', '_', '\\', '王\\伟', 'o_b', '伟P', 'x张', '张伟明x'];
      for (const q of queries) {
        const like = likePattern(q);
        const oracle = await f.db.query<{ id: string; state: string }>(
          `SELECT t.id, t.state FROM tasks t JOIN studies st ON st.study_instance_uid = t.study_instance_uid
            WHERE st.patient_name ILIKE $1 OR st.patient_name_ideographic ILIKE $1 OR st.patient_id ILIKE $1 OR st.accession_number ILIKE $1`,
          [like],
        );
        const list = await f.worklist.list(f.principals.supervisor, { limit: 10_000, offset: 0, q });
        expect(list.tasks.map((t) => t.id).sort(), q).toEqual(oracle.map((r) => r.id).sort());
        expect(list.total, q).toBe(oracle.length);
        const byState: Record<string, number> = {};
        for (const r of oracle) byState[r.state] = (byState[r.state] ?? 0) + 1;
        expect(list.counts, q).toEqual(byState);
      }
      // Past the last page: no rows, the counts and total still there.
      const past = await f.worklist.list(f.principals.supervisor, { limit: 10, offset: 10_000, q: '伟', state: 'final' });
      expect(past.tasks).toEqual([]);
      expect(past.total).toBe(past.counts.final);
      expect(past.total).toBeGreaterThan(0);
      // Not vacuous: the two-character Chinese name and a pinyin fragment do find studies.
      expect((await f.worklist.list(f.principals.supervisor, { limit: 10_000, offset: 0, q: '张伟' })).total).toBeGreaterThan(10);
      expect((await f.worklist.list(f.principals.supervisor, { limit: 10_000, offset: 0, q: 'ang^we' })).total).toBeGreaterThan(10);
    });

    it('pages come in queue order (open first, priority, arrival) and consecutive pages make the whole list', async () => {
      const oracle = await f.db.query<{ id: string }>(
        `SELECT t.id FROM tasks t WHERE t.site_id IS NOT NULL AND t.kind = 'imaging'
          ORDER BY (CASE WHEN t.state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
                   (CASE t.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END), t.arrived_at, t.id`,
      );
      const paged: string[] = [];
      for (let offset = 0; offset < oracle.length + 7; offset += 7) {
        paged.push(...(await f.worklist.list(f.principals.reader, { limit: 7, offset, kind: 'imaging' })).tasks.map((t) => t.id));
      }
      expect(oracle.length).toBeGreaterThan(20);
      expect(paged).toEqual(oracle.map((r) => r.id));
      const searched = (await f.worklist.list(f.principals.reader, { limit: 5, offset: 0, q: '伟', state: ['final', 'waiting'] })).tasks;
      expect(searched.length).toBe(5);
      const rank = (t: (typeof searched)[number]) => [['waiting', 'claimed'].includes(t.state) ? 0 : 1, ['stat', 'urgent', 'routine'].indexOf(t.priority), Date.parse(t.arrivedAt)];
      for (let i = 1; i < searched.length; i++) {
        const [a, b] = [rank(searched[i - 1]), rank(searched[i])];
        expect(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))), `${JSON.stringify(a)} before ${JSON.stringify(b)}`).toBe(true);
      }
    });

    it('the search condition is one the studies_search_terms index can serve', async () => {
      await f.db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        const plan = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT 1 FROM studies st
            WHERE teleread_search_terms(st.patient_name, st.patient_name_ideographic, st.patient_id, st.accession_number) @> teleread_query_terms($1)`,
          ['张伟'],
        );
        expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/studies_search_terms/);
      });
      // The list's own WHERE text uses that very expression.
      const { SEARCH_SQL } = await import('./query.js');
      expect(SEARCH_SQL).toContain('teleread_search_terms(st.patient_name, st.patient_name_ideographic, st.patient_id, st.accession_number) @> teleread_query_terms(');
    });
  });
}

/** Migration 010 on a database that already has studies and tasks (an upgraded hub). */
export function defineUpgradeCase(label: string, openEmptyDb: () => Promise<Database>) {
  it(`migration 010 on existing studies and tasks (${label}): counts, modality copy and search index from the rows already there`, async () => {
    const { migrate } = await import('../db/migrate.js');
    const { MIGRATIONS } = await import('../db/migrations/index.js');
    const db = await openEmptyDb();
    try {
      await migrate(db, MIGRATIONS.filter((m) => m.version < 10));
      const site = (await db.query<{ id: string }>("INSERT INTO sites (code, name, kind) VALUES ('UPG', 'UPG', 'township') RETURNING id"))[0].id;
      for (let i = 0; i < 12; i++) {
        const uid = `1.2.826.0.1.3680043.10.999.79.${i}`;
        await db.query("INSERT INTO studies (study_instance_uid, site_id, patient_name_ideographic, patient_id, modalities, source) VALUES ($1, $2, $3, $4, $5, 'upload')", [
          uid, i % 3 ? site : null, i % 2 ? '张伟' : '王芳', `U${i}`, [i % 2 ? 'CT' : 'DX'],
        ]);
        await db.query('INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state) VALUES ($1, $2, $3, $4, $5)', [
          uid, 'imaging', i % 3 ? site : null, i % 4 ? 'routine' : 'stat', STATES[i % STATES.length],
        ]);
      }
      await migrate(db);
      const fromTable = await db.query<{ state: string; n: number }>('SELECT state, sum(n)::int AS n FROM task_counts GROUP BY state HAVING sum(n) <> 0');
      expect(Object.fromEntries(fromTable.map((r) => [r.state, r.n]))).toEqual(await countedStates(db));
      const stale = await db.query('SELECT 1 FROM tasks t JOIN studies s USING (study_instance_uid) WHERE t.modalities IS DISTINCT FROM s.modalities');
      expect(stale).toEqual([]);
      const wl = new Worklist(db, undefined as never, undefined as never);
      const sup: Principal = { id: '00000000-0000-4000-8000-000000000000', username: 's', displayName: 's', role: 'supervisor', siteId: site };
      expect((await wl.list(sup, { limit: 100, offset: 0, q: '张伟' })).total).toBe(6);
      expect((await wl.list(sup, { limit: 100, offset: 0, modality: 'DX' })).total).toBe(6);
    } finally {
      await db.close();
    }
  });
}
