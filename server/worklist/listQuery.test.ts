import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { defineListQuerySuite, defineUpgradeCase } from './listQuery.suite.js';

// PGlite is the embedded default database; test/system/worklist-counts-postgres.test.ts runs the
// same suite on PostgreSQL 15 and adds concurrent writers.
defineListQuerySuite('PGlite', async () => {
  const db = await openPglite(undefined);
  await migrate(db);
  return db;
});

defineUpgradeCase('PGlite', () => openPglite(undefined));
