import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { defineWorklistSuite } from '../../test/suites/worklist.suite.js';

// PGlite serialises transactions, so the race here checks the logic; the PostgreSQL run in
// test/system checks it under real concurrency, with more rounds.
defineWorklistSuite(
  'PGlite',
  async () => {
    const db = await openPglite(undefined);
    await migrate(db);
    return db;
  },
  2,
);
