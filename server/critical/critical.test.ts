import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { defineCriticalSuite } from '../../test/suites/critical.suite.js';

// PGlite serialises transactions, so the overlapping-run case checks the logic here; the
// PostgreSQL run in test/system checks it under real concurrency, and across two hubs.
defineCriticalSuite('PGlite', async () => {
  const db = await openPglite(undefined);
  await migrate(db);
  return db;
});
