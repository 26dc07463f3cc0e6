import { describe, expect, it } from 'vitest';
import { describeStudy, findPriors, pickPrior } from './priors.js';

const study = (uid: string, pid: string, date: string, mods: string[]) => ({
  '0020000D': { vr: 'UI', Value: [uid] },
  '00100020': { vr: 'LO', Value: [pid] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Zhang^Wei', Ideographic: '张^伟' }] },
  '00080020': { vr: 'DA', Value: [date] },
  '00080061': { vr: 'CS', Value: mods },
});

describe('prior studies through the hub', () => {
  it('asks QIDO by Patient ID with the token, leaves out the current study, newest first', async () => {
    const urls: string[] = [];
    const src = {
      root: 'http://hub/dicomweb',
      getToken: async () => 'tok',
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        urls.push(String(input));
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok');
        const u = new URL(String(input));
        const rows = u.searchParams.get('StudyInstanceUID')
          ? [study('1.1', 'P 1', '20261120', ['CT'])]
          : [study('1.1', 'P 1', '20261120', ['CT']), study('1.0', 'P 1', '20250101', ['DX']), study('0.9', 'P 1', '20260301', ['CT']), study('x', 'P 10', '20260301', ['CT'])];
        return new Response(JSON.stringify(rows), { status: 200 });
      }) as typeof fetch,
    };
    const current = await describeStudy(src, '1.1');
    expect(current).toMatchObject({ studyUid: '1.1', patientId: 'P 1', patientName: '张 伟', modalities: ['CT'] });
    const priors = await findPriors(src, current!);
    expect(urls[1]).toContain('/studies?PatientID=P%201');
    expect(priors.map((p) => p.studyUid)).toEqual(['0.9', '1.0']);
    expect(pickPrior(current!, priors)?.studyUid).toBe('0.9');
    expect(pickPrior({ ...current!, modalities: ['MR'] }, priors)?.studyUid).toBe('0.9');
  });

  it('never searches with an empty Patient ID (that would list every patient)', async () => {
    const src = { root: 'r', getToken: async () => '', fetch: (async () => { throw new Error('no request expected'); }) as typeof fetch };
    const current = { studyUid: '1', patientId: ' ', patientName: '', studyDate: '', studyTime: '', description: '', modalities: [], accession: '', institution: '', instanceCount: 0 };
    expect(await findPriors(src, current)).toEqual([]);
  });
});
