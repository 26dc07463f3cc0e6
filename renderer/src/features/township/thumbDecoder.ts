import type { ImageInfo } from './imageInfo.js';
import type { Thumb } from './thumbnail.js';

/**
 * Decodes compressed first frames for upload thumbnails in one worker (thumbWorker.ts), created on
 * the first compressed series and closed after a quiet minute (its codecs hold tens of MB). A
 * decode that takes longer than DECODE_TIMEOUT_MS ends the worker: that series shows the "preview
 * failed" placeholder and the next one gets a fresh worker, so a hostile or huge file cannot stall
 * the page. The caller's queue (SeriesThumb) keeps at most two jobs in flight.
 */
export interface ThumbRequest {
  id: number;
  frame: ArrayBuffer;
  info: ImageInfo;
  size: number;
}
export type ThumbReply = { id: number; thumb: Thumb } | { id: number; error: string };

export const DECODE_TIMEOUT_MS = 30_000;
const IDLE_MS = 60_000;

interface Pending {
  resolve: (t: Thumb) => void;
  timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

const failed = (detail: string): Thumb => ({ kind: 'placeholder', reason: 'error', detail });

function stop(detail: string) {
  worker?.terminate();
  worker = null;
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.resolve(failed(detail));
  }
}

function start(): Worker {
  const w = new Worker(new URL('./thumbWorker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<ThumbReply>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(e.data.id);
    p.resolve('thumb' in e.data ? e.data.thumb : failed(e.data.error));
    if (pending.size === 0) idle = setTimeout(() => stop('idle'), IDLE_MS);
  };
  w.onerror = (e) => stop(e.message || 'decoder worker failed');
  return w;
}

export async function decodeInWorker(frame: Blob, info: ImageInfo, size: number): Promise<Thumb> {
  const bytes = await frame.arrayBuffer();
  clearTimeout(idle);
  worker ??= start();
  const id = nextId++;
  return new Promise<Thumb>((resolve) => {
    const timer = setTimeout(() => stop(`no preview after ${DECODE_TIMEOUT_MS / 1000} s`), DECODE_TIMEOUT_MS);
    pending.set(id, { resolve, timer });
    worker!.postMessage({ id, frame: bytes, info, size } satisfies ThumbRequest, [bytes]);
  });
}
