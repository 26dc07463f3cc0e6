import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCors from '@fastify/cors';
import { adminRoutes } from './admin/routes.js';
import { AuditLog } from './audit/log.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { AuthService, DEFAULT_THROTTLE, type ThrottlePolicy } from './auth/service.js';
import type { HubConfig } from './config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open.js';
import type { Hub } from './hub.js';
import { installErrorHandling, registerRoutes } from './http/register.js';
import type { AnyRoute } from './http/route.js';
import { dicomwebRoutes, installDicomwebParsers } from './dicomweb/routes.js';
import { openImageStore } from './store/open.js';
import { createStudyEvents } from './studies/events.js';
import { startUpstreamPoller } from './studies/poller.js';
import { systemRoutes } from './http/system-routes.js';
import { EventBus } from './events/bus.js';
import { installEventSocket } from './events/ws.js';
import { worklistRoutes } from './worklist/routes.js';
import { createReports } from './reports/index.js';
import { reportRoutes } from './reports/routes.js';
import { Worklist, type WorklistOptions } from './worklist/service.js';
import { CriticalService, type CriticalOptions } from './critical/index.js';
import { criticalRoutes } from './critical/routes.js';

export interface HubOptions {
  /** Use this database instead of opening the configured one (tests share a migrated PGlite). */
  db?: Database;
  throttle?: ThrottlePolicy;
  logger?: boolean;
  worklist?: Partial<WorklistOptions>;
  critical?: Partial<CriticalOptions>;
  /** Background jobs (lease expiry, task reconciliation); tests that drive them by hand turn them off. */
  jobs?: boolean;
}

export async function createHub(config: HubConfig, opts: HubOptions = {}): Promise<Hub> {
  const db = opts.db ?? (await openDatabase(config));
  const audit = new AuditLog(db);
  const auth = await AuthService.create(db, audit, {
    accessTtlSeconds: config.accessTokenTtlSeconds,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
    refreshReuseGraceSeconds: config.refreshReuseGraceSeconds,
    throttle: opts.throttle ?? DEFAULT_THROTTLE,
    secret: config.tokenSecret,
    demo: config.demo,
  });
  const store = await openImageStore(config);
  const events = new EventBus(db);
  await events.start();
  const worklist = new Worklist(db, audit, events, { leaseSeconds: config.leaseSeconds, targets: config.tatTargets, ...opts.worklist });
  const critical = await CriticalService.create(db, audit, events, opts.critical);
  const reports = createReports({ db, audit, events, worklist, store, critical });
  const studyEvents = createStudyEvents((err) => console.error('study event listener failed', err));
  // Every arriving study gets its reading tasks; the reconciler below catches any that were missed.
  studyEvents.on((e) => worklist.ensureTasksForStudy(e.studyUid).then(() => undefined));
  const onClose: Hub['onClose'] = opts.db ? [] : [() => db.close()];
  onClose.push(() => events.stop());
  onClose.push(() => auth.stop());
  onClose.push(startUpstreamPoller({ db, store, studyEvents }, Number(process.env.TELEREAD_PACS_POLL_SECONDS ?? 60)));
  if (opts.jobs !== false) {
    const runJob = (name: string, fn: () => Promise<unknown>) => () =>
      void fn().catch((err) => console.error(`background job ${name} failed`, err instanceof Error ? err.message : err));
    void worklist.reconcile().catch(() => undefined);
    const leases = setInterval(runJob('lease expiry', () => worklist.expireLeases()), 15_000);
    const reconcile = setInterval(runJob('task reconciliation', () => worklist.reconcile()), 60_000);
    leases.unref();
    reconcile.unref();
    onClose.push(async () => {
      clearInterval(leases);
      clearInterval(reconcile);
    });
    // Report SR/PDF/KOS that could not be stored yet (e.g. upstream PACS down) are retried, first
    // at startup: a hub killed between the signing commit and the storage must not wait a minute.
    runJob('report archive', () => reports.archivePending())();
    const archive = setInterval(runJob('report archive', () => reports.archivePending()), 60_000);
    archive.unref();
    onClose.push(async () => clearInterval(archive));
    onClose.push(critical.startJob((err) => console.error('background job critical escalation failed', err instanceof Error ? err.message : err)));
  }
  return {
    config,
    db,
    audit,
    auth,
    store,
    studyEvents,
    events,
    worklist,
    reports,
    critical,
    storeInfo: async () => ({ kind: store.kind, location: store.location, ok: await store.health() }),
    onClose,
  };
}

export async function buildApp(hub: Hub, opts: { logger?: boolean } = {}): Promise<{ app: FastifyInstance; routes: AnyRoute[] }> {
  const app = Fastify({
    logger: opts.logger ? { level: hub.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  const webRoot = hub.config.webRoot;
  const serveWeb = !!webRoot && fs.existsSync(path.join(webRoot, 'index.html'));
  installErrorHandling(app, { appShell: serveWeb });
  // The desktop renderer is served from app://teleread and calls the hub cross-origin; browsers on
  // the hub's own origin need no CORS. Nothing else is allowed (deny by default).
  await app.register(fastifyCors, {
    origin: (origin, cb) => cb(null, !!origin && hub.config.allowedOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language'],
    exposedHeaders: ['Content-Language', 'Content-Type', 'Content-Length'],
    maxAge: 600,
  });
  installDicomwebParsers(app);
  const routes = buildRouteTable();
  registerRoutes(app, hub, routes);
  await installEventSocket(app, hub);
  if (serveWeb) {
    // Client-side routes fall back to the app shell (installErrorHandling); API and DICOMweb paths keep their 404.
    await app.register(fastifyStatic, { root: path.resolve(webRoot), prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.addHook('onClose', async () => {
    for (const fn of hub.onClose.splice(0).reverse()) await fn();
  });
  return { app, routes };
}

/** The route table: feature modules add their routes here (DICOMweb, worklist, reports, critical values …). */
export function buildRouteTable(): AnyRoute[] {
  const table: AnyRoute[] = [];
  table.push(...authRoutes, ...adminRoutes, ...auditRoutes, ...dicomwebRoutes, ...worklistRoutes, ...criticalRoutes, ...reportRoutes, ...systemRoutes(() => table));
  return table;
}
