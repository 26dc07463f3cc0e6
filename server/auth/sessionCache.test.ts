import { describe, expect, it } from 'vitest';
import type { Principal } from '../access/policy.js';
import { SessionCache } from './sessionCache.js';

const principal = (id: string): Principal => ({ id, username: id, displayName: id, role: 'radiologist', siteId: 'site' });

describe('SessionCache', () => {
  it('keeps an answer for its TTL only', () => {
    let now = 1000;
    const c = new SessionCache(5000, 10, () => now);
    c.set(c.begin(), { principal: principal('u1'), sessionId: 's1' });
    expect(c.get('s1', 'u1')?.principal.id).toBe('u1');
    expect(c.get('s1', 'u2')).toBeUndefined();
    c.set(c.begin(), { principal: principal('u1'), sessionId: 's1' });
    now += 5000;
    expect(c.get('s1', 'u1')).toBeUndefined();
  });

  it('drops the entries a NOTIFY names: a session, every session of a user, or everything', () => {
    const c = new SessionCache(5000);
    const fill = () => {
      for (const [sid, uid] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']]) c.set(c.begin(), { principal: principal(uid), sessionId: sid });
    };
    fill();
    c.onNotify('session:s1');
    expect([c.get('s1', 'u1'), c.get('s2', 'u1')?.sessionId]).toEqual([undefined, 's2']);
    c.onNotify('user:u1');
    expect([c.get('s2', 'u1'), c.get('s3', 'u2')?.sessionId]).toEqual([undefined, 's3']);
    c.onNotify('something else');
    expect(c.size).toBe(0);
  });

  it('does not store an answer looked up before an invalidation that happened meanwhile', () => {
    const c = new SessionCache(5000);
    const gen = c.begin(); // the database lookup starts…
    c.onNotify('session:s1'); // …the session is revoked while it runs…
    c.set(gen, { principal: principal('u1'), sessionId: 's1' }); // …and its stale "valid" answer arrives
    expect(c.get('s1', 'u1')).toBeUndefined();
    c.set(c.begin(), { principal: principal('u1'), sessionId: 's1' });
    expect(c.get('s1', 'u1')).toBeDefined();
  });

  it('stores nothing when turned off (TTL 0)', () => {
    const c = new SessionCache(0);
    c.set(c.begin(), { principal: principal('u1'), sessionId: 's1' });
    expect(c.get('s1', 'u1')).toBeUndefined();
  });
});
