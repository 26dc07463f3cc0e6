import { middleOutOrder } from '../domain/loadOrder.js';

/**
 * Prefetch of the next task while the reader reads this one (issue 6): the metadata and the first
 * frames of the next waiting study in the worklist order, within a budget of frames and bytes, one
 * request at a time so the study on screen keeps the link; cancelled when the reader navigates.
 * Dependencies are passed in, so the policy is unit-tested without a hub or Cornerstone.
 */
export interface PrefetchBudget {
  /** frames of the next study to fetch at most */
  maxFrames: number;
  /** decoded bytes at most (the frame cache holds decoded pixels) */
  maxBytes: number;
}

export const DEFAULT_PREFETCH_BUDGET: PrefetchBudget = { maxFrames: 24, maxBytes: 64 * 1024 * 1024 };

export interface PrefetchDeps {
  /** the study of the next waiting task after `currentStudyUid` in queue order, or null */
  nextStudy(currentStudyUid: string): Promise<string | null>;
  /** loads (and registers) the main series' metadata; the image IDs in reading order */
  seriesImageIds(studyUid: string): Promise<string[]>;
  /** fetches one frame into the session cache; its decoded size in bytes */
  loadFrame(imageId: string): Promise<number>;
}

export interface PrefetchResult {
  studyUid: string | null;
  framesLoaded: number;
  bytes: number;
  failed: number;
  stoppedBy: 'done' | 'frames' | 'bytes' | 'cancelled' | 'nothing';
}

/** Frames to take first: the one a viewer opens on (index 0), then middle-out. */
export function prefetchOrder(count: number, maxFrames: number): number[] {
  return middleOutOrder(count, undefined, 0).slice(0, Math.max(0, maxFrames));
}

export async function prefetchNext(currentStudyUid: string, deps: PrefetchDeps, signal: AbortSignal, budget: PrefetchBudget = DEFAULT_PREFETCH_BUDGET): Promise<PrefetchResult> {
  const result: PrefetchResult = { studyUid: null, framesLoaded: 0, bytes: 0, failed: 0, stoppedBy: 'nothing' };
  const cancelled = () => {
    if (signal.aborted) result.stoppedBy = 'cancelled';
    return signal.aborted;
  };
  if (cancelled()) return result;
  const next = await deps.nextStudy(currentStudyUid);
  if (!next || cancelled()) return result;
  result.studyUid = next;
  const ids = await deps.seriesImageIds(next);
  if (cancelled()) return result;
  const order = prefetchOrder(ids.length, budget.maxFrames);
  result.stoppedBy = ids.length > order.length ? 'frames' : 'done';
  for (const i of order) {
    if (cancelled()) return result;
    if (result.bytes >= budget.maxBytes) {
      result.stoppedBy = 'bytes';
      return result;
    }
    try {
      result.bytes += await deps.loadFrame(ids[i]);
      result.framesLoaded++;
    } catch {
      // A frame that fails here fails again, visibly, when the study is opened.
      result.failed++;
    }
  }
  return result;
}
