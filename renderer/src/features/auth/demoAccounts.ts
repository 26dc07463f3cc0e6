import type { Role } from '../../../../shared/domain/roles.js';

/**
 * The demo accounts, shown on the login page only when the hub says it runs in demo mode
 * (`/api/health` → demo: true). They mirror server/demo/accounts.ts (which the renderer may not
 * import); test/e2e/role-summary.test.ts fails if the two drift apart.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; role: Role }> = [
  { username: 'rad1', role: 'radiologist' },
  { username: 'rad2', role: 'senior_radiologist' },
  { username: 'ecg1', role: 'ecg_reader' },
  { username: 'town1', role: 'township_staff' },
  { username: 'town2', role: 'township_staff' },
  { username: 'admin', role: 'supervisor' },
];

export const DEMO_PASSWORD = 'demo';
