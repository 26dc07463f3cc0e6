import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { decide, type Action, type Principal } from './policy.js';

const COUNTY = 'site-county';
const TOWN_A = 'site-a';
const TOWN_B = 'site-b';
const who = (role: Role, siteId = role === 'township_staff' ? TOWN_A : COUNTY): Principal => ({ id: `u-${role}`, username: role, displayName: role, role, siteId });

const STUDY_ACTIONS: Action[] = ['study.read', 'report.read', 'report.print', 'alert.read', 'task.read'];

describe('access decisions', () => {
  it('township staff see their own site and nothing of another site or of unattributed studies', () => {
    const t = who('township_staff');
    for (const a of [...STUDY_ACTIONS, 'study.upload', 'alert.acknowledge'] as Action[]) {
      expect(decide(t, a, { siteId: TOWN_A }).allowed, `${a} own`).toBe(true);
      expect(decide(t, a, { siteId: TOWN_B }).allowed, `${a} other`).toBe(false);
      expect(decide(t, a, { siteId: null }).allowed, `${a} unattributed`).toBe(false);
      expect(decide(t, a, {}).allowed, `${a} no scope`).toBe(false);
    }
    for (const a of ['report.write', 'report.verify', 'alert.raise', 'task.claim', 'users.manage', 'audit.read'] as Action[]) {
      expect(decide(t, a, { siteId: TOWN_A, kind: 'imaging' }).allowed, a).toBe(false);
    }
  });

  it('readers see every member site but not unattributed studies, and only read their own kind of exam', () => {
    for (const role of ['radiologist', 'senior_radiologist', 'ecg_reader'] as Role[]) {
      const r = who(role);
      for (const a of STUDY_ACTIONS) {
        expect(decide(r, a, { siteId: TOWN_A }).allowed).toBe(true);
        expect(decide(r, a, { siteId: TOWN_B }).allowed).toBe(true);
        expect(decide(r, a, { siteId: null }).allowed).toBe(false);
      }
      expect(decide(r, 'study.upload', { siteId: TOWN_A }).allowed).toBe(false);
      expect(decide(r, 'alert.acknowledge', { siteId: TOWN_A }).allowed).toBe(false);
    }
    expect(decide(who('radiologist'), 'task.claim', { siteId: TOWN_A, kind: 'imaging' }).allowed).toBe(true);
    expect(decide(who('radiologist'), 'task.claim', { siteId: TOWN_A, kind: 'ecg' }).allowed).toBe(false);
    expect(decide(who('ecg_reader'), 'report.write', { siteId: TOWN_B, kind: 'ecg' }).allowed).toBe(true);
    expect(decide(who('ecg_reader'), 'alert.raise', { siteId: TOWN_B, kind: 'imaging' }).allowed).toBe(false);
    expect(decide(who('senior_radiologist'), 'report.verify', { siteId: TOWN_A, kind: 'imaging' }).allowed).toBe(true);
    expect(decide(who('radiologist'), 'report.verify', { siteId: TOWN_A, kind: 'imaging' }).allowed).toBe(false);
  });

  it('supervisors see and administer everything, including unattributed studies, but do not author or acknowledge', () => {
    const s = who('supervisor');
    for (const a of [...STUDY_ACTIONS, 'users.manage', 'sites.manage', 'audit.read', 'task.manage'] as Action[]) {
      expect(decide(s, a, { siteId: null }).allowed, a).toBe(true);
    }
    for (const a of ['report.write', 'report.verify', 'alert.raise', 'alert.acknowledge', 'task.claim', 'study.upload'] as Action[]) {
      expect(decide(s, a, { siteId: TOWN_A, kind: 'imaging' }).allowed, a).toBe(false);
    }
  });

  it('administration is for supervisors only', () => {
    for (const role of ROLES) {
      for (const a of ['users.manage', 'sites.manage', 'audit.read', 'task.manage'] as Action[]) {
        expect(decide(who(role), a).allowed).toBe(role === 'supervisor');
      }
      expect(decide(who(role), 'sites.read').allowed).toBe(true);
    }
  });

  it('always explains its decision', () => {
    const d = decide(who('township_staff'), 'study.read', { siteId: TOWN_B });
    expect(d).toEqual({ allowed: false, reason: 'township staff see only their own site' });
  });
});
