import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { initialWindow, isMonochrome1, rangeToWindow, rescale, windowToRange, windowsFromFile } from './voi.js';

const ds = (o: Record<string, [string, unknown[]]>): DicomJsonDataset =>
  Object.fromEntries(Object.entries(o).map(([k, [vr, Value]]) => [k, { vr, Value: Value as never }]));

describe('VOI math (PS3.3 C.11.2.1.2.1)', () => {
  it('maps centre/width to the linear range and back', () => {
    expect(windowToRange({ center: 40, width: 80 })).toEqual({ lower: 0, upper: 79 });
    expect(windowToRange({ center: -600, width: 1500 })).toEqual({ lower: -1350, upper: 149 });
    for (const w of [{ center: 40, width: 80 }, { center: -600, width: 1500 }, { center: 511, width: 1024 }]) {
      expect(rangeToWindow(windowToRange(w))).toEqual(w);
    }
  });

  it('clamps a width below 1 (the standard forbids it) instead of inverting the ramp', () => {
    const r = windowToRange({ center: 100, width: 0 });
    expect(r.upper).toBeGreaterThanOrEqual(r.lower);
  });

  it('reads every window pair of the file, skipping unusable widths', () => {
    const w = windowsFromFile(ds({ '00281050': ['DS', ['40', 300]], '00281051': ['DS', [80, '0']], '00281055': ['LO', ['BRAIN', 'BAD']] }));
    expect(w).toEqual([{ center: 40, width: 80, explanation: 'BRAIN' }]);
  });

  it('defaults the Modality LUT to identity and reads slope/intercept', () => {
    expect(rescale({})).toEqual({ slope: 1, intercept: 0 });
    expect(rescale(ds({ '00281053': ['DS', ['2.5']], '00281052': ['DS', ['-1024']] }))).toEqual({ slope: 2.5, intercept: -1024 });
  });

  it('opens with the file window, else the full rescaled range of the stored bits', () => {
    expect(initialWindow(ds({ '00281050': ['DS', [50]], '00281051': ['DS', [350]] }))).toEqual({ center: 50, width: 350 });
    const ct = ds({ '00280101': ['US', [12]], '00281053': ['DS', [1]], '00281052': ['DS', [-1024]] });
    expect(windowToRange(initialWindow(ct))).toEqual({ lower: -1024, upper: 4095 - 1024 });
    const signed = ds({ '00280101': ['US', [16]], '00280103': ['US', [1]] });
    expect(windowToRange(initialWindow(signed))).toEqual({ lower: -32768, upper: 32767 });
  });

  it('recognises MONOCHROME1 (lowest value white), padded or not', () => {
    expect(isMonochrome1(ds({ '00280004': ['CS', ['MONOCHROME1 ']] }))).toBe(true);
    expect(isMonochrome1(ds({ '00280004': ['CS', ['MONOCHROME2']] }))).toBe(false);
    expect(isMonochrome1({})).toBe(false);
  });
});
