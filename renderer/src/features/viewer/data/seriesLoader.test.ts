import { describe, expect, it } from 'vitest';
import { SeriesLoader, type FrameSource } from './seriesLoader.js';

/** A frame source whose loads finish when the test says so (Cornerstone's loader needs a browser). */
function fakeFrames(cached: string[] = []) {
  const requested: string[] = [];
  const pending = new Map<string, { resolve(): void; reject(e: unknown): void }>();
  const loaded = new Set(cached);
  const frames: FrameSource = {
    isLoaded: (id) => loaded.has(id),
    load: (id) =>
      new Promise<void>((resolve, reject) => {
        requested.push(id);
        pending.set(id, {
          resolve: () => {
            loaded.add(id);
            resolve();
          },
          reject,
        });
      }),
  };
  const settle = async (id: string, ok = true) => {
    const p = pending.get(id);
    if (!p) throw new Error(`${id} was not requested`);
    pending.delete(id);
    if (ok) p.resolve();
    else p.reject({ status: 503 });
    // let the loader's then/finally callbacks run
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { frames, requested, pending, settle };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);

describe('SeriesLoader load order', () => {
  it('requests the slice on screen first and alone, then middle-out with the concurrency limit', async () => {
    const f = fakeFrames();
    const loader = new SeriesLoader(ids(9), 0, () => undefined, 3, f.frames);
    loader.start();
    expect(f.requested).toEqual(['f0']);
    await f.settle('f0');
    // middle-out around slice 4 once the first is in: 4, 5, 3 …
    expect(f.requested).toEqual(['f0', 'f4', 'f5', 'f3']);
    await f.settle('f5');
    expect(f.requested).toEqual(['f0', 'f4', 'f5', 'f3', 'f6']);
    loader.stop();
  });

  it('a first slice that failed still lets the rest load (the viewport reports it), and progress counts it', async () => {
    const f = fakeFrames();
    const seen: number[] = [];
    const loader = new SeriesLoader(ids(4), 2, (p) => seen.push(p.failed), 4, f.frames);
    loader.start();
    expect(f.requested).toEqual(['f2']);
    await f.settle('f2', false);
    expect(loader.progress.failed).toBe(1);
    expect(loader.progress.errors.get('f2')).toBe('HTTP 503');
    expect(f.requested.slice(1).sort()).toEqual(['f0', 'f1', 'f3']);
    loader.stop();
  });

  it('a first slice already in the cache (the viewport drew it) does not hold the others back', () => {
    const f = fakeFrames(['f0']);
    const loader = new SeriesLoader(ids(6), 0, () => undefined, 2, f.frames);
    loader.start();
    expect(loader.progress.loaded).toBe(1);
    expect(f.requested).toEqual(['f2', 'f3']);
    loader.stop();
  });
});
