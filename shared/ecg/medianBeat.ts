import { removeBaselineWander } from './filters.js';
import { median } from './rhythm.js';
import type { LeadName } from './types.js';

export interface MedianBeat {
  fs: number;
  /** Index of the QRS fiducial inside each lead's array. */
  fiducialIndex: number;
  /** Number of beats that went into the median. */
  beatCount: number;
  leads: Partial<Record<LeadName, Float64Array>>;
}

/**
 * Sample-by-sample median of the beats around each QRS fiducial, per lead, on a baseline-wander
 * corrected copy (0.5 Hz zero-phase: AHA 2007 accepts ≤0.67 Hz zero-phase for ST work). Beats
 * whose window leaves the record are skipped.
 */
export function computeMedianBeat(
  leads: Partial<Record<LeadName, ArrayLike<number>>>,
  fs: number,
  peaks: readonly number[],
  medianRrMs: number,
): MedianBeat | null {
  const rr = Number.isFinite(medianRrMs) ? medianRrMs : 1000;
  const pre = Math.round((Math.min(400, 0.45 * rr) * fs) / 1000);
  const post = Math.round((Math.min(650, 0.8 * rr) * fs) / 1000);
  const entries = Object.entries(leads) as [LeadName, ArrayLike<number>][];
  const n = entries[0]?.[1].length ?? 0;
  const usable = peaks.filter((p) => p - pre >= 0 && p + post < n);
  if (!usable.length) return null;
  const out: Partial<Record<LeadName, Float64Array>> = {};
  const column = new Float64Array(usable.length);
  for (const [lead, raw] of entries) {
    const x = removeBaselineWander(raw, fs);
    const m = new Float64Array(pre + post + 1);
    for (let k = -pre; k <= post; k++) {
      usable.forEach((p, b) => (column[b] = x[p + k]));
      m[k + pre] = median(column);
    }
    out[lead] = m;
  }
  return { fs, fiducialIndex: pre, beatCount: usable.length, leads: out };
}
