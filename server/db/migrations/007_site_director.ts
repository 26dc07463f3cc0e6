import type { Migration } from '../migrate.js';

/**
 * Critical-value escalation ladder (issue 8): other staff of the site → the site's director
 * account → alliance supervisors. Each township site may name one director account (a township
 * staff user of that site); set by a supervisor (`PUT /api/sites/:id/director`, or
 * `npm run admin -- set-director`). No director: level 2 goes to the supervisors so the ladder
 * never stalls.
 */
export const m007: Migration = {
  version: 7,
  name: 'site_director',
  sql: `
ALTER TABLE sites ADD COLUMN director_user_id uuid REFERENCES users(id);
`,
};
