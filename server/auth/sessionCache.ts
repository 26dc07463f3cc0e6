import type { Principal } from '../access/policy.js';

/** NOTIFY channel on which the database announces revoked sessions and changed users (migration 009 triggers). */
export const AUTH_CHANGED_CHANNEL = 'teleread_auth_changed';

export interface CachedSession {
  principal: Principal;
  sessionId: string;
}

interface Entry {
  value: CachedSession;
  expires: number;
}

/**
 * A short-lived memo of the bearer-token session check (session not revoked, user active, role,
 * site), so that the 134 frame requests of a CT series do not each query the database.
 *
 * Correctness rests on invalidation, not on the TTL: every revocation (logout, refresh reuse,
 * disable, role/site change, password reset, in this hub, another hub or the admin CLI) fires a
 * NOTIFY from a database trigger (migration 009) that drops the entries of that session or user;
 * this hub's own logout also drops its entry before it answers. The TTL (a few seconds) only
 * bounds how long a NOTIFY lost with a broken LISTEN connection could go unnoticed.
 *
 * A lookup that started before an invalidation cannot store its (possibly stale) answer afterwards:
 * `begin()` returns the invalidation generation and `set()` ignores answers from an older one.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The generation to hand back to `set` after the database lookup. */
  begin(): number {
    return this.generation;
  }

  get(sessionId: string, userId: string): CachedSession | undefined {
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (e.expires <= this.clock() || e.value.principal.id !== userId) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e.value;
  }

  set(generation: number, value: CachedSession): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(value.sessionId, { value, expires: this.clock() + this.ttlMs });
  }

  invalidateSession(sessionId: string): void {
    this.generation++;
    this.entries.delete(sessionId);
  }

  invalidateUser(userId: string): void {
    this.generation++;
    for (const [sid, e] of this.entries) if (e.value.principal.id === userId) this.entries.delete(sid);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Applies a NOTIFY payload from the triggers: `session:<id>`, `user:<id>`, anything else clears all. */
  onNotify(payload: string): void {
    const [kind, id] = payload.split(':', 2);
    if (kind === 'session' && id) this.invalidateSession(id);
    else if (kind === 'user' && id) this.invalidateUser(id);
    else this.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
