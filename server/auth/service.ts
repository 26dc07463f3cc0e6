import type { LoginResponse, UserSummary } from '../../shared/api/auth.js';
import type { Role } from '../../shared/domain/roles.js';
import type { Principal } from '../access/policy.js';
import type { AuditLog } from '../audit/log.js';
import type { Database, Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { AUTH_CHANGED_CHANNEL, SessionCache } from './sessionCache.js';
import { hashRefreshToken, newRefreshToken, newSecret, TokenSigner } from './tokens.js';

export interface ThrottlePolicy {
  /** Failed passwords in a row before an account locks. */
  accountMaxFailures: number;
  accountLockMinutes: number;
  /** Failed logins from one address within the window before it is refused for a while. */
  addressMaxFailures: number;
  addressWindowMinutes: number;
  addressBlockMinutes: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountMaxFailures: 5,
  accountLockMinutes: 15,
  addressMaxFailures: 20,
  addressWindowMinutes: 15,
  addressBlockMinutes: 15,
};

export interface AuthOptions {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /**
   * A refresh token used again within this many seconds, from the address that used it, while its
   * successor is still unused, is exchanged once more (a reload lost the answer) and the unused
   * successor is retired; anything else is reuse and revokes the session. 0 turns the grace off.
   */
  refreshReuseGraceSeconds?: number;
  throttle: ThrottlePolicy;
  /** Fixed secret (all hubs of one database must agree); else one is created and kept in `settings`. */
  secret?: string;
  /** Demo accounts (password `demo`) may log in only when the hub runs in demo mode. */
  demo: boolean;
  /** How long a session check is memoised (sessionCache.ts); 0 turns the memo off. Default 5 s. */
  sessionCacheMs?: number;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  site_id: string;
  site_code: string;
  site_name: string;
  active: boolean;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.site_id, s.code AS site_code, s.name AS site_name,
  u.active, u.password_hash, u.failed_logins, u.locked_until FROM users u JOIN sites s ON s.id = u.site_id`;

export function toUserSummary(r: Omit<UserRow, 'password_hash' | 'failed_logins' | 'locked_until'>): UserSummary {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    siteId: r.site_id,
    siteCode: r.site_code,
    siteName: r.site_name,
    active: r.active,
  };
}

const minutesLeft = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60000));

export const DEMO_PASSWORD_MARK = 'demo-only:';

export const DEFAULT_SESSION_CACHE_MS = 5_000;

export class AuthService {
  private signer!: TokenSigner;
  /** Memo of session checks, emptied by the database's NOTIFY on every revocation or user change. */
  readonly sessions: SessionCache;
  private unlisten: (() => Promise<void>) | undefined;

  private constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly opts: AuthOptions,
  ) {
    this.sessions = new SessionCache(opts.sessionCacheMs ?? DEFAULT_SESSION_CACHE_MS);
  }

  static async create(db: Database, audit: AuditLog, opts: AuthOptions): Promise<AuthService> {
    const svc = new AuthService(db, audit, opts);
    svc.signer = new TokenSigner(opts.secret ?? (await loadOrCreateSecret(db)));
    if (svc.sessions.enabled) svc.unlisten = await db.listen(AUTH_CHANGED_CHANNEL, (payload) => svc.sessions.onNotify(payload));
    return svc;
  }

  /** Stops listening for revocations (the memo is emptied and no longer used). */
  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    this.sessions.clear();
    await unlisten?.().catch(() => undefined);
  }

  async login(username: string, password: string, meta: RequestMeta, now = new Date()): Promise<LoginResponse> {
    const ipKey = `ip:${meta.ip ?? 'unknown'}`;
    const blocked = await this.db.query<{ blocked_until: Date }>(
      'SELECT blocked_until FROM login_throttle WHERE key = $1 AND blocked_until > $2',
      [ipKey, now],
    );
    if (blocked.length) {
      await this.audit.record({ action: 'auth.login', outcome: 'denied', username, ip: meta.ip, detail: { reason: 'address_throttled' } });
      throw new ApiError(429, 'too_many_attempts', { minutes: minutesLeft(blocked[0].blocked_until, now) });
    }

    const user = (await this.db.query<UserRow>(`${USER_SELECT} WHERE lower(u.username) = lower($1)`, [username]))[0];
    if (user?.locked_until && user.locked_until > now) {
      await this.audit.record({ ...actorOf(user), ip: meta.ip, action: 'auth.login', outcome: 'denied', detail: { reason: 'account_locked' } });
      throw new ApiError(423, 'account_locked', { minutes: minutesLeft(user.locked_until, now) });
    }

    // Demo accounts carry a marked hash and are usable only while the hub runs in demo mode.
    const isDemoHash = user?.password_hash.startsWith(DEMO_PASSWORD_MARK) ?? false;
    const hash = user ? (isDemoHash ? user.password_hash.slice(DEMO_PASSWORD_MARK.length) : user.password_hash) : await dummyPasswordHash();
    const passwordOk = (await verifyPassword(password, hash)) && !!user && (!isDemoHash || this.opts.demo);

    if (!user || !passwordOk) {
      await this.recordFailure(user, ipKey, username, meta, now);
      throw new ApiError(401, 'bad_credentials');
    }
    if (!user.active) {
      await this.audit.record({ ...actorOf(user), ip: meta.ip, action: 'auth.login', outcome: 'denied', detail: { reason: 'account_disabled' } });
      throw new ApiError(403, 'account_disabled');
    }

    return this.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
      const session = (
        await tx.query<{ id: string }>('INSERT INTO sessions (user_id, ip, user_agent) VALUES ($1, $2, $3) RETURNING id', [
          user.id,
          meta.ip,
          meta.userAgent?.slice(0, 300) ?? null,
        ])
      )[0];
      const { pair } = await this.issue(tx, user.id, session.id, now);
      await this.audit.record({ ...actorOf(user), ip: meta.ip, action: 'auth.login', outcome: 'allowed', resource: `session:${session.id}` }, tx);
      return { ...pair, user: toUserSummary(user) };
    });
  }

  private async recordFailure(user: UserRow | undefined, ipKey: string, username: string, meta: RequestMeta, now: Date) {
    const t = this.opts.throttle;
    await this.db.transaction(async (tx) => {
      let locked = false;
      if (user) {
        const r = (
          await tx.query<{ failed_logins: number }>(
            'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins',
            [user.id],
          )
        )[0];
        if (r.failed_logins >= t.accountMaxFailures) {
          locked = true;
          await tx.query('UPDATE users SET locked_until = $2, failed_logins = 0 WHERE id = $1', [
            user.id,
            new Date(now.getTime() + t.accountLockMinutes * 60000),
          ]);
        }
      }
      const windowStart = new Date(now.getTime() - t.addressWindowMinutes * 60000);
      const row = (
        await tx.query<{ failures: number }>(
          `INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
             window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END
           RETURNING failures`,
          [ipKey, now, windowStart],
        )
      )[0];
      if (row.failures >= t.addressMaxFailures) {
        await tx.query('UPDATE login_throttle SET blocked_until = $2, failures = 0, window_start = $3 WHERE key = $1', [
          ipKey,
          new Date(now.getTime() + t.addressBlockMinutes * 60000),
          now,
        ]);
      }
      await this.audit.record(
        {
          ...(user ? actorOf(user) : { username }),
          ip: meta.ip,
          action: 'auth.login',
          outcome: 'denied',
          detail: { reason: user ? 'bad_password' : 'unknown_user', locked },
        },
        tx,
      );
    });
  }

  private async issue(tx: Queryable, userId: string, sessionId: string, now: Date) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.opts.accessTtlSeconds;
    const refresh = newRefreshToken();
    const refreshExp = new Date(now.getTime() + this.opts.refreshTtlSeconds * 1000);
    await tx.query('INSERT INTO refresh_tokens (token_hash, session_id, expires_at, issued_at) VALUES ($1, $2, $3, $4)', [
      refresh.hash,
      sessionId,
      refreshExp,
      now,
    ]);
    return {
      refreshHash: refresh.hash,
      pair: {
        accessToken: this.signer.sign({ sub: userId, sid: sessionId, iat, exp }),
        refreshToken: refresh.token,
        accessTokenExpiresAt: new Date(exp * 1000).toISOString(),
        refreshTokenExpiresAt: refreshExp.toISOString(),
      },
    };
  }

  /**
   * Rotates a refresh token. A token used twice means it leaked: the whole session is revoked —
   * except a lost answer (see `refreshReuseGraceSeconds`): the same token again, from the same
   * address, within the grace, while the successor it got was never used.
   */
  async refresh(refreshToken: string, meta: RequestMeta, now = new Date()): Promise<LoginResponse> {
    const hash = hashRefreshToken(refreshToken);
    const graceMs = (this.opts.refreshReuseGraceSeconds ?? 10) * 1000;
    const outcome = await this.db.transaction(async (tx) => {
      const row = (
        await tx.query<{
          session_id: string;
          expires_at: Date;
          used_at: Date | null;
          used_ip: string | null;
          successor_hash: string | null;
          revoked_at: Date | null;
          user_id: string;
        }>(
          `SELECT r.session_id, r.expires_at, r.used_at, r.used_ip, r.successor_hash, s.revoked_at, s.user_id
             FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE r.token_hash = $1 FOR UPDATE OF r, s`,
          [hash],
        )
      )[0];
      if (!row) throw new ApiError(401, 'refresh_invalid');
      const user = (await tx.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [row.user_id]))[0];
      let lostAnswer = false;
      if (row.used_at) {
        const successor = row.successor_hash
          ? (await tx.query<{ used_at: Date | null }>('SELECT used_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [row.successor_hash]))[0]
          : undefined;
        lostAnswer =
          graceMs > 0 &&
          !row.revoked_at &&
          now.getTime() - row.used_at.getTime() <= graceMs &&
          !!meta.ip &&
          meta.ip === row.used_ip &&
          !!successor &&
          successor.used_at === null;
        if (!lostAnswer) {
          // Revoke in this transaction and let it commit; the caller is refused below.
          await tx.query("UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_reused' WHERE id = $1 AND revoked_at IS NULL", [
            row.session_id,
            now,
          ]);
          await this.audit.record(
            { ...actorOf(user), ip: meta.ip, action: 'auth.refresh', outcome: 'denied', resource: `session:${row.session_id}`, detail: { reason: 'refresh_reused' } },
            tx,
          );
          return { reused: true as const };
        }
        // The successor was never seen by its client: retire it (using it later is reuse) and answer again.
        await tx.query('UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1', [row.successor_hash, now]);
      }
      if (row.revoked_at || row.expires_at <= now || !user.active) throw new ApiError(401, 'refresh_invalid');
      await tx.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
      const issued = await this.issue(tx, user.id, row.session_id, now);
      // used_at keeps the first use: the grace counts from it and is not extended by further retries.
      await tx.query('UPDATE refresh_tokens SET used_at = COALESCE(used_at, $2), used_ip = COALESCE(used_ip, $3), successor_hash = $4 WHERE token_hash = $1', [
        hash,
        now,
        meta.ip,
        issued.refreshHash,
      ]);
      await this.audit.record(
        {
          ...actorOf(user),
          ip: meta.ip,
          action: 'auth.refresh',
          outcome: 'allowed',
          resource: `session:${row.session_id}`,
          ...(lostAnswer ? { detail: { reason: 'retry_after_lost_answer' } } : {}),
        },
        tx,
      );
      return { reused: false as const, response: { ...issued.pair, user: toUserSummary(user) } };
    });
    if (outcome.reused) {
      this.sessions.clear();
      throw new ApiError(401, 'refresh_reused');
    }
    return outcome.response;
  }

  async logout(principal: Principal, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1 AND revoked_at IS NULL", [sessionId]);
      await this.audit.record({ ...principalActor(principal), ip: meta.ip, action: 'auth.logout', outcome: 'allowed', resource: `session:${sessionId}` }, tx);
    });
    // The trigger's NOTIFY does the same; this hub does not wait for it before answering.
    this.sessions.invalidateSession(sessionId);
  }

  /**
   * Checks a bearer token and loads who it belongs to now (role, site, active) from the database,
   * never from the token, so a disabled user or a revoked session is refused on the next request.
   * The answer is memoised for a few seconds (SessionCache; dropped on every revocation); the
   * token's signature and expiry are checked on every call.
   */
  async authenticate(token: string, now = new Date()): Promise<{ principal: Principal; sessionId: string }> {
    const check = this.signer.verify(token, Math.floor(now.getTime() / 1000));
    if (!check.ok) throw new ApiError(401, check.reason);
    const cached = this.sessions.get(check.claims.sid, check.claims.sub);
    if (cached) return { principal: { ...cached.principal }, sessionId: cached.sessionId };
    const generation = this.sessions.begin();
    const row = (
      await this.db.query<{ revoked_at: Date | null; id: string; username: string; display_name: string; role: Role; site_id: string; active: boolean }>(
        `SELECT s.revoked_at, u.id, u.username, u.display_name, u.role, u.site_id, u.active
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND u.id = $2`,
        [check.claims.sid, check.claims.sub],
      )
    )[0];
    if (!row) throw new ApiError(401, 'token_invalid');
    if (row.revoked_at) throw new ApiError(401, 'session_revoked');
    if (!row.active) throw new ApiError(403, 'account_disabled');
    const result = {
      principal: { id: row.id, username: row.username, displayName: row.display_name, role: row.role, siteId: row.site_id },
      sessionId: check.claims.sid,
    };
    this.sessions.set(generation, { principal: { ...result.principal }, sessionId: result.sessionId });
    return result;
  }

  async currentUser(id: string): Promise<UserSummary | undefined> {
    const row = (await this.db.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]))[0];
    return row ? toUserSummary(row) : undefined;
  }
}

function actorOf(u: Pick<UserRow, 'id' | 'username' | 'role' | 'site_id'>) {
  return { userId: u.id, username: u.username, role: u.role, siteId: u.site_id };
}

export function principalActor(p: Principal) {
  return { userId: p.id, username: p.username, role: p.role, siteId: p.siteId };
}

async function loadOrCreateSecret(db: Database): Promise<string> {
  const candidate = newSecret();
  // Insert-if-absent, then read: hubs starting together agree on one secret.
  await db.query("INSERT INTO settings (key, value) VALUES ('token_secret', $1) ON CONFLICT (key) DO NOTHING", [JSON.stringify(candidate)]);
  const row = (await db.query<{ value: string }>("SELECT value FROM settings WHERE key = 'token_secret'"))[0];
  return row.value;
}
