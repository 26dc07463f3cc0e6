import { z } from 'zod';
import {
  AcknowledgeAlert,
  Alert,
  AlertDetail,
  AlertQuery,
  Catalogue,
  CatalogueQuery,
  CatalogueUpdate,
  CloseAlert,
  MetricsQuery,
  MetricsReport,
  RaiseAlert,
  RecordAction,
  RecordCall,
  RedirectAlert,
  RegisterQuery,
} from '../../shared/api/critical.js';
import { READER_ROLES } from '../../shared/domain/roles.js';
import { ApiError } from '../http/errors.js';
import { describeRegisterFilter } from './register.js';
import { defineRoute } from '../http/route.js';

const IdParams = z.object({ id: z.string().uuid() });
const READERS = { roles: READER_ROLES } as const;
const SUPERVISOR = { roles: ['supervisor'] } as const;
const TOWNSHIP = { roles: ['township_staff'] } as const;
const tags = ['critical'];

export const criticalRoutes = [
  defineRoute({
    id: 'critical.catalogue.get',
    method: 'GET',
    url: '/api/critical/catalogue',
    summary: 'The current (or a given) version of the radiology or ECG critical-value catalogue',
    tags,
    access: { roles: 'any' },
    query: CatalogueQuery,
    response: Catalogue,
    handler: async ({ hub, query }) => {
      const c = await hub.critical.catalogues.get(query.domain, query.version);
      if (!c) throw new ApiError(404, 'not_found');
      return c;
    },
  }),
  defineRoute({
    id: 'critical.catalogue.publish',
    method: 'PUT',
    url: '/api/critical/catalogue',
    summary: 'Supervisor: publish a new catalogue version (codes are never reused)',
    tags,
    access: SUPERVISOR,
    body: CatalogueUpdate,
    response: Catalogue,
    handler: async ({ hub, user, body, meta }) => hub.critical.catalogues.publish(user(), body, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.raise',
    method: 'POST',
    url: '/api/critical/alerts',
    summary: 'Reader: raise a critical alert (items, note, two patient identifiers); pushed to the township at once',
    tags,
    access: READERS,
    body: RaiseAlert,
    response: Alert,
    status: 201,
    handler: async ({ hub, user, body, meta }) => hub.critical.alerts.raise(user(), body, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.list',
    method: 'GET',
    url: '/api/critical/alerts',
    summary: 'Alerts the caller may see (township: own site), newest first',
    tags,
    access: { roles: 'any' },
    query: AlertQuery,
    response: z.array(Alert),
    handler: async ({ hub, user, query, meta }) => hub.critical.alerts.list(user(), query, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.get',
    method: 'GET',
    url: '/api/critical/alerts/:id',
    summary: 'One alert with its full log (audited view; 404 outside the caller’s sites)',
    tags,
    access: { roles: 'any' },
    params: IdParams,
    response: AlertDetail,
    handler: async ({ hub, user, params, meta }) => hub.critical.alerts.view(user(), params.id, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.acknowledge',
    method: 'POST',
    url: '/api/critical/alerts/:id/acknowledge',
    summary: 'Township: acknowledge with the receiving clinician’s name and a read-back (a mismatch is refused and recorded)',
    tags,
    access: TOWNSHIP,
    params: IdParams,
    body: AcknowledgeAlert,
    response: Alert,
    handler: async ({ hub, user, params, body, meta }) => hub.critical.respond.acknowledge(user(), params.id, body, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.redirect',
    method: 'POST',
    url: '/api/critical/alerts/:id/redirect',
    summary: 'Township: not my patient / redirect, with a reason (the alert stays open and keeps escalating)',
    tags,
    access: TOWNSHIP,
    params: IdParams,
    body: RedirectAlert,
    response: Alert,
    handler: async ({ hub, user, params, body, meta }) => hub.critical.respond.redirect(user(), params.id, body, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.action',
    method: 'POST',
    url: '/api/critical/alerts/:id/action',
    summary: 'Township: record the action taken (处理措施: what, who, when, referral)',
    tags,
    access: TOWNSHIP,
    params: IdParams,
    body: RecordAction,
    response: Alert,
    handler: async ({ hub, user, params, body, meta }) => hub.critical.respond.recordAction(user(), params.id, body, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.close',
    method: 'POST',
    url: '/api/critical/alerts/:id/close',
    summary: 'Close an actioned alert; a supervisor may close any open alert with a reason',
    tags,
    access: { roles: 'any' },
    params: IdParams,
    body: CloseAlert,
    response: Alert,
    handler: async ({ hub, user, params, body, meta }) => hub.critical.respond.close(user(), params.id, body.reason, meta.ip),
  }),
  defineRoute({
    id: 'critical.alerts.call',
    method: 'POST',
    url: '/api/critical/alerts/:id/calls',
    summary: 'Reader: record a phone call to the township and its outcome (a manual delivery attempt)',
    tags,
    access: READERS,
    params: IdParams,
    body: RecordCall,
    response: Alert,
    handler: async ({ hub, user, params, body, meta }) => hub.critical.respond.recordCall(user(), params.id, body, meta.ip),
  }),
  defineRoute({
    id: 'critical.register',
    method: 'GET',
    url: '/api/critical/register',
    summary: 'Supervisor: the 危急值登记 register, filtered by site/date/category/state/text; JSON, CSV (UTF-8 with BOM) or PDF (landscape A4)',
    tags,
    access: SUPERVISOR,
    query: RegisterQuery,
    handler: async ({ hub, query, reply, record }) => {
      const rows = await hub.critical.register(hub.db, query);
      await record({ action: 'critical.register', resource: 'critical-register', detail: { ...query, count: rows.length } });
      if (query.format === 'json') return rows;
      if (query.format === 'pdf') {
        const bytes = await hub.critical.registerPdf(rows, await describeRegisterFilter(hub.db, query), hub.critical.ctx.opts.now());
        reply.header('content-type', 'application/pdf').header('content-disposition', 'attachment; filename="critical-register.pdf"');
        return reply.send(Buffer.from(bytes));
      }
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="critical-register.csv"');
      return reply.send(hub.critical.registerCsv(rows));
    },
  }),
  defineRoute({
    id: 'critical.metrics',
    method: 'GET',
    url: '/api/critical/metrics',
    summary: 'Supervisor: time to notify / acknowledge / act (median, P90) and % within target, per category and site',
    tags,
    access: SUPERVISOR,
    query: MetricsQuery,
    response: MetricsReport,
    handler: async ({ hub, query }) => hub.critical.metrics(hub.db, query, hub.critical.ctx.opts.now()),
  }),
];
