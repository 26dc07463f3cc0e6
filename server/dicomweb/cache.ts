import type { Queryable } from '../db/database.js';
import type { StudyRow } from '../studies/index.js';

/**
 * Short-lived memos for the frame and bulk-data routes, which a viewer calls once per instance
 * (134 times for a CT series): without them every call repeats the same study and hierarchy
 * lookups (bench/RESULTS.md, gateway overhead). Only what an *allowed* request looked up is kept,
 * for CACHE_TTL_MS; refusals are decided (and audited) afresh each time. The session check itself
 * is memoised by server/auth/sessionCache.ts, which a revocation empties at once; these entries are
 * keyed by session, so a revoked session never reaches them.
 */
export const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

class TtlMap<V> {
  private readonly m = new Map<string, { v: V; expires: number }>();
  constructor(private readonly ttlMs: number) {}
  get(key: string): V | undefined {
    const e = this.m.get(key);
    if (!e) return undefined;
    if (e.expires <= Date.now()) {
      this.m.delete(key);
      return undefined;
    }
    return e.v;
  }
  set(key: string, v: V): void {
    if (this.m.size >= MAX_ENTRIES) this.m.delete(this.m.keys().next().value as string);
    this.m.set(key, { v, expires: Date.now() + this.ttlMs });
  }
  clear(): void {
    this.m.clear();
  }
}


/** series → its study and the frame count of each of its indexed instances. */
export interface SeriesIndex {
  /** null: the index does not know this series (the upstream may still have it). */
  studyUid: string | null;
  /** SOP Instance UID → number of frames the index knows (0: no frame data indexed). */
  instances: Map<string, number>;
}

interface Memos {
  /** (session, study) → the study row that session was allowed to read. */
  studies: TtlMap<StudyRow>;
  series: TtlMap<Promise<SeriesIndex>>;
}

/** One set of memos per database (several hubs may run in one process, e.g. in tests). */
const byDb = new WeakMap<Queryable, Memos>();
function memos(db: Queryable): Memos {
  let m = byDb.get(db);
  if (!m) byDb.set(db, (m = { studies: new TtlMap(CACHE_TTL_MS), series: new TtlMap(CACHE_TTL_MS) }));
  return m;
}

export function cachedStudy(db: Queryable, sessionId: string, studyUid: string): StudyRow | undefined {
  return memos(db).studies.get(`${sessionId}|${studyUid}`);
}

export function rememberStudy(db: Queryable, sessionId: string, study: StudyRow): void {
  memos(db).studies.set(`${sessionId}|${study.study_instance_uid}`, study);
}

/** The index's view of one series, two queries once per series and TTL (concurrent callers share them). */
export function seriesIndex(db: Queryable, seriesUid: string): Promise<SeriesIndex> {
  const series = memos(db).series;
  const hit = series.get(seriesUid);
  if (hit) return hit;
  const load = (async (): Promise<SeriesIndex> => {
    const se = await db.query<{ study_instance_uid: string }>('SELECT study_instance_uid FROM series WHERE series_instance_uid = $1', [seriesUid]);
    const rows = se.length
      ? await db.query<{ sop_instance_uid: string; number_of_frames: number | null; has_frames: boolean }>(
          `SELECT sop_instance_uid, number_of_frames, (frames IS NOT NULL AND jsonb_typeof(frames) <> 'null') AS has_frames
             FROM instances WHERE series_instance_uid = $1`,
          [seriesUid],
        )
      : [];
    return { studyUid: se[0]?.study_instance_uid ?? null, instances: new Map(rows.map((r) => [r.sop_instance_uid, r.has_frames ? (r.number_of_frames ?? 1) : 0])) };
  })();
  series.set(seriesUid, load);
  load.catch(() => series.clear());
  return load;
}

/** Empties the memos of one database (tests; a hub has no other reason to). */
export function clearDicomwebCaches(db: Queryable): void {
  byDb.delete(db);
}
