import { z } from 'zod';
import { ApiError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { findStudy } from './index.js';
import { addSiteRule, listSiteRules, RULE_FIELDS } from './rules.js';

const SUPERVISOR = { roles: ['supervisor'] } as const;

export const SiteRuleSchema = z.object({
  id: z.string(),
  priority: z.number().int(),
  field: z.enum(RULE_FIELDS),
  pattern: z.string(),
  siteId: z.string(),
});
const CreateSiteRule = z.object({
  priority: z.number().int().min(0).max(100_000).default(100),
  field: z.enum(RULE_FIELDS),
  pattern: z.string().trim().min(1).max(200),
  siteId: z.string().uuid(),
});
const UnassignedStudy = z.object({
  studyInstanceUid: z.string(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  patientNameIdeographic: z.string().nullable(),
  studyDate: z.string().nullable(),
  modalities: z.array(z.string()),
  institutionName: z.string().nullable(),
  stationName: z.string().nullable(),
  numInstances: z.number().int(),
  createdAt: z.string(),
});
const StudyParams = z.object({ uid: z.string().regex(/^[0-9]+(\.[0-9]+)*$/).max(64) });

/** Supervisor routes: the site-attribution rules and the queue of unassigned studies. */
export const studyAdminRoutes = [
  defineRoute({
    id: 'siteRules.list',
    method: 'GET',
    url: '/api/site-rules',
    summary: 'Rules that attribute polled studies to a site (first match by priority wins)',
    tags: ['studies'],
    access: SUPERVISOR,
    response: z.array(SiteRuleSchema),
    handler: async ({ hub, authorize }) => {
      await authorize('sites.manage', {});
      return listSiteRules(hub.db);
    },
  }),
  defineRoute({
    id: 'siteRules.create',
    method: 'POST',
    url: '/api/site-rules',
    summary: 'Add a site-attribution rule (InstitutionName, StationName, IssuerOfPatientID; * and ? wildcards)',
    tags: ['studies'],
    access: SUPERVISOR,
    body: CreateSiteRule,
    response: SiteRuleSchema,
    status: 201,
    handler: async ({ hub, body, authorize, record }) => {
      await authorize('sites.manage', {});
      const site = await hub.db.query('SELECT 1 FROM sites WHERE id = $1 AND active', [body.siteId]);
      if (!site.length) throw new ApiError(400, 'unknown_site');
      const id = await addSiteRule(hub.db, body);
      await record({ action: 'siteRules.create', resource: `site_rule ${id}`, detail: { ...body } });
      return { id, ...body };
    },
  }),
  defineRoute({
    id: 'siteRules.delete',
    method: 'DELETE',
    url: '/api/site-rules/:id',
    summary: 'Remove a site-attribution rule',
    tags: ['studies'],
    access: SUPERVISOR,
    params: z.object({ id: z.string().uuid() }),
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ hub, params, authorize, record }) => {
      await authorize('sites.manage', {});
      const rows = await hub.db.query('DELETE FROM site_rules WHERE id = $1 RETURNING id', [params.id]);
      if (!rows.length) throw new ApiError(404, 'not_found');
      await record({ action: 'siteRules.delete', resource: `site_rule ${params.id}` });
      return { ok: true as const };
    },
  }),
  defineRoute({
    id: 'studies.unassigned',
    method: 'GET',
    url: '/api/studies/unassigned',
    summary: 'Studies found on the PACS that no rule attributed to a site (supervisor queue)',
    tags: ['studies'],
    access: SUPERVISOR,
    response: z.array(UnassignedStudy),
    handler: async ({ hub, authorize }) => {
      await authorize('study.read', { siteId: null });
      const rows = await hub.db.query<{
        study_instance_uid: string;
        patient_id: string | null;
        patient_name: string | null;
        patient_name_ideographic: string | null;
        study_date: string | null;
        modalities: string[];
        institution_name: string | null;
        station_name: string | null;
        num_instances: number;
        created_at: Date;
      }>(
        `SELECT study_instance_uid, patient_id, patient_name, patient_name_ideographic, study_date, modalities, institution_name,
           station_name, num_instances, created_at FROM studies WHERE site_id IS NULL ORDER BY created_at LIMIT 500`,
      );
      return rows.map((r) => ({
        studyInstanceUid: r.study_instance_uid,
        patientId: r.patient_id,
        patientName: r.patient_name,
        patientNameIdeographic: r.patient_name_ideographic,
        studyDate: r.study_date,
        modalities: r.modalities,
        institutionName: r.institution_name,
        stationName: r.station_name,
        numInstances: r.num_instances,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },
  }),
  defineRoute({
    id: 'studies.assign',
    method: 'POST',
    url: '/api/studies/:uid/assign',
    summary: 'Attribute an unassigned study to a site; it then reaches that site and the readers (and the worklist)',
    tags: ['studies'],
    access: SUPERVISOR,
    params: StudyParams,
    body: z.object({ siteId: z.string().uuid() }),
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ hub, params, body, authorize, record }) => {
      await authorize('sites.manage', {});
      const study = await findStudy(hub.db, params.uid);
      if (!study) throw new ApiError(404, 'not_found');
      if (study.site_id) throw new ApiError(409, 'conflict', { detail: 'the study is already attributed to a site' });
      const site = await hub.db.query('SELECT 1 FROM sites WHERE id = $1 AND active', [body.siteId]);
      if (!site.length) throw new ApiError(400, 'unknown_site');
      const done = await hub.db.query('UPDATE studies SET site_id = $2, updated_at = now() WHERE study_instance_uid = $1 AND site_id IS NULL RETURNING 1', [
        params.uid,
        body.siteId,
      ]);
      if (!done.length) throw new ApiError(409, 'conflict', { detail: 'the study is already attributed to a site' });
      await record({ action: 'studies.assign', studyUid: params.uid, patientId: study.patient_id, detail: { siteId: body.siteId } });
      await hub.studyEvents.emit({ type: 'study.stored', studyUid: params.uid, siteId: body.siteId, source: study.source, newInstances: study.num_instances, newStudy: true });
      return { ok: true as const };
    },
  }),
];
