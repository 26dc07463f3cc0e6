/**
 * Hash routes (`#/viewer/1.2.3`): the desktop shell serves the build from app:// with no
 * index.html fallback for unknown paths, so the path lives in the fragment, which works the same
 * in Electron and in a browser. Pure functions; the hook is in useRoute.ts.
 */

/** `#/a/b?x=1` → `/a/b`; anything else → `/`. */
export function pathFromHash(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const path = raw.split('?')[0];
  if (!path.startsWith('/')) return '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : '/';
}

/** Matches `/viewer/:studyUid` against `/viewer/1.2.3` → `{studyUid: '1.2.3'}`; null when it does not. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null; // malformed escape: not a route of ours
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

/** `('/viewer/:studyUid', {studyUid: '1.2'})` → `/viewer/1.2` (values escaped). */
export function buildPath(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`buildPath: missing ${name} for ${pattern}`);
    return encodeURIComponent(value);
  });
}

export interface RouteDef<R extends string = string> {
  path: string;
  /** Roles that may open this view; all signed-in roles when absent. */
  roles?: readonly R[];
}

/** The first route that matches and that the role may open, else null (the caller shows home). */
export function resolveRoute<T extends RouteDef<string>>(routes: readonly T[], path: string, role: string): { route: T; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.roles && !(route.roles as readonly string[]).includes(role)) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
