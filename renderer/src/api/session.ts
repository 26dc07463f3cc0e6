import type { LoginResponse, UserSummary } from '../../../shared/api/auth.js';
import { ApiError, clientError, endsSession } from './errors.js';

/** Refresh this long before the access token expires (or at half its remaining life if shorter). */
export const REFRESH_LEAD_MS = 60_000;
/** After a failed refresh that did not end the session (hub unreachable), try again after this. */
export const RETRY_AFTER_NETWORK_FAILURE_MS = 15_000;
/** setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * When to refresh, in ms from now: `REFRESH_LEAD_MS` before expiry, or halfway to it when the
 * token lives shorter than two leads; 0 when it has (nearly) expired.
 */
export function refreshDelayMs(nowMs: number, accessExpiresAtMs: number): number {
  const remaining = accessExpiresAtMs - nowMs;
  if (remaining <= 0) return 0;
  const delay = remaining > 2 * REFRESH_LEAD_MS ? remaining - REFRESH_LEAD_MS : remaining / 2;
  return Math.min(Math.floor(delay), MAX_TIMER_MS);
}

/**
 * Converts the hub's absolute expiry to this machine's clock. Township PCs often have a wrong clock;
 * the lifetime measured on the hub's clock (its `Date` header) stays right whatever the local time.
 */
export function toLocalClock(expiresAtIso: string, hubNowMs: number | null, localNowMs: number): number {
  const expiresAt = Date.parse(expiresAtIso);
  if (hubNowMs === null || !Number.isFinite(hubNowMs)) return expiresAt;
  return localNowMs + (expiresAt - hubNowMs);
}

export interface TokenResult {
  pair: LoginResponse;
  /** The hub's clock when it answered (ms), from the `Date` header; null when absent. */
  hubNowMs: number | null;
}

export interface SessionDeps {
  /** POST /api/auth/refresh with this token (one attempt; the session does the serialising). */
  refresh(refreshToken: string): Promise<TokenResult>;
  /** Keeps the refresh token across reloads (bridge: OS keyring; browser: sessionStorage). */
  persistRefreshToken(token: string | null): Promise<void>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export type SessionListener = (user: UserSummary | null, reason: ApiError | null) => void;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresAtMs: number;
}

/**
 * Holds the signed-in session's tokens and keeps the access token fresh.
 *
 * Refresh tokens rotate: each works exactly once, and presenting a used one makes the hub revoke
 * the whole session. So at most one refresh is in flight; every caller that needs a new token
 * (the timer, a request that got 401 `token_expired`, a request about to use an expired token)
 * awaits that same promise.
 */
export class TokenSession {
  private tokens: Tokens | null = null;
  private user: UserSummary | null = null;
  private inflight: Promise<string> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get currentUser(): UserSummary | null {
    return this.user;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** After a successful login or refresh. */
  async accept(result: TokenResult): Promise<void> {
    const { pair, hubNowMs } = result;
    this.tokens = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessExpiresAtMs: toLocalClock(pair.accessTokenExpiresAt, hubNowMs, this.now()),
    };
    this.user = pair.user;
    this.schedule(refreshDelayMs(this.now(), this.tokens.accessExpiresAtMs));
    await this.deps.persistRefreshToken(pair.refreshToken);
    this.emit(null);
  }

  /** Resumes a session from a stored refresh token (app start, page reload). */
  async resume(refreshToken: string): Promise<UserSummary> {
    this.tokens = { accessToken: '', refreshToken, accessExpiresAtMs: 0 };
    await this.renew();
    return this.user!;
  }

  /** A usable access token, refreshing first when it has expired; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.inflight) return this.inflight;
    if (this.now() >= this.tokens.accessExpiresAtMs) return this.renew();
    return this.tokens.accessToken;
  }

  /**
   * Gets a new access token. `staleToken` is the token a request was refused with: if a refresh
   * has replaced it meanwhile, the new one is returned without spending another refresh token.
   */
  renew(staleToken?: string): Promise<string> {
    if (this.inflight) return this.inflight;
    const tokens = this.tokens;
    if (!tokens) return Promise.reject(clientError('session_ended'));
    if (staleToken !== undefined && staleToken !== tokens.accessToken && this.now() < tokens.accessExpiresAtMs) {
      return Promise.resolve(tokens.accessToken);
    }
    const run = async (): Promise<string> => {
      try {
        const result = await this.deps.refresh(tokens.refreshToken);
        await this.accept(result);
        return result.pair.accessToken;
      } catch (err) {
        if (endsSession(err)) {
          await this.end(err as ApiError);
        } else {
          // Hub unreachable or failing: keep the session (the refresh token was probably not
          // spent) and try again soon; the caller still sees this failure.
          this.schedule(RETRY_AFTER_NETWORK_FAILURE_MS);
        }
        throw err;
      } finally {
        this.inflight = null;
      }
    };
    this.inflight = run();
    return this.inflight;
  }

  /** Forgets everything locally (after logout, or when the hub ended the session). */
  async end(reason: ApiError | null = null): Promise<void> {
    const wasSignedIn = this.tokens !== null;
    this.tokens = null;
    this.user = null;
    this.cancelTimer();
    await this.deps.persistRefreshToken(null);
    if (wasSignedIn) this.emit(reason);
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      // Failures are handled in renew() (retry or sign-out); nothing awaits this promise.
      this.renew().catch(() => undefined);
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private emit(reason: ApiError | null): void {
    for (const l of this.listeners) l(this.user, reason);
  }
}
