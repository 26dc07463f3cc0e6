import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../shared/domain/roles.js';
import type { Locale } from '../../shared/i18n/locale.js';
import { decide, type Action, type Principal, type Scope } from '../access/policy.js';
import type { AuditEvent } from '../audit/log.js';
import { principalActor, type RequestMeta } from '../auth/service.js';
import type { Hub } from '../hub.js';
import { ApiError } from './errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType | undefined;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * Who may call a route at all (before any per-resource decision): `public` for the few routes that
 * precede login, or the roles allowed. Every route declares one, and the access-matrix suite is
 * generated from this table, so a route without a rule cannot ship.
 */
export type RouteAccess = 'public' | { roles: readonly Role[] | 'any' };

export interface RouteContext<B, Q, P> {
  hub: Hub;
  req: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: P;
  locale: Locale;
  meta: RequestMeta;
  /** The caller (null only on public routes). */
  principal: Principal | null;
  sessionId: string | null;
  /** Caller as known to be signed in; throws on public routes that call it by mistake. */
  user(): Principal;
  /**
   * Asks the access module; on a refusal records the denial in the audit trail and throws 403 (or
   * 404 when `hideAs404`, so a guessed identifier reveals nothing).
   */
  authorize(action: Action, scope: Scope, audit?: Partial<AuditEvent> & { hideAs404?: boolean }): Promise<void>;
  /** Records an allowed action against the caller. */
  record(event: Omit<AuditEvent, 'outcome'> & { outcome?: AuditEvent['outcome'] }): Promise<void>;
}

export interface RouteSpec<B extends Schema = Schema, Q extends Schema = Schema, P extends Schema = Schema> {
  id: string;
  method: Method | Method[];
  url: string;
  summary: string;
  tags?: string[];
  access: RouteAccess;
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  /** Status for a successful JSON reply (default 200). */
  status?: number;
  /** Raw routes own the reply (binary, multipart, streams); their body is not parsed as JSON here. */
  raw?: boolean;
  handler(ctx: RouteContext<Infer<B>, Infer<Q>, Infer<P>>): Promise<unknown>;
}

export type AnyRoute = RouteSpec<Schema, Schema, Schema>;

export function defineRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  spec: RouteSpec<B, Q, P>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

export function makeContext<B, Q, P>(
  hub: Hub,
  req: FastifyRequest,
  reply: FastifyReply,
  route: AnyRoute,
  input: { body: B; query: Q; params: P },
): RouteContext<B, Q, P> {
  const principal = req.principal ?? null;
  const meta = requestMeta(req);
  const ctx: RouteContext<B, Q, P> = {
    hub,
    req,
    reply,
    ...input,
    locale: req.locale,
    meta,
    principal,
    sessionId: req.sessionId ?? null,
    user() {
      if (!principal) throw new ApiError(401, 'unauthenticated');
      return principal;
    },
    async authorize(action, scope, audit = {}) {
      const p = ctx.user();
      const d = decide(p, action, scope);
      if (d.allowed) return;
      const { hideAs404, ...fields } = audit;
      await hub.audit.record({
        ...principalActor(p),
        ip: meta.ip,
        action: route.id,
        outcome: 'denied',
        ...fields,
        detail: { ...(fields.detail ?? {}), need: action, reason: d.reason },
      });
      throw hideAs404 ? new ApiError(404, 'not_found') : new ApiError(403, 'forbidden');
    },
    async record(event) {
      await hub.audit.record({ ...(principal ? principalActor(principal) : {}), ip: meta.ip, outcome: 'allowed', ...event });
    },
  };
  return ctx;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    sessionId?: string;
    locale: Locale;
    routeSpec?: AnyRoute;
  }
}
