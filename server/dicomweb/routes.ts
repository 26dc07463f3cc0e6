import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/errors.js';
import { defineRoute, type AnyRoute, type RouteAccess } from '../http/route.js';
import { authorizeStudy, param, type Ctx } from './access.js';
import { studyAdminRoutes } from '../studies/routes.js';
import { proxyToUpstream } from './proxy.js';
import { parseQido, searchInstances, searchSeries, searchStudies, type Level } from './qido.js';
import { stow } from './stow.js';
import { bulkdata, frames, metadata, retrieve } from './wado.js';

/**
 * Lets multipart/related bodies through to the STOW handler as the raw request stream (no
 * buffering, no global body limit: the handler reads part by part and enforces its own limits).
 */
export function installDicomwebParsers(app: FastifyInstance) {
  app.addContentTypeParser(/^multipart\/related/i, (_req, payload, done) => done(null, payload));
  // A viewer fetches frames once per instance (134 requests for one CT series): no info-level
  // request/response log lines for those (warnings and errors still are; the audit log records
  // the access once per session and series).
  app.addHook('onRoute', (opts) => {
    if (/^\/dicomweb\/.*\/(frames\/:frames|bulkdata\/\*|bulk\/\*)$/.test(opts.url ?? '') && !opts.logLevel) opts.logLevel = 'warn';
  });
}

const READ: RouteAccess = { roles: 'any' };
const UPLOAD: RouteAccess = { roles: ['township_staff'] };
const R = '/dicomweb/studies/:study';
const SE = `${R}/series/:series`;
const I = `${SE}/instances/:instance`;

async function sendJson(ctx: Ctx, body: unknown) {
  ctx.reply.header('content-type', 'application/dicom+json');
  return ctx.reply.send(JSON.stringify(body));
}

async function qido(ctx: Ctx, level: Level, nested: { study?: boolean; series?: boolean }) {
  const studyUid = nested.study ? param(ctx, 'study') : undefined;
  const seriesUid = nested.series ? param(ctx, 'series') : undefined;
  if (studyUid) {
    const study = await authorizeStudy(ctx, studyUid, 'study.read', { memo: true });
    if (ctx.hub.store.kind === 'upstream') return proxyToUpstream(ctx, study);
  }
  // Flat searches (and every search in built-in mode) are answered by the hub's index, filtered by site in SQL.
  const q = parseQido(ctx, level, { studyUid, seriesUid });
  const rows = level === 'study' ? await searchStudies(ctx, q) : level === 'series' ? await searchSeries(ctx, q) : await searchInstances(ctx, q);
  if (!studyUid) {
    await ctx.record({ action: ctx.req.routeSpec?.id ?? 'dicomweb.qido', resource: `QIDO ${level}`, detail: { keys: Object.keys(ctx.req.query as object), results: rows.length } });
  }
  return sendJson(ctx, rows);
}

type Handler = (ctx: Ctx) => Promise<unknown>;
const route = (id: string, method: 'GET' | 'POST', url: string, summary: string, access: RouteAccess, handler: Handler): AnyRoute =>
  defineRoute({ id, method, url, summary, tags: ['dicomweb'], access, raw: true, handler: handler as AnyRoute['handler'] });

/** GET of a study resource: authorise against the index, then serve from the built-in store or proxy to the upstream PACS. */
function studyGet(id: string, url: string, summary: string, serve: (ctx: Ctx, study: Awaited<ReturnType<typeof authorizeStudy>>) => Promise<unknown>): AnyRoute {
  return route(id, 'GET', url, summary, READ, async (ctx) => {
    // The study row this session was allowed to read is memoised for a few seconds (cache.ts): a
    // viewer opening a study asks for its series, their metadata and every frame in a burst.
    const study = await authorizeStudy(ctx, param(ctx, 'study'), 'study.read', { memo: true });
    if (ctx.hub.store.kind === 'upstream') return proxyToUpstream(ctx, study);
    return serve(ctx, study);
  });
}

const notRendered = async () => {
  throw new ApiError(406, 'unsupported_media_type', { detail: 'rendered images are not produced by the built-in store; fetch frames and render in the viewer' });
};

/** The gateway's routes, plus the supervisor's site-rule and unassigned-study routes that go with it. */
export const dicomwebRoutes: AnyRoute[] = [
  ...studyAdminRoutes,
  route('dicomweb.qido.studies', 'GET', '/dicomweb/studies', 'QIDO-RS: search studies the caller may see', READ, (ctx) => qido(ctx, 'study', {})),
  route('dicomweb.qido.series', 'GET', '/dicomweb/series', 'QIDO-RS: search series', READ, (ctx) => qido(ctx, 'series', {})),
  route('dicomweb.qido.instances', 'GET', '/dicomweb/instances', 'QIDO-RS: search instances', READ, (ctx) => qido(ctx, 'instance', {})),
  route('dicomweb.qido.study-series', 'GET', `${R}/series`, 'QIDO-RS: series of a study', READ, (ctx) => qido(ctx, 'series', { study: true })),
  route('dicomweb.qido.study-instances', 'GET', `${R}/instances`, 'QIDO-RS: instances of a study', READ, (ctx) => qido(ctx, 'instance', { study: true })),
  route('dicomweb.qido.series-instances', 'GET', `${SE}/instances`, 'QIDO-RS: instances of a series', READ, (ctx) => qido(ctx, 'instance', { study: true, series: true })),
  route('dicomweb.stow', 'POST', '/dicomweb/studies', 'STOW-RS: store instances (multipart/related; type="application/dicom")', UPLOAD, (ctx) => stow(ctx)),
  route('dicomweb.stow.study', 'POST', R, 'STOW-RS: store instances into one study', UPLOAD, (ctx) => stow(ctx, param(ctx, 'study'))),
  studyGet('dicomweb.retrieve.study', R, 'WADO-RS: retrieve a study (multipart application/dicom)', (ctx, s) => retrieve(ctx, s)),
  studyGet('dicomweb.retrieve.series', SE, 'WADO-RS: retrieve a series', (ctx, s) => retrieve(ctx, s, param(ctx, 'series'))),
  studyGet('dicomweb.retrieve.instance', I, 'WADO-RS: retrieve an instance', (ctx, s) => retrieve(ctx, s, param(ctx, 'series'), param(ctx, 'instance'))),
  studyGet('dicomweb.metadata.study', `${R}/metadata`, 'WADO-RS: study metadata (DICOM JSON)', (ctx, s) => metadata(ctx, s)),
  studyGet('dicomweb.metadata.series', `${SE}/metadata`, 'WADO-RS: series metadata', (ctx, s) => metadata(ctx, s, param(ctx, 'series'))),
  studyGet('dicomweb.metadata.instance', `${I}/metadata`, 'WADO-RS: instance metadata', (ctx, s) => metadata(ctx, s, param(ctx, 'series'), param(ctx, 'instance'))),
  studyGet('dicomweb.frames', `${I}/frames/:frames`, 'WADO-RS: frames, with transfer-syntax negotiation', (ctx, s) =>
    frames(ctx, s, param(ctx, 'series'), param(ctx, 'instance'), (ctx.req.params as { frames: string }).frames),
  ),
  studyGet('dicomweb.bulkdata', `${I}/bulkdata/*`, 'WADO-RS: bulk data named by a BulkDataURI', (ctx, s) =>
    bulkdata(ctx, s, param(ctx, 'series'), param(ctx, 'instance'), (ctx.req.params as { '*': string })['*']),
  ),
  studyGet('dicomweb.bulk', `${I}/bulk/*`, 'WADO-RS: bulk data (upstream PACS naming)', (ctx, s) =>
    bulkdata(ctx, s, param(ctx, 'series'), param(ctx, 'instance'), (ctx.req.params as { '*': string })['*']),
  ),
  studyGet('dicomweb.rendered.instance', `${I}/rendered`, 'WADO-RS: rendered instance (upstream PACS only)', notRendered),
  studyGet('dicomweb.rendered.frames', `${I}/frames/:frames/rendered`, 'WADO-RS: rendered frames (upstream PACS only)', notRendered),
];
