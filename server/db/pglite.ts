import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';
import { acquireDirLock, type DirLock } from './lock.js';

/**
 * PGlite in the data folder. PGlite allows one process per folder and has no lock of its own
 * (DOMAIN.md §8: two processes silently lost rows), so the folder is guarded by a lockfile.
 * Pass `dataDir: undefined` for an in-memory database (tests).
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let lock: DirLock | undefined;
  let location = 'memory://';
  if (dataDir) {
    const dbDir = path.join(dataDir, 'pgdata');
    fs.mkdirSync(dbDir, { recursive: true });
    lock = acquireDirLock(dataDir);
    location = dbDir;
  }
  let pg: PGlite;
  try {
    pg = dataDir ? await PGlite.create(location) : await PGlite.create();
  } catch (err) {
    lock?.release();
    throw err;
  }
  const listeners: Array<() => Promise<void>> = [];
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await pg.query<T>(sql, params ? [...params] : undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    query: q.query,
    exec: q.exec,
    async transaction(fn) {
      return pg.transaction(async (tx) =>
        fn({
          async query<T>(sql: string, params?: readonly unknown[]) {
            const res = await tx.query<T>(sql, params ? [...params] : undefined);
            return res.rows;
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      listeners.push(unsub);
      return unsub;
    },
    async notify(channel, payload) {
      await pg.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    describe: () => ({ kind: 'pglite', location }),
    async close() {
      for (const unsub of listeners.splice(0)) await unsub().catch(() => undefined);
      await pg.close();
      lock?.release();
    },
  };
}
