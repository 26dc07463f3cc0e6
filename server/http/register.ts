import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { errorMessage, type ErrorCode } from '../../shared/i18n/errors.js';
import { negotiateLocale } from '../../shared/i18n/locale.js';
import type { Hub } from '../hub.js';
import { ApiError, validationError } from './errors.js';
import { makeContext, requestMeta, type AnyRoute } from './route.js';

export function sendError(reply: FastifyReply, req: FastifyRequest, err: ApiError) {
  const locale = req.locale ?? negotiateLocale(req.headers['accept-language']);
  return reply
    .code(err.status)
    .header('content-language', locale)
    .send({ error: { code: err.code, message: errorMessage(err.code, locale, err.params), ...(err.details ? { details: err.details } : {}) } });
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.startsWith('Bearer ')) return h.slice(7).trim();
  return undefined;
}

/** Translates what Fastify itself throws (bad JSON, too large, wrong type) into our error shape. */
function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return validationError(err);
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError(413, 'payload_too_large');
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ApiError(415, 'unsupported_media_type', { detail: String(e.message ?? '') });
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new ApiError(e.statusCode, 'bad_request', { detail: String(e.message ?? '') });
  return undefined;
}

/**
 * `appShell`: the web build is served; unknown GET paths outside /api and /dicomweb get its
 * index.html (client-side routes). Fastify allows one root not-found handler, so it lives here.
 */
export function installErrorHandling(app: FastifyInstance, opts: { appShell?: boolean } = {}) {
  app.addHook('onRequest', async (req) => {
    req.locale = negotiateLocale(req.headers['accept-language']);
  });
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err);
    if (api) return sendError(reply, req, api);
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, req, new ApiError(500, 'internal'));
  });
  app.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0];
    if (opts.appShell && req.method === 'GET' && !p.startsWith('/api/') && !p.startsWith('/dicomweb')) return reply.sendFile('index.html');
    return sendError(reply, req, new ApiError(404, 'not_found'));
  });
}

/**
 * Registers the route table. Authentication runs before anything else on every non-public route;
 * a missing or bad token is refused (401) and the refusal is audited.
 */
export function registerRoutes(app: FastifyInstance, hub: Hub, routes: readonly AnyRoute[]) {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      onRequest: async (req) => {
        req.routeSpec = route;
        if (route.access === 'public') return;
        const token = bearer(req);
        const meta = requestMeta(req);
        try {
          if (!token) throw new ApiError(401, 'unauthenticated');
          const { principal, sessionId } = await hub.auth.authenticate(token);
          req.principal = principal;
          req.sessionId = sessionId;
        } catch (err) {
          if (err instanceof ApiError) {
            await hub.audit.record({ ip: meta.ip, action: route.id, outcome: 'denied', resource: `${req.method} ${req.url.split('?')[0]}`, detail: { reason: err.code } });
          }
          throw err;
        }
        const roles = route.access.roles;
        if (roles !== 'any' && !roles.includes(req.principal.role)) {
          await hub.audit.record({
            userId: req.principal.id,
            username: req.principal.username,
            role: req.principal.role,
            siteId: req.principal.siteId,
            ip: meta.ip,
            action: route.id,
            outcome: 'denied',
            resource: `${req.method} ${req.url.split('?')[0]}`,
            detail: { reason: 'role' },
          });
          throw new ApiError(403, 'forbidden');
        }
      },
      handler: async (req, reply) => {
        const parse = <T>(schema: { parse(v: unknown): T } | undefined, value: unknown) => (schema ? schema.parse(value) : undefined);
        const input = {
          body: route.raw ? undefined : parse(route.body, req.body ?? {}),
          query: parse(route.query, req.query ?? {}),
          params: parse(route.params, req.params ?? {}),
        };
        const ctx = makeContext(hub, req, reply, route, input);
        const out = await route.handler(ctx);
        if (reply.sent || route.raw) return reply;
        // A handler may choose its own status (health answers 503 when degraded).
        if (route.status && reply.statusCode === 200) reply.code(route.status);
        return out ?? { ok: true };
      },
    });
  }
}

export type { ErrorCode };
