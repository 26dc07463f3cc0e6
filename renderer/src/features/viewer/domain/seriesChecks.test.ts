import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { checkSeries, uniqueInstances } from './seriesChecks.js';

const slice = (z: number, extra: DicomJsonDataset = {}): DicomJsonDataset => ({
  '00200032': { vr: 'DS', Value: [-100, -100, z] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280030': { vr: 'DS', Value: [0.7, 0.7] },
  ...extra,
});
const stack = (zs: number[]) => zs.map((z) => slice(z));

describe('series checks before display and MPR', () => {
  it('finds nothing wrong with an evenly spaced axial stack (either direction)', () => {
    expect(checkSeries(stack([0, 2.5, 5, 7.5, 10]))).toEqual([]);
    expect(checkSeries(stack([10, 7.5, 5, 2.5, 0]))).toEqual([]);
  });

  it('reports a missing slice with where and how big the gap is', () => {
    const issues = checkSeries(stack([10, 7.5, 2.5, 0, -2.5]));
    expect(issues).toEqual([{ kind: 'missingSlices', count: 1, afterIndex: 1, gapMm: 5, spacingMm: 2.5 }]);
    expect(checkSeries(stack([0, 1, 2, 6, 7, 8]))[0]).toMatchObject({ kind: 'missingSlices', count: 3 });
  });

  it('reports uneven spacing that is not a whole missing slice', () => {
    expect(checkSeries(stack([0, 2.5, 5, 7.9, 10.4, 12.9]))).toEqual([{ kind: 'unevenSpacing', maxDeviationMm: 0.4, spacingMm: 2.5 }]);
  });

  it('reports two slices at one position', () => {
    expect(checkSeries(stack([0, 2.5, 2.5, 5, 7.5]))).toContainEqual({ kind: 'duplicatePositions', count: 1 });
  });

  it('reports inconsistent geometry: orientation, matrix, pixel spacing', () => {
    const tilted = slice(5, { '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 0.96, -0.28] } });
    expect(checkSeries([slice(0), slice(2.5), tilted, slice(7.5)]).map((i) => i.kind)).toContain('mixedOrientation');
    const small = slice(5, { '00280010': { vr: 'US', Value: [256] } });
    expect(checkSeries([slice(0), slice(2.5), small]).map((i) => i.kind)).toContain('mixedSize');
    const finer = slice(5, { '00280030': { vr: 'DS', Value: [0.5, 0.5] } });
    expect(checkSeries([slice(0), slice(2.5), finer]).map((i) => i.kind)).toContain('mixedPixelSpacing');
  });

  it('leaves single images and stacks without positions to the geometry checks', () => {
    expect(checkSeries([slice(0)])).toEqual([]);
    const noPos = (n: number) => ({ '00280010': { vr: 'US', Value: [n] }, '00280011': { vr: 'US', Value: [n] } }) as DicomJsonDataset;
    expect(checkSeries([noPos(100), noPos(100), noPos(100)])).toEqual([]);
  });

  it('counts each instance once even when it has several frames', () => {
    const a = slice(0);
    const b = slice(1);
    expect(uniqueInstances([a, a, a, b, b])).toEqual([a, b]);
  });
});
