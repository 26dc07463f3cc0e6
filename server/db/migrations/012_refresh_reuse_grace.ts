import type { Migration } from '../migrate.js';

/**
 * Refresh-token rotation with a short grace for a lost answer (issue 3): a refresh token remembers
 * the address that used it and the successor it was exchanged for, so a page reloaded while its
 * refresh answer was on the wire can exchange the same token once more — from the same address,
 * within seconds, and only while that successor was never used — instead of the session being
 * revoked as a leaked token.
 */
export const m012: Migration = {
  version: 12,
  name: 'refresh_reuse_grace',
  sql: `
ALTER TABLE refresh_tokens ADD COLUMN used_ip text;
ALTER TABLE refresh_tokens ADD COLUMN successor_hash text;
`,
};
