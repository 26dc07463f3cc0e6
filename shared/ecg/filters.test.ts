import { describe, expect, it } from 'vitest';
import { applyFilters, FILTERS_OFF, lowPassFilter, notchFilter, removeBaselineWander } from './filters.js';

const fs = 500;
const sine = (hz: number, seconds = 4, amp = 1000) => Float64Array.from({ length: seconds * fs }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / fs));
/** RMS over the middle half, away from the edges. */
const rms = (x: ArrayLike<number>) => {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += x[i] ** 2;
  return Math.sqrt(s / (b - a));
};
const gainDb = (out: ArrayLike<number>, input: ArrayLike<number>) => 20 * Math.log10(rms(out) / rms(input));

describe('filters', () => {
  it('the 50 Hz notch attenuates 50 Hz by more than 30 dB and passes 10 Hz within 1 dB', () => {
    expect(gainDb(notchFilter(sine(50), fs), sine(50))).toBeLessThan(-30);
    expect(Math.abs(gainDb(notchFilter(sine(10), fs), sine(10)))).toBeLessThan(1);
  });

  it('low-pass 40 Hz passes 10 Hz within 1 dB and cuts 100 Hz by more than 20 dB; 100/150 Hz variants pass 10 Hz', () => {
    expect(Math.abs(gainDb(lowPassFilter(sine(10), fs, 40), sine(10)))).toBeLessThan(1);
    expect(gainDb(lowPassFilter(sine(100), fs, 40), sine(100))).toBeLessThan(-20);
    for (const c of [100, 150]) expect(Math.abs(gainDb(lowPassFilter(sine(10), fs, c), sine(10)))).toBeLessThan(1);
  });

  it('baseline-wander removal (0.5 Hz, zero phase) removes 0.1 Hz drift and passes 10 Hz without shifting it', () => {
    const drift = sine(0.1, 20);
    expect(gainDb(removeBaselineWander(drift, fs), drift)).toBeLessThan(-20);
    const ten = sine(10);
    const out = removeBaselineWander(ten, fs);
    expect(Math.abs(gainDb(out, ten))).toBeLessThan(1);
    // zero phase: sample-by-sample agreement in the middle
    expect(Math.abs(out[1000] - ten[1000])).toBeLessThan(20);
  });

  it('is off by default, never alters the input, keeps NaN gaps and reports filters it cannot apply', () => {
    const x = sine(10);
    x[500] = NaN;
    const copy = Float64Array.from(x);
    const off = applyFilters(x, fs, FILTERS_OFF);
    expect(off.applied).toEqual([]);
    expect(Array.from(off.values)).toEqual(Array.from(copy));
    const on = applyFilters(x, fs, { baselineWander: true, notch50: true, lowPassHz: 40 });
    expect(on.applied).toEqual(['baselineWander0.5Hz', 'notch50Hz', 'lowPass40Hz']);
    expect(Number.isNaN(on.values[500])).toBe(true);
    expect(Number.isNaN(on.values[501])).toBe(false);
    expect(Array.from(x)).toEqual(Array.from(copy));
    const slow = applyFilters(sine(10).subarray(0, 250), 250, { baselineWander: false, notch50: false, lowPassHz: 150 });
    expect(slow.skipped).toEqual(['lowPass150Hz']);
  });
});
