import { mainSeries } from '../domain/hanging.js';
import { listSeries, loadSeriesMetadata, type DicomwebSource, type LoadedSeries, type SeriesSummary } from './dicomweb.js';

/**
 * The study's series list and its main series' metadata, started as soon as anything knows which
 * study the reader opens (the worklist on double-click, before the claim round trip; the route on
 * mount) and picked up by the viewer, so the viewer does not wait for the claim, the lazily loaded
 * code or the report panel before asking for them. No Cornerstone here: the worklist imports it.
 *
 * Entries live WARM_TTL_MS (a reopened study asks the hub again, a study may have grown), a failed
 * fetch is forgotten at once (the viewer's own request reports the error).
 */
export const WARM_TTL_MS = 30_000;

interface Entry<T> {
  promise: Promise<T>;
  at: number;
}

const lists = new Map<string, Entry<SeriesSummary[]>>();
const metas = new Map<string, Entry<LoadedSeries>>();

function shared<T>(map: Map<string, Entry<T>>, key: string, start: () => Promise<T>, now: number): Promise<T> {
  const hit = map.get(key);
  if (hit && now - hit.at < WARM_TTL_MS) return hit.promise;
  const promise = start();
  const entry = { promise, at: now };
  map.set(key, entry);
  promise.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return promise;
}

/** QIDO series of a study, shared with an earlier warm-up of the same study on the same hub. */
export function sharedSeriesList(src: DicomwebSource, studyUid: string, now = Date.now()): Promise<SeriesSummary[]> {
  return shared(lists, `${src.root}|${studyUid}`, () => listSeries(src, studyUid), now);
}

/** WADO-RS metadata of one series, shared likewise. */
export function sharedSeriesMetadata(src: DicomwebSource, studyUid: string, summary: SeriesSummary, now = Date.now()): Promise<LoadedSeries> {
  return shared(metas, `${src.root}|${studyUid}|${summary.seriesUid}`, () => loadSeriesMetadata(src, studyUid, summary), now);
}

/** Starts the series list, then the main series' metadata; never rejects (best effort). */
export function warmStudy(src: DicomwebSource, studyUid: string): void {
  sharedSeriesList(src, studyUid)
    .then((list) => {
      const main = mainSeries(list);
      return main ? sharedSeriesMetadata(src, studyUid, main) : undefined;
    })
    .catch(() => undefined);
}

/** Forgets every warm entry (tests; sign-out). */
export function clearWarmStudies(): void {
  lists.clear();
  metas.clear();
}
