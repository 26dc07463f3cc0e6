import { ApiError } from '../http/errors.js';
import { INSTANCE_LEVEL_TAGS, TAG } from './dicom/codes.js';
import { pick, ROOT_MARKER, toTag, type DicomJson } from './dicom/json.js';
import { dicomwebRoot, siteCondition, type Ctx } from './access.js';

export type Level = 'study' | 'series' | 'instance';

/** Matching keys the index answers, per level (a key of a higher level is also accepted below it). */
const KEYS: Record<string, { level: Level; kind: 'pn' | 'text' | 'uid' | 'date' | 'modalities' | 'int' | 'exact'; column: string }> = {
  [TAG.PatientName]: { level: 'study', kind: 'pn', column: 'st.patient_name' },
  [TAG.PatientID]: { level: 'study', kind: 'text', column: 'st.patient_id' },
  [TAG.AccessionNumber]: { level: 'study', kind: 'text', column: 'st.accession_number' },
  [TAG.StudyDescription]: { level: 'study', kind: 'text', column: 'st.study_description' },
  [TAG.StudyDate]: { level: 'study', kind: 'date', column: 'st.study_date' },
  [TAG.StudyInstanceUID]: { level: 'study', kind: 'uid', column: 'st.study_instance_uid' },
  [TAG.ModalitiesInStudy]: { level: 'study', kind: 'modalities', column: 'st.modalities' },
  [TAG.Modality]: { level: 'series', kind: 'exact', column: 'se.modality' },
  [TAG.SeriesInstanceUID]: { level: 'series', kind: 'uid', column: 'se.series_instance_uid' },
  [TAG.SeriesNumber]: { level: 'series', kind: 'int', column: 'se.series_number' },
  [TAG.SOPClassUID]: { level: 'instance', kind: 'uid', column: 'i.sop_class_uid' },
  [TAG.SOPInstanceUID]: { level: 'instance', kind: 'uid', column: 'i.sop_instance_uid' },
  [TAG.InstanceNumber]: { level: 'instance', kind: 'int', column: 'i.instance_number' },
};
const RANK: Record<Level, number> = { study: 0, series: 1, instance: 2 };
const CONTROL = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);

const like = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
const hasWildcard = (v: string) => /[*?]/.test(v);

export interface QidoQuery {
  where: string[];
  params: unknown[];
  limit: number;
  offset: number;
  includeAll: boolean;
  includeTags: string[];
}

/** Turns the query string into SQL conditions; unknown or unsupported keys are a 400 (never silently ignored). */
export function parseQido(ctx: Ctx, level: Level, fixed: { studyUid?: string; seriesUid?: string } = {}): QidoQuery {
  const q = ctx.req.query as Record<string, string | string[] | undefined>;
  const params: unknown[] = [];
  const where: string[] = [siteCondition(ctx.user(), params)];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (fixed.studyUid) add((p) => `st.study_instance_uid = ${p}`, fixed.studyUid);
  if (fixed.seriesUid) add((p) => `se.series_instance_uid = ${p}`, fixed.seriesUid);
  let limit = 100;
  let offset = 0;
  let includeAll = false;
  const includeTags: string[] = [];
  for (const [key, raw] of Object.entries(q)) {
    const values = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => v.trim());
    if (CONTROL.has(key.toLowerCase())) {
      const v = values[values.length - 1];
      if (key.toLowerCase() === 'limit') limit = Math.min(Math.max(Number(v) || 0, 1), 1000);
      if (key.toLowerCase() === 'offset') offset = Math.max(Number(v) || 0, 0);
      if (key.toLowerCase() === 'includefield') {
        for (const f of values.flatMap((x) => x.split(','))) {
          if (f.trim() === 'all') includeAll = true;
          else if (f.trim()) includeTags.push(toTag(f.trim()) ?? badKey(f));
        }
      }
      continue;
    }
    const tag = toTag(key);
    const spec = tag ? KEYS[tag] : undefined;
    if (!spec || RANK[spec.level] > RANK[level]) badKey(key);
    const v = values[values.length - 1];
    if (!v || v === '*') continue;
    switch (spec.kind) {
      case 'pn':
        if (hasWildcard(v)) add((p) => `(st.patient_name ILIKE ${p} OR st.patient_name_ideographic ILIKE ${p})`, like(v));
        else add((p) => `(lower(st.patient_name) = lower(${p}) OR st.patient_name_ideographic = ${p})`, v);
        break;
      case 'text':
        if (hasWildcard(v)) add((p) => `${spec.column} ILIKE ${p}`, like(v));
        else add((p) => `${spec.column} = ${p}`, v);
        break;
      case 'exact':
        add((p) => `${spec.column} = ${p}`, v);
        break;
      case 'int':
        if (!/^\d+$/.test(v)) throw new ApiError(400, 'bad_request', { detail: `${key} must be a number` });
        add((p) => `${spec.column} = ${p}`, Number(v));
        break;
      case 'uid':
        add((p) => `${spec.column} = ANY(${p}::text[])`, v.split(/[,\\]/).map((x) => x.trim()).filter(Boolean));
        break;
      case 'modalities':
        add((p) => `${spec.column} && ${p}::text[]`, v.split(/[,\\]/).map((x) => x.trim()).filter(Boolean));
        break;
      case 'date': {
        const m = /^(\d{8})?(-)?(\d{8})?$/.exec(v.replace(/[.]/g, ''));
        if (!m || (!m[1] && !m[3])) throw new ApiError(400, 'bad_request', { detail: `${key}: expected YYYYMMDD or a range YYYYMMDD-YYYYMMDD` });
        if (!m[2]) add((p) => `${spec.column} = ${p}`, m[1]);
        else {
          if (m[1]) add((p) => `${spec.column} >= ${p}`, m[1]);
          if (m[3]) add((p) => `${spec.column} <= ${p}`, m[3]);
        }
        break;
      }
    }
  }
  return { where, params, limit, offset, includeAll, includeTags };
}

function badKey(key: string): never {
  throw new ApiError(400, 'bad_request', { detail: `matching on "${key}" is not supported` });
}

const uidEl = (v: string) => ({ vr: 'UI', Value: [v] });
const usEl = (n: number) => ({ vr: 'IS', Value: [n] });
const url = (v: string) => ({ vr: 'UR', Value: [v] });

interface StudyHit {
  study_instance_uid: string;
  attrs: DicomJson;
  modalities: string[];
  num_series: number;
  num_instances: number;
}

export async function searchStudies(ctx: Ctx, q: QidoQuery): Promise<DicomJson[]> {
  const p = [...q.params, q.limit, q.offset];
  const rows = await ctx.hub.db.query<StudyHit>(
    `SELECT st.study_instance_uid, st.attrs, st.modalities, st.num_series, st.num_instances FROM studies st
     WHERE ${q.where.join(' AND ')}
     ORDER BY st.study_date DESC NULLS LAST, st.study_time DESC NULLS LAST, st.study_instance_uid
     LIMIT $${p.length - 1} OFFSET $${p.length}`,
    p,
  );
  const root = dicomwebRoot(ctx.req);
  return rows.map((r) => ({
    ...r.attrs,
    [TAG.ModalitiesInStudy]: r.modalities.length ? { vr: 'CS', Value: r.modalities } : { vr: 'CS' },
    [TAG.NumberOfStudyRelatedSeries]: usEl(r.num_series),
    [TAG.NumberOfStudyRelatedInstances]: usEl(r.num_instances),
    [TAG.StudyInstanceUID]: uidEl(r.study_instance_uid),
    [TAG.RetrieveURL]: url(`${root}/studies/${r.study_instance_uid}`),
  }));
}

export async function searchSeries(ctx: Ctx, q: QidoQuery): Promise<DicomJson[]> {
  const p = [...q.params, q.limit, q.offset];
  const rows = await ctx.hub.db.query<{ series_instance_uid: string; study_instance_uid: string; attrs: DicomJson; study_attrs: DicomJson; num_instances: number }>(
    `SELECT se.series_instance_uid, se.study_instance_uid, se.attrs, st.attrs AS study_attrs, se.num_instances
     FROM series se JOIN studies st ON st.study_instance_uid = se.study_instance_uid
     WHERE ${q.where.join(' AND ')}
     ORDER BY st.study_date DESC NULLS LAST, se.study_instance_uid, se.series_number NULLS LAST, se.series_instance_uid
     LIMIT $${p.length - 1} OFFSET $${p.length}`,
    p,
  );
  const root = dicomwebRoot(ctx.req);
  return rows.map((r) => ({
    ...(q.includeAll ? r.study_attrs : pick(r.study_attrs, q.includeTags)),
    ...r.attrs,
    [TAG.StudyInstanceUID]: uidEl(r.study_instance_uid),
    [TAG.SeriesInstanceUID]: uidEl(r.series_instance_uid),
    [TAG.NumberOfSeriesRelatedInstances]: usEl(r.num_instances),
    [TAG.RetrieveURL]: url(`${root}/studies/${r.study_instance_uid}/series/${r.series_instance_uid}`),
  }));
}

export async function searchInstances(ctx: Ctx, q: QidoQuery): Promise<DicomJson[]> {
  const p = [...q.params, q.limit, q.offset];
  const rows = await ctx.hub.db.query<{ sop_instance_uid: string; series_instance_uid: string; study_instance_uid: string; metadata: DicomJson }>(
    `SELECT i.sop_instance_uid, i.series_instance_uid, i.study_instance_uid, i.metadata
     FROM instances i JOIN series se ON se.series_instance_uid = i.series_instance_uid JOIN studies st ON st.study_instance_uid = i.study_instance_uid
     WHERE ${q.where.join(' AND ')}
     ORDER BY st.study_date DESC NULLS LAST, i.study_instance_uid, se.series_number NULLS LAST, i.series_instance_uid, i.instance_number NULLS LAST, i.sop_instance_uid
     LIMIT $${p.length - 1} OFFSET $${p.length}`,
    p,
  );
  const root = dicomwebRoot(ctx.req);
  return rows.map((r) => {
    const base = q.includeAll ? withRoot(r.metadata, root) : { ...pick(r.metadata, INSTANCE_LEVEL_TAGS), ...pick(r.metadata, q.includeTags) };
    return {
      ...base,
      [TAG.StudyInstanceUID]: uidEl(r.study_instance_uid),
      [TAG.SeriesInstanceUID]: uidEl(r.series_instance_uid),
      [TAG.SOPInstanceUID]: uidEl(r.sop_instance_uid),
      [TAG.RetrieveURL]: url(`${root}/studies/${r.study_instance_uid}/series/${r.series_instance_uid}/instances/${r.sop_instance_uid}`),
    };
  });
}

/** Stored metadata with the BulkDataURI placeholders resolved against this request's root. */
export function withRoot(metadata: DicomJson, root: string): DicomJson {
  return JSON.parse(JSON.stringify(metadata).replaceAll(ROOT_MARKER, root)) as DicomJson;
}
