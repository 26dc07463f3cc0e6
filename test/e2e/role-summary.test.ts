import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../renderer/src/features/auth/demoAccounts.js';
import { CAPABILITIES, permissionScope } from '../../renderer/src/features/home/permissions.js';
import { decide, type Action, type Principal, type Scope } from '../../server/access/policy.js';
import { DEMO_PASSWORD as HUB_DEMO_PASSWORD, DEMO_USERS } from '../../server/demo/accounts.js';

/**
 * The home page describes each role's permissions (renderer) and the login page lists the demo
 * accounts; the renderer may not import the hub, so this test holds the two copies to the hub's
 * own policy (`decide`) and demo seed. A policy change without a UI change fails here.
 */
const OWN = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';

/** The hub action and exam kind behind each line of the summary. */
const ACTIONS: Record<(typeof CAPABILITIES)[number], { actions: Action[]; kind?: Scope['kind']; siteless?: boolean }> = {
  'study.read': { actions: ['study.read', 'task.read', 'alert.read'] },
  'study.upload': { actions: ['study.upload'] },
  'task.claim.imaging': { actions: ['task.claim'], kind: 'imaging' },
  'task.claim.ecg': { actions: ['task.claim'], kind: 'ecg' },
  'report.write': { actions: ['report.write'], kind: undefined },
  'report.verify': { actions: ['report.verify'], kind: 'imaging' },
  'report.print': { actions: ['report.print', 'report.read'] },
  'alert.raise': { actions: ['alert.raise'] },
  'alert.acknowledge': { actions: ['alert.acknowledge'] },
  'task.manage': { actions: ['task.manage'], siteless: true },
  admin: { actions: ['users.manage', 'sites.manage'], siteless: true },
  'audit.read': { actions: ['audit.read'], siteless: true },
};

function hubScope(role: Role, capability: (typeof CAPABILITIES)[number]): 'all' | 'own' | 'none' {
  const p: Principal = { id: 'u', username: 'u', displayName: 'u', role, siteId: OWN };
  const { actions, kind, siteless } = ACTIONS[capability];
  const allowedAt = (siteId: string) => actions.every((a) => decide(p, a, siteless ? {} : { siteId, kind }).allowed);
  const own = allowedAt(OWN);
  const other = allowedAt(OTHER);
  return own && other ? 'all' : own ? 'own' : 'none';
}

describe('UI role summary matches the hub policy', () => {
  for (const role of ROLES) {
    it(role, () => {
      const ui = Object.fromEntries(CAPABILITIES.map((c) => [c, permissionScope(role, c)]));
      const hub = Object.fromEntries(CAPABILITIES.map((c) => [c, hubScope(role, c)]));
      expect(ui).toEqual(hub);
    });
  }

  it('the login page lists exactly the demo accounts the hub seeds, with their roles and password', () => {
    expect(DEMO_ACCOUNTS.map((a) => [a.username, a.role])).toEqual(DEMO_USERS.map((u) => [u.username, u.role]));
    expect(DEMO_PASSWORD).toBe(HUB_DEMO_PASSWORD);
  });
});
