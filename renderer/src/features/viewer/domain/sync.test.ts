import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { slicePosition } from './geometry.js';
import { canSync, makeLink, nearestSlice, syncTarget } from './sync.js';

const axial = (z: number, frame = 'FOR1'): DicomJsonDataset => ({
  '00200032': { vr: 'DS', Value: [0, 0, z] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00200052': { vr: 'UI', Value: [frame] },
});
const coronal = (y: number): DicomJsonDataset => ({ '00200032': { vr: 'DS', Value: [0, y, 0] }, '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 0, -1] } });

describe('synchronised scrolling by slice position', () => {
  it('maps by position, not index: a 2.5 mm stack against a 5 mm stack', () => {
    const fine = [10, 7.5, 5, 2.5, 0].map((z) => axial(z));
    const coarse = [10, 5, 0].map((z) => axial(z));
    const link = makeLink(fine[0], coarse[0]);
    expect(link.offset).toBe(0);
    const positions = coarse.map(slicePosition);
    expect(syncTarget(fine[2], positions, link)).toBe(1); // 5 mm → the 5 mm slice, index 1 (index sync would say 2)
    expect(syncTarget(fine[4], positions, link)).toBe(2);
  });

  it('across Frames of Reference (a prior) keeps the offset seen when linked', () => {
    const current = [0, -2, -4, -6].map((z) => axial(z, 'A'));
    const prior = [100, 98, 96, 94, 92].map((z) => axial(z, 'B'));
    const link = makeLink(current[0], prior[1]); // reader lined slice 0 up with prior slice 1
    expect(link.offset).toBe(98);
    expect(syncTarget(current[2], prior.map(slicePosition), link)).toBe(3);
  });

  it('only links stacks with the same slice direction', () => {
    expect(canSync([axial(0), axial(1)], [axial(5), axial(6)])).toBe(true);
    expect(canSync([axial(0), axial(1)], [coronal(0), coronal(1)])).toBe(false);
    expect(canSync([axial(0)], [axial(0), axial(1)])).toBe(false);
  });

  it('finds the nearest slice and refuses one too far away', () => {
    expect(nearestSlice([0, 5, 10], 6)).toBe(1);
    expect(nearestSlice([0, 5, 10], 30, 10)).toBeNull();
    expect(nearestSlice([null, 5], 0)).toBe(1);
  });
});
