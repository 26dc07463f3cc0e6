import { afterAll, beforeAll } from 'vitest';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { defineHubCoreSuite } from '../suites/hub-core.suite.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

defineHubCoreSuite('PostgreSQL 15', async () => {
  const db = await openPostgres(await server.createDatabase());
  await migrate(db);
  return db;
});
