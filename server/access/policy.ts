import { isReader, type Role } from '../../shared/domain/roles.js';

/**
 * The one place that answers "may this user do this to this thing?". Every route asks it; it is a
 * pure function of who is asking and the scope of the resource, so it is tested without a server.
 */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  siteId: string;
}

export type Action =
  | 'study.read' // images, metadata, study index
  | 'study.upload'
  | 'report.read'
  | 'report.print'
  | 'report.write'
  | 'report.verify'
  | 'alert.read'
  | 'alert.raise'
  | 'alert.acknowledge'
  | 'task.read'
  | 'task.claim'
  | 'task.manage' // priority, reassignment, cancellation
  | 'sites.read'
  | 'sites.manage'
  | 'users.manage'
  | 'audit.read';

export type ExamKind = 'imaging' | 'ecg';

export interface Scope {
  /** The site a study (and so its tasks, reports, alerts) belongs to; null = not yet attributed. */
  siteId?: string | null;
  /** Imaging or ECG: decides which readers may claim and report. */
  kind?: ExamKind;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

function readsKind(role: Role, kind: ExamKind | undefined): boolean {
  if (kind === 'ecg') return role === 'ecg_reader';
  if (kind === 'imaging') return role === 'radiologist' || role === 'senior_radiologist';
  return isReader(role);
}

export function decide(p: Principal, action: Action, scope: Scope = {}): Decision {
  const { role } = p;
  const hasSite = scope.siteId !== undefined;
  const ownSite = hasSite && scope.siteId !== null && scope.siteId === p.siteId;
  const attributed = hasSite && scope.siteId !== null;

  if (action === 'sites.read') return allow('every signed-in user sees the alliance sites');
  if (action === 'sites.manage' || action === 'users.manage' || action === 'audit.read' || action === 'task.manage') {
    return role === 'supervisor' ? allow('supervisor administers the alliance') : deny(`${action} is for supervisors`);
  }

  if (role === 'supervisor') {
    // Alliance-wide oversight: sees everything, including unattributed studies, but does not
    // author reports or answer alerts.
    if (action === 'report.write' || action === 'report.verify' || action === 'alert.raise' || action === 'alert.acknowledge' || action === 'task.claim' || action === 'study.upload') {
      return deny(`supervisors do not ${action}`);
    }
    return allow('supervisor sees all sites');
  }

  if (role === 'township_staff') {
    if (!ownSite) return deny(hasSite ? 'township staff see only their own site' : 'no site in scope');
    switch (action) {
      case 'study.read':
      case 'study.upload':
      case 'report.read':
      case 'report.print':
      case 'alert.read':
      case 'alert.acknowledge':
      case 'task.read':
        return allow('own township site');
      default:
        return deny(`township staff do not ${action}`);
    }
  }

  // Readers: the studies of the alliance's member sites, never unattributed ones.
  if (hasSite && !attributed) return deny('study not yet attributed to a site');
  switch (action) {
    case 'study.read':
    case 'report.read':
    case 'alert.read':
    case 'task.read':
      return allow('reader at the county reading centre');
    case 'report.print':
      return allow('reader may print a report');
    case 'task.claim':
    case 'report.write':
    case 'alert.raise':
      return readsKind(role, scope.kind) ? allow(`${role} reads ${scope.kind ?? 'this'} exams`) : deny(`${role} does not read ${scope.kind} exams`);
    case 'report.verify':
      return role === 'senior_radiologist' && scope.kind !== 'ecg'
        ? allow('senior radiologist verifies')
        : deny('only a senior radiologist verifies reports');
    default:
      return deny(`${role} may not ${action}`);
  }
}
