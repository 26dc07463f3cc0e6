import type { Migration } from '../migrate.js';

/**
 * The worklist's default order as an index (open first, then priority rank, then age), so a page
 * of the queue is read in order and stops at LIMIT instead of sorting every matching task
 * (bench/RESULTS.md, worklist at 100,000 tasks). The expressions must stay identical to the
 * ORDER BY in server/worklist/service.ts.
 */
export const m006: Migration = {
  version: 6,
  name: 'worklist_order_index',
  sql: `
CREATE INDEX tasks_queue_order ON tasks (
  (CASE WHEN state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
  (CASE priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END),
  arrived_at, id);
CREATE INDEX tasks_site_queue_order ON tasks (
  site_id,
  (CASE WHEN state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
  (CASE priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END),
  arrived_at, id);
`,
};
