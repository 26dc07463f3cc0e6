import { cache } from '@cornerstonejs/core';
import { useEffect } from 'react';
import type { Task } from '../../../../../shared/api/worklist.js';
import type { ApiClient } from '../../../api/client.js';
import { listTasks } from '../../worklist/api.js';
import { queueOrder } from '../../worklist/model.js';
import { mainSeries } from '../domain/hanging.js';
import { listSeries, loadSeriesMetadata, type DicomwebSource } from './dicomweb.js';
import { DEFAULT_PREFETCH_BUDGET, prefetchNext, type PrefetchDeps, type PrefetchResult } from './prefetch.js';
import { loadAndCacheFrame } from './frames.js';
import { registerSeriesMetadata } from './registerMetadata.js';

/** Wait before prefetching, so the study on screen has its first images and the link to itself. */
export const PREFETCH_DELAY_MS = 4000;

export type NextStudy = (currentStudyUid: string) => Promise<string | null>;

/** The first task after `current` in the worklist's queue order. */
export function nextInQueue(tasks: readonly Task[], current: string): string | null {
  return [...tasks].sort(queueOrder).find((t) => t.studyInstanceUid !== current)?.studyInstanceUid ?? null;
}

/** The next waiting imaging task after `current` in the worklist's queue order. */
export async function nextWaitingStudy(client: ApiClient, current: string): Promise<string | null> {
  const { tasks } = await listTasks(client, { state: 'waiting', kind: 'imaging', limit: 50 });
  return nextInQueue(tasks, current);
}

export function prefetchDeps(nextStudy: NextStudy, source: DicomwebSource): PrefetchDeps {
  return {
    nextStudy,
    async seriesImageIds(studyUid) {
      const main = mainSeries(await listSeries(source, studyUid));
      if (!main) return [];
      const loaded = await loadSeriesMetadata(source, studyUid, main);
      registerSeriesMetadata(loaded);
      return loaded.imageIds;
    },
    async loadFrame(imageId) {
      if (cache.isLoaded(imageId)) return 0;
      const image = await loadAndCacheFrame(imageId);
      return image.sizeInBytes ?? 0;
    },
  };
}

/**
 * While the reader reads `studyUid`, fetches the next task's metadata and first frames into the
 * session cache (within DEFAULT_PREFETCH_BUDGET; the cache itself is capped in cornerstone/init.ts);
 * stops when the reader leaves this study. The result is exposed on window for the tests and
 * the field log (`__telereadPrefetch`).
 */
export function usePrefetchNext(nextStudy: NextStudy, source: DicomwebSource | null, studyUid: string): void {
  useEffect(() => {
    if (!source) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      prefetchNext(studyUid, prefetchDeps(nextStudy, source), ctl.signal, DEFAULT_PREFETCH_BUDGET).then(
        (r: PrefetchResult) => Object.assign(window, { __telereadPrefetch: r }),
        () => undefined, // best effort: the next study loads normally when opened
      );
    }, PREFETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [nextStudy, source, studyUid]);
}
