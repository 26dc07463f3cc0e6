import { cache } from '@cornerstonejs/core';
import { middleOutOrder, reprioritise } from '../domain/loadOrder.js';
import { loadAndCacheFrame } from './frames.js';

export interface LoadProgress {
  loaded: number;
  failed: number;
  total: number;
  /** imageId → reason, for frames that could not be fetched or decoded */
  errors: Map<string, string>;
}

/** Where frames come from: Cornerstone's session cache and loader (fakes in the unit tests). */
export interface FrameSource {
  isLoaded(imageId: string): boolean;
  load(imageId: string): Promise<unknown>;
}

const cornerstoneFrames: FrameSource = {
  isLoaded: (imageId) => cache.isLoaded(imageId),
  load: (imageId) => loadAndCacheFrame(imageId),
};

/**
 * Fetches every frame of a stack into the session cache: the one on screen first and alone (the
 * rest is not queued until it is in), then middle-out; scrolling re-focuses what is still pending.
 * A few requests at a time, so the frame the reader is looking at never queues behind a whole series.
 */
export class SeriesLoader {
  private pending: number[];
  private inFlight = 0;
  private stopped = false;
  /** true while the first slice is being fetched on its own */
  private firstAlone: boolean;
  readonly progress: LoadProgress;

  constructor(
    private readonly imageIds: readonly string[],
    first: number,
    private readonly onProgress: (p: LoadProgress) => void,
    private readonly concurrency = 4,
    private readonly frames: FrameSource = cornerstoneFrames,
  ) {
    this.pending = middleOutOrder(imageIds.length, undefined, first);
    this.firstAlone = this.pending.length > 1;
    this.progress = { loaded: 0, failed: 0, total: imageIds.length, errors: new Map() };
  }

  start(): void {
    this.pump();
  }

  focus(index: number): void {
    this.pending = reprioritise(this.pending, index);
  }

  stop(): void {
    this.stopped = true;
    this.pending = [];
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < (this.firstAlone ? 1 : this.concurrency) && this.pending.length) {
      const index = this.pending.shift() as number;
      const imageId = this.imageIds[index];
      if (this.frames.isLoaded(imageId)) {
        this.progress.loaded++;
        this.firstAlone = false;
        continue;
      }
      this.inFlight++;
      this.frames
        .load(imageId)
        .then(
          () => {
            this.progress.loaded++;
          },
          (err: unknown) => {
            this.progress.failed++;
            this.progress.errors.set(imageId, describeLoadError(err));
          },
        )
        .finally(() => {
          this.inFlight--;
          this.firstAlone = false;
          if (!this.stopped) {
            this.onProgress({ ...this.progress });
            this.pump();
          }
        });
    }
    if (!this.stopped) this.onProgress({ ...this.progress });
  }
}

export function describeLoadError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object') {
    const o = err as { status?: number; error?: unknown; message?: string };
    if (o.status) return `HTTP ${o.status}`;
    if (o.message) return o.message;
    if (o.error instanceof Error) return o.error.message;
  }
  return String(err);
}
