import type { Role } from '../../../../shared/domain/roles.js';
import type { MessageKey } from '../../i18n/translate.js';

/** How far a permission reaches: every member site, the user's own site, or not at all. */
export type PermissionScope = 'all' | 'own' | 'none';

export interface PermissionLine {
  label: MessageKey;
  scope: PermissionScope;
}

type Capability =
  | 'study.read'
  | 'study.upload'
  | 'task.claim.imaging'
  | 'task.claim.ecg'
  | 'report.write'
  | 'report.verify'
  | 'report.print'
  | 'alert.raise'
  | 'alert.acknowledge'
  | 'task.manage'
  | 'admin'
  | 'audit.read';

export const CAPABILITIES: readonly Capability[] = [
  'study.read',
  'study.upload',
  'task.claim.imaging',
  'task.claim.ecg',
  'report.write',
  'report.verify',
  'report.print',
  'alert.raise',
  'alert.acknowledge',
  'task.manage',
  'admin',
  'audit.read',
];

const READER_BASE: Partial<Record<Capability, PermissionScope>> = {
  'study.read': 'all',
  'report.write': 'all',
  'report.print': 'all',
  'alert.raise': 'all',
};

/**
 * What each role may do, for the home page's summary. The hub's access policy
 * (server/access/policy.ts, `decide`) is the authority and checks every request; this table only
 * describes it to the user, and test/e2e/role-summary.test.ts fails when the two disagree.
 */
const MATRIX: Record<Role, Partial<Record<Capability, PermissionScope>>> = {
  radiologist: { ...READER_BASE, 'task.claim.imaging': 'all' },
  senior_radiologist: { ...READER_BASE, 'task.claim.imaging': 'all', 'report.verify': 'all' },
  ecg_reader: { ...READER_BASE, 'task.claim.ecg': 'all' },
  township_staff: { 'study.read': 'own', 'study.upload': 'own', 'report.print': 'own', 'alert.acknowledge': 'own' },
  supervisor: { 'study.read': 'all', 'report.print': 'all', 'task.manage': 'all', admin: 'all', 'audit.read': 'all' },
};

export function permissionScope(role: Role, capability: Capability): PermissionScope {
  return MATRIX[role][capability] ?? 'none';
}

/** The summary lines for a role, allowed ones first (what the user can do is what they look for). */
export function permissionSummary(role: Role): PermissionLine[] {
  const lines = CAPABILITIES.map((c) => ({ label: `perm.${c}` as MessageKey, scope: permissionScope(role, c) }));
  return [...lines.filter((l) => l.scope !== 'none'), ...lines.filter((l) => l.scope === 'none')];
}

/** Whose data a user sees at a given site: readers and supervisors all sites, township staff their own. */
export function siteAccess(role: Role, userSiteId: string, siteId: string): 'all' | 'none' {
  const scope = permissionScope(role, 'study.read');
  if (scope === 'all') return 'all';
  return scope === 'own' && userSiteId === siteId ? 'all' : 'none';
}

/** Reading rooms are dark; township clinics and the office work in daylight. */
export function themeForRole(role: Role | null): 'dark' | 'light' {
  if (role === 'township_staff' || role === 'supervisor') return 'light';
  return 'dark';
}
