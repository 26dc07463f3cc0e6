import { describe, expect, it } from 'vitest';
import { prefetchNext, prefetchOrder, type PrefetchDeps } from './prefetch.js';

function deps(frames: number, frameBytes = 1000, log: string[] = []): PrefetchDeps {
  return {
    nextStudy: async (cur) => (cur === 'A' ? 'B' : null),
    seriesImageIds: async (study) => {
      log.push(`meta ${study}`);
      return Array.from({ length: frames }, (_, i) => `id${i}`);
    },
    loadFrame: async (id) => {
      log.push(id);
      return frameBytes;
    },
  };
}

describe('prefetch of the next task', () => {
  it('takes the metadata and the first frames (the opening one, then middle-out) within the frame budget', async () => {
    const log: string[] = [];
    const r = await prefetchNext('A', deps(10, 1000, log), new AbortController().signal, { maxFrames: 4, maxBytes: 1e9 });
    expect(r).toEqual({ studyUid: 'B', framesLoaded: 4, bytes: 4000, failed: 0, stoppedBy: 'frames' });
    expect(log).toEqual(['meta B', 'id0', 'id4', 'id5', 'id3']);
    expect(prefetchOrder(3, 10)).toEqual([0, 1, 2]);
  });

  it('stops at the byte budget', async () => {
    const r = await prefetchNext('A', deps(50, 10_000_000), new AbortController().signal, { maxFrames: 50, maxBytes: 25_000_000 });
    expect(r.framesLoaded).toBe(3);
    expect(r.stoppedBy).toBe('bytes');
  });

  it('stops fetching when cancelled (the reader navigated)', async () => {
    const ctl = new AbortController();
    const log: string[] = [];
    const d = deps(10, 1, log);
    const r = await prefetchNext('A', { ...d, loadFrame: async (id) => { log.push(id); if (log.length === 3) ctl.abort(); return 1; } }, ctl.signal, { maxFrames: 10, maxBytes: 1e9 });
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.framesLoaded).toBe(2);
    expect(log).toEqual(['meta B', 'id0', 'id4']);
  });

  it('does nothing without a next task, counts failed frames and goes on', async () => {
    expect((await prefetchNext('Z', deps(3), new AbortController().signal)).stoppedBy).toBe('nothing');
    const d = deps(3);
    const r = await prefetchNext('A', { ...d, loadFrame: async (id) => { if (id === 'id1') throw new Error('decode'); return 5; } }, new AbortController().signal);
    expect(r).toMatchObject({ framesLoaded: 2, failed: 1, stoppedBy: 'done' });
  });
});
