import { z } from 'zod';
import { AmendRequest, CreateReportRequest, Report, ReportSettings, ReportVersion, SaveDraftRequest, SignRequest } from '../../shared/api/reports.js';
import { READER_ROLES } from '../../shared/domain/roles.js';
import { defineRoute } from '../http/route.js';

const IdParams = z.object({ id: z.string().uuid() });
const VersionParams = z.object({ id: z.string().uuid(), v: z.coerce.number().int().min(1) });
const READERS = { roles: READER_ROLES } as const;
const ANY = { roles: 'any' } as const;
const tags = ['reports'];

export const reportRoutes = [
  defineRoute({
    id: 'reports.settings.get',
    method: 'GET',
    url: '/api/reports/settings',
    summary: 'Alliance report settings (readers who sign final directly)',
    tags,
    access: { roles: ['supervisor', ...READER_ROLES] },
    response: ReportSettings,
    handler: async ({ hub }) => hub.reports.settings(),
  }),
  defineRoute({
    id: 'reports.settings.put',
    method: 'PUT',
    url: '/api/reports/settings',
    summary: 'Change the alliance report settings (audited)',
    tags,
    access: { roles: ['supervisor'] },
    body: ReportSettings,
    response: ReportSettings,
    handler: async ({ hub, user, body, meta }) => hub.reports.saveSettings(user(), body, meta),
  }),
  defineRoute({
    id: 'reports.create',
    method: 'POST',
    url: '/api/reports',
    summary: 'Start the report of a claimed task (idempotent: returns the existing one)',
    tags,
    access: READERS,
    body: CreateReportRequest,
    response: Report,
    handler: async ({ hub, user, body, meta }) => hub.reports.create(user(), body, meta),
  }),
  defineRoute({
    id: 'reports.byTask',
    method: 'GET',
    url: '/api/tasks/:id/report',
    summary: 'The report of a task (township staff: signed reports of their own site only)',
    tags,
    access: ANY,
    params: IdParams,
    response: Report,
    handler: async ({ hub, user, params, meta }) => hub.reports.getByTask(user(), params.id, meta),
  }),
  defineRoute({
    id: 'reports.get',
    method: 'GET',
    url: '/api/reports/:id',
    summary: 'One report with its exam request and every signed version',
    tags,
    access: ANY,
    params: IdParams,
    response: Report,
    handler: async ({ hub, user, params, meta }) => hub.reports.get(user(), params.id, meta),
  }),
  defineRoute({
    id: 'reports.saveDraft',
    method: 'PUT',
    url: '/api/reports/:id/draft',
    summary: 'Save the working copy; 409 report_stale (with who saved last) when baseVersion is not the current version',
    tags,
    access: READERS,
    params: IdParams,
    body: SaveDraftRequest,
    response: Report,
    handler: async ({ hub, user, params, body, meta }) => hub.reports.saveDraft(user(), params.id, body, meta),
  }),
  defineRoute({
    id: 'reports.sign',
    method: 'POST',
    url: '/api/reports/:id/sign',
    summary: 'The author signs: preliminary (or final for readers in the direct-final setting); writes SR and PDF',
    tags,
    access: READERS,
    params: IdParams,
    body: SignRequest,
    response: Report,
    handler: async ({ hub, user, params, body, meta }) => hub.reports.sign(user(), params.id, body, meta),
  }),
  defineRoute({
    id: 'reports.verify',
    method: 'POST',
    url: '/api/reports/:id/verify',
    summary: 'A second reader verifies a preliminary report (optionally with edits): final, both names kept',
    tags,
    access: READERS,
    params: IdParams,
    body: SignRequest,
    response: Report,
    handler: async ({ hub, user, params, body, meta }) => hub.reports.verify(user(), params.id, body, meta),
  }),
  defineRoute({
    id: 'reports.amend',
    method: 'POST',
    url: '/api/reports/:id/amend',
    summary: 'Amend a final report: a new version with a reason (the township is told); earlier versions stay readable',
    tags,
    access: READERS,
    params: IdParams,
    body: AmendRequest,
    response: Report,
    handler: async ({ hub, user, params, body, meta }) => hub.reports.amend(user(), params.id, body, meta),
  }),
  defineRoute({
    id: 'reports.version',
    method: 'GET',
    url: '/api/reports/:id/versions/:v',
    summary: 'One signed version',
    tags,
    access: ANY,
    params: VersionParams,
    response: ReportVersion,
    handler: async ({ hub, user, params, meta }) => hub.reports.version(user(), params.id, params.v, meta),
  }),
  defineRoute({
    id: 'reports.pdf',
    method: 'GET',
    url: '/api/reports/:id/versions/:v/pdf',
    summary: 'The PDF of record of a version (exactly the bytes whose sha256 is on the version); ?purpose=print audits a print',
    tags,
    access: ANY,
    params: VersionParams,
    query: z.object({ purpose: z.enum(['open', 'print']).default('open') }),
    raw: true,
    handler: async ({ hub, user, params, query, meta, reply }) => {
      const { bytes, sha256 } = await hub.reports.pdf(user(), params.id, params.v, query.purpose, meta);
      reply
        .code(200)
        .header('content-type', 'application/pdf')
        .header('content-length', String(bytes.byteLength))
        .header('content-disposition', `inline; filename="report-${params.id}-v${params.v}.pdf"`)
        .header('x-content-sha256', sha256)
        .header('cache-control', 'private, no-store');
      return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  }),
];
