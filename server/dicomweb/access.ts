import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access/policy.js';
import { ApiError } from '../http/errors.js';
import type { RouteContext } from '../http/route.js';
import { findStudy, type StudyRow } from '../studies/index.js';
import { cachedStudy, rememberStudy } from './cache.js';

// Route context with any body/query/params: the DICOMweb handlers read raw params themselves.
export type Ctx = RouteContext<unknown, unknown, unknown>;

export const UID = /^[0-9]+(\.[0-9]+)*$/;

export function param(ctx: Ctx, name: string): string {
  const v = (ctx.req.params as Record<string, string | undefined>)[name];
  if (!v || v.length > 64 || !UID.test(v)) throw new ApiError(404, 'not_found');
  return v;
}

/** `http://host/dicomweb`, the root that RetrieveURLs and BulkDataURIs are built on. */
export function dicomwebRoot(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}/dicomweb`;
}

/**
 * Loads a study from the index and asks the access policy; a study the caller may not read answers
 * exactly like one that does not exist (404), and the refusal is audited.
 */
export async function authorizeStudy(
  ctx: Ctx,
  studyUid: string,
  action: 'study.read' | 'study.upload' = 'study.read',
  opts: { memo?: boolean } = {},
): Promise<StudyRow> {
  // Study reads (opts.memo) reuse the row this session was allowed to read moments ago
  // (cache.ts); the policy is still asked every time, which costs no query.
  const memo = opts.memo && action === 'study.read' && ctx.sessionId ? ctx.sessionId : undefined;
  const study = (memo && cachedStudy(ctx.hub.db, memo, studyUid)) || (await findStudy(ctx.hub.db, studyUid));
  if (!study) throw new ApiError(404, 'not_found');
  await ctx.authorize(action, { siteId: study.site_id }, { hideAs404: true, studyUid, patientId: study.patient_id, resource: `${ctx.req.method} ${ctx.req.url.split('?')[0]}` });
  if (memo) rememberStudy(ctx.hub.db, memo, study);
  return study;
}

/**
 * The studies a caller may see, as an SQL condition on `st` (the studies table): township staff
 * their own site, readers every attributed study, supervisors everything including unassigned.
 * Applied in the WHERE clause so that limit/offset never lose rows.
 */
export function siteCondition(p: Principal, params: unknown[]): string {
  if (p.role === 'supervisor') return 'TRUE';
  if (p.role === 'township_staff') {
    params.push(p.siteId);
    return `st.site_id = $${params.length}`;
  }
  return 'st.site_id IS NOT NULL';
}

const seen = new Map<string, number>();
const SEEN_MAX = 20_000;

/**
 * Frames and bulk data are fetched many times per series; they are audited once per session and
 * series (an in-memory memo, so after a hub restart the first fetch is audited again).
 */
export async function auditOncePerSeries(ctx: Ctx, study: StudyRow, seriesUid: string): Promise<void> {
  const key = `${ctx.sessionId ?? ctx.principal?.id}|${seriesUid}`;
  if (seen.has(key)) return;
  if (seen.size >= SEEN_MAX) seen.delete(seen.keys().next().value as string);
  seen.set(key, Date.now());
  await ctx.record({ action: 'dicomweb.frames', studyUid: study.study_instance_uid, patientId: study.patient_id, resource: `series ${seriesUid}` });
}

export async function auditView(ctx: Ctx, study: StudyRow, what: string): Promise<void> {
  await ctx.record({ action: (ctx.req.routeSpec?.id ?? 'dicomweb'), studyUid: study.study_instance_uid, patientId: study.patient_id, resource: what });
}
