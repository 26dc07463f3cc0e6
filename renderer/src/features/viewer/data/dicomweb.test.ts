import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../domain/dicomJson.js';
import { DicomwebError, frameImageIds, listSeries, loadSeriesMetadata } from './dicomweb.js';

const inst = (sop: string, extra: DicomJsonDataset = {}): DicomJsonDataset => ({
  '00080018': { vr: 'UI', Value: [sop] },
  '00280010': { vr: 'US', Value: [512] },
  ...extra,
});

/** A fetch that answers from a table and records the headers it was sent (no network needed). */
function fakeFetch(routes: Record<string, unknown>, seen: Headers[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Headers(init?.headers));
    const url = String(input);
    const body = Object.entries(routes).find(([k]) => url.endsWith(k))?.[1];
    if (body === undefined) return new Response('', { status: 404 });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/dicom+json' } });
  }) as typeof fetch;
}

describe('DICOMweb study loading', () => {
  it('makes one wadors image ID per frame, 1-based', () => {
    const ids = frameImageIds('/dicomweb', '1.2', '1.2.3', inst('9', { '00280008': { vr: 'IS', Value: ['3'] } }));
    expect(ids).toEqual([1, 2, 3].map((n) => `wadors:/dicomweb/studies/1.2/series/1.2.3/instances/9/frames/${n}`));
  });

  it('lists series by number, with the token, and loads image instances in reading order', async () => {
    const seen: Headers[] = [];
    const src = {
      root: 'http://hub/dicomweb',
      getToken: async () => 'tok-1',
      fetch: fakeFetch(
        {
          '/studies/1.2/series': [
            { '0020000E': { vr: 'UI', Value: ['S2'] }, '00200011': { vr: 'IS', Value: [2] }, '00080060': { vr: 'CS', Value: ['CT'] } },
            { '0020000E': { vr: 'UI', Value: ['S1'] }, '00200011': { vr: 'IS', Value: [1] }, '00080060': { vr: 'CS', Value: ['SR'] } },
          ],
          '/series/S2/metadata': [
            inst('b', { '00200013': { vr: 'IS', Value: [2] } }),
            { '00080018': { vr: 'UI', Value: ['sr'] } }, // no Rows: not an image
            inst('a', { '00200013': { vr: 'IS', Value: [1] } }),
          ],
        },
        seen,
      ),
    };
    const series = await listSeries(src, '1.2');
    expect(series.map((s) => s.seriesUid)).toEqual(['S1', 'S2']);
    const loaded = await loadSeriesMetadata(src, '1.2', series[1]);
    expect(loaded.imageIds.map((id) => id.split('/instances/')[1])).toEqual(['a/frames/1', 'b/frames/1']);
    expect(loaded.instanceCount).toBe(2);
    expect(seen.every((h) => h.get('authorization') === 'Bearer tok-1')).toBe(true);
  });

  it('reports the HTTP status of a refused study', async () => {
    const src = { root: 'http://hub/dicomweb', getToken: async () => 't', fetch: fakeFetch({}) };
    await expect(listSeries(src, 'nope')).rejects.toBeInstanceOf(DicomwebError);
    await expect(listSeries(src, 'nope')).rejects.toMatchObject({ status: 404 });
  });
});
