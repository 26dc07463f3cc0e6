import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { checkSliceSpacing, slicePosition, sortInstances } from './geometry.js';

const axial = (z: number, num: number): DicomJsonDataset => ({
  '00200032': { vr: 'DS', Value: [-100, -100, z] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00200013': { vr: 'IS', Value: [num] },
});

describe('series geometry', () => {
  it('sorts axial slices head first by position, whatever the instance numbers say', () => {
    const sorted = sortInstances([axial(-10, 1), axial(20, 3), axial(5, 2)]);
    expect(sorted.map(slicePosition)).toEqual([20, 5, -10]);
  });

  it('falls back to Instance Number without positions (radiographs)', () => {
    const n = (k: number): DicomJsonDataset => ({ '00200013': { vr: 'IS', Value: [k] } });
    expect(sortInstances([n(3), n(1), n(2)]).map((d) => d['00200013']?.Value?.[0])).toEqual([1, 2, 3]);
  });

  it('flags a series with a missing slice so MPR can warn', () => {
    const even = [30, 27, 24, 21, 18].map((z, i) => axial(z, i));
    expect(checkSliceSpacing(even)).toMatchObject({ uniform: true, spacing: 3 });
    const gap = [30, 27, 21, 18, 15].map((z, i) => axial(z, i));
    expect(checkSliceSpacing(gap)).toMatchObject({ uniform: false, spacing: 3, maxDeviation: 3 });
    expect(checkSliceSpacing([axial(1, 1)])).toBeNull();
  });
});
