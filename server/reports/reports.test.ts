import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { defineReportsSuite } from '../../test/suites/reports.suite.js';

defineReportsSuite('PGlite', async () => {
  const db = await openPglite(undefined);
  await migrate(db);
  return db;
});
