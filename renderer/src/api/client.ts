import { z } from 'zod';
import { LoginResponse, Site, UserSummary } from '../../../shared/api/auth.js';
import { HealthResponse } from '../../../shared/api/health.js';
import type { Locale } from '../i18n/translate.js';
import { ApiError, clientError, endsSession, errorFromResponse } from './errors.js';
import { TokenSession, type TokenResult } from './session.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** '' for same origin (browser mode), else the hub's origin (desktop). */
  baseUrl: string;
  fetch?: FetchLike;
  /** The UI language, sent as Accept-Language so the hub's error messages match it. */
  getLocale(): Locale;
  persistRefreshToken(token: string | null): Promise<void>;
  /** Injected clock and timers for tests. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface RequestOptions<S extends z.ZodType> {
  schema: S;
  body?: unknown;
  /** Send the bearer token (and refresh it on 401 `token_expired`). */
  auth: boolean;
}

const Ok = z.object({ ok: z.literal(true) });

/**
 * The hub's HTTP API, typed and validated by the zod schemas in `shared/api`. Every response is
 * parsed before the UI sees it; every failure becomes an `ApiError` (see errors.ts).
 */
export class ApiClient {
  readonly session: TokenSession;
  private readonly fetchImpl: FetchLike;
  /** The hub's base URL without a trailing slash ('' = this page's origin, browser mode); set once at start. */
  readonly baseUrl: string;

  constructor(private readonly opts: ApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    // `fetch` must be called unbound from window in some browsers ("Illegal invocation").
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.session = new TokenSession({
      refresh: (refreshToken) => this.tokenCall('/api/auth/refresh', { refreshToken }),
      persistRefreshToken: opts.persistRefreshToken,
      now: opts.now,
      setTimer: opts.setTimer,
      clearTimer: opts.clearTimer,
    });
  }

  async login(username: string, password: string): Promise<UserSummary> {
    const result = await this.tokenCall('/api/auth/login', { username, password });
    await this.session.accept(result);
    return result.pair.user;
  }

  /** Signs out on the hub, then forgets the session here even if the hub could not be reached. */
  async logout(): Promise<void> {
    try {
      if (this.session.signedIn) await this.request('POST', '/api/auth/logout', { schema: Ok, auth: true });
    } finally {
      await this.session.end();
    }
  }

  me(): Promise<UserSummary> {
    return this.request('GET', '/api/auth/me', { schema: UserSummary, auth: true });
  }

  sites(): Promise<Site[]> {
    return this.request('GET', '/api/sites', { schema: z.array(Site), auth: true });
  }

  health(): Promise<HealthResponse> {
    return this.request('GET', '/api/health', { schema: HealthResponse, auth: false });
  }

  /** Any JSON call; feature modules pass their schema from shared/api. */
  async request<S extends z.ZodType>(method: string, path: string, options: RequestOptions<S>): Promise<z.infer<S>> {
    const { data } = await this.send(method, path, options);
    return data;
  }

  private async tokenCall(path: string, body: unknown): Promise<TokenResult> {
    const { data, response } = await this.send('POST', path, { schema: LoginResponse, body, auth: false });
    const date = response.headers.get('date');
    return { pair: data, hubNowMs: date ? Date.parse(date) : null };
  }

  private async send<S extends z.ZodType>(
    method: string,
    path: string,
    options: RequestOptions<S>,
    retried = false,
  ): Promise<{ data: z.infer<S>; response: Response }> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': this.opts.getLocale() };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let token: string | null = null;
    if (options.auth) {
      token = await this.session.accessToken();
      if (!token) throw clientError('session_ended');
      headers.Authorization = `Bearer ${token}`;
    }

    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (err) {
      throw clientError('hub_unreachable', err);
    }

    const payload = await readJson(response);
    if (!response.ok) {
      const error = errorFromResponse(response.status, payload);
      if (options.auth && token && !retried && response.status === 401 && error.code === 'token_expired') {
        await this.session.renew(token);
        return this.send(method, path, options, true);
      }
      // The hub no longer accepts this session (revoked, disabled account…): sign out here too,
      // so the UI returns to the login page with the hub's reason.
      if (options.auth && response.status === 401 && endsSession(error)) await this.session.end(error);
      throw error;
    }
    const parsed = options.schema.safeParse(payload);
    if (!parsed.success) throw new ApiError(0, 'bad_response', null, { cause: parsed.error });
    return { data: parsed.data, response };
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
