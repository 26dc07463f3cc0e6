import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DicomwebSource } from './dicomweb.js';
import { clearWarmStudies, sharedSeriesList, sharedSeriesMetadata, warmStudy, WARM_TTL_MS } from './studyWarmup.js';

const SERIES = [
  { '0020000E': { vr: 'UI', Value: ['1.2.3.1'] }, '00200011': { vr: 'IS', Value: [1] }, '00080060': { vr: 'CS', Value: ['CT'] }, '00201209': { vr: 'IS', Value: [2] } },
];
const META = [1, 2].map((n) => ({
  '00080018': { vr: 'UI', Value: [`1.2.3.1.${n}`] },
  '00280010': { vr: 'US', Value: [512] },
  '00200013': { vr: 'IS', Value: [n] },
}));

/** DICOMweb answered in memory: the test counts the requests the viewer and the worklist make. */
function source(fail = false) {
  const calls: string[] = [];
  const src: DicomwebSource = {
    root: 'http://hub.test/dicomweb',
    getToken: async () => 't',
    fetch: (async (url: string) => {
      calls.push(String(url).replace('http://hub.test/dicomweb', ''));
      if (fail) return new Response('', { status: 503 });
      return new Response(JSON.stringify(String(url).endsWith('/metadata') ? META : SERIES), { status: 200 });
    }) as typeof fetch,
  };
  return { src, calls };
}

afterEach(() => clearWarmStudies());

describe('study warm-up shared with the viewer', () => {
  it('the worklist starts the series list and main metadata; the viewer reuses them without asking again', async () => {
    const { src, calls } = source();
    warmStudy(src, '1.2.3');
    // the warm-up goes on to the main series' metadata by itself
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const list = await sharedSeriesList(src, '1.2.3');
    expect(list.map((s) => s.seriesUid)).toEqual(['1.2.3.1']);
    const meta = await sharedSeriesMetadata(src, '1.2.3', list[0]);
    expect(meta.imageIds).toHaveLength(2);
    expect(calls).toEqual(['/studies/1.2.3/series', '/studies/1.2.3/series/1.2.3.1/metadata']);
  });

  it('forgets a failed fetch (the viewer asks again and reports its own error) and an entry older than the TTL', async () => {
    const bad = source(true);
    warmStudy(bad.src, '9.9');
    await expect(sharedSeriesList(bad.src, '9.9')).rejects.toThrow('HTTP 503');
    await expect(sharedSeriesList(bad.src, '9.9')).rejects.toThrow('HTTP 503');
    expect(bad.calls).toHaveLength(2);

    const { src, calls } = source();
    const t0 = 1_000_000;
    await sharedSeriesList(src, '1.2.3', t0);
    await sharedSeriesList(src, '1.2.3', t0 + WARM_TTL_MS - 1);
    expect(calls).toHaveLength(1);
    await sharedSeriesList(src, '1.2.3', t0 + WARM_TTL_MS);
    expect(calls).toHaveLength(2);
  });
});
