import { openPglite } from './db/pglite.js';
import { migrate } from './db/migrate.js';
import { defineHubCoreSuite } from '../test/suites/hub-core.suite.js';

// The embedded default: PGlite in memory (the system suite runs the same cases on PostgreSQL 15).
defineHubCoreSuite('PGlite', async () => {
  const db = await openPglite(undefined);
  await migrate(db);
  return db;
});
