import type { Migration } from '../migrate.js';

/**
 * The patient's ward location on the exam request (issue 8: the 危急值登记 register's 科室/床号
 * column, and the alert the township receives): department (科室) and bed (床号), both optional.
 */
export const m011: Migration = {
  version: 11,
  name: 'exam_request_location',
  sql: `
ALTER TABLE exam_requests ADD COLUMN department text NOT NULL DEFAULT '';
ALTER TABLE exam_requests ADD COLUMN bed text NOT NULL DEFAULT '';
`,
};
