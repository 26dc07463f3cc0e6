import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';
import { defineReportsSuite } from '../suites/reports.suite.js';

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

// The same suite as the PGlite unit run, on a real PostgreSQL 15 (row locks, trigger, concurrency).
defineReportsSuite('PostgreSQL 15', async () => {
  const db = await openPostgres(await server.createDatabase(), 20);
  await migrate(db);
  return db;
});
