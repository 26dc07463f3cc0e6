import { describe, expect, it } from 'vitest';
import { buildPath, matchPath, pathFromHash, resolveRoute } from './router.js';

describe('hash router', () => {
  it('reads the path from the hash, tolerating junk', () => {
    expect(pathFromHash('')).toBe('/');
    expect(pathFromHash('#/')).toBe('/');
    expect(pathFromHash('#/worklist/')).toBe('/worklist');
    expect(pathFromHash('#/viewer/1.2.3?series=4')).toBe('/viewer/1.2.3');
    expect(pathFromHash('#main')).toBe('/'); // the skip link's anchor is not a route
  });

  it('matches and builds parameterised paths, escaping values', () => {
    expect(matchPath('/viewer/:studyUid', '/viewer/1.2.840.1')).toEqual({ studyUid: '1.2.840.1' });
    expect(matchPath('/viewer/:studyUid', '/viewer')).toBeNull();
    expect(matchPath('/viewer/:studyUid', '/report/1.2')).toBeNull();
    expect(matchPath('/p/:name', '/p/%E7%8E%8B%E7%A3%8A')).toEqual({ name: '王磊' });
    expect(matchPath('/p/:name', '/p/%E7%8E')).toBeNull();
    expect(buildPath('/p/:name', { name: '王 磊/x' })).toBe('/p/%E7%8E%8B%20%E7%A3%8A%2Fx');
    expect(() => buildPath('/viewer/:studyUid')).toThrow(/studyUid/);
  });

  it('skips routes the role may not open', () => {
    const routes: { path: string; id: string; roles?: string[] }[] = [
      { path: '/', id: 'home' },
      { path: '/admin', id: 'admin', roles: ['supervisor'] },
    ];
    expect(resolveRoute(routes, '/admin', 'supervisor')?.route.id).toBe('admin');
    expect(resolveRoute(routes, '/admin', 'radiologist')).toBeNull();
    expect(resolveRoute(routes, '/', 'radiologist')?.route.id).toBe('home');
  });
});
