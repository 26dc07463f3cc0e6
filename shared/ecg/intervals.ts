import type { MedianBeat } from './medianBeat.js';
import { median } from './rhythm.js';
import type { LeadName } from './types.js';

/** Wave boundaries on the median beat, as sample indices into its arrays (null when not found). */
export interface BeatFiducials {
  qrsOnset: number;
  qrsOffset: number;
  pOnset: number | null;
  tEnd: number | null;
  /** Isoelectric level per lead (µV): mean of the PR segment just before QRS onset. */
  baselineUv: Partial<Record<LeadName, number>>;
}

/**
 * Boundary thresholds as fractions of the peak, chosen against the Mortara sample's device
 * fiducials (QRS 75 ms there; see test/system/ecg-mortara.test.ts for the comparison).
 */
const QRS_VELOCITY_FRACTION = 0.05;
const P_ONSET_FRACTION = 0.1;
/** Furthest a QRS boundary may lie from the fiducial (ms): keeps a broad QRS from running into T. */
const QRS_MAX_BEFORE_MS = 120;
const QRS_MAX_AFTER_MS = 160;

function smooth(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  const half = Math.floor(window / 2);
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    let c = 0;
    for (let k = Math.max(0, i - half); k <= Math.min(x.length - 1, i + half); k++) {
      s += x[k];
      c++;
    }
    out[i] = s / c;
  }
  return out;
}

/** Spatial velocity: the sum over leads of |dV/dt|, smoothed over 10 ms. */
function spatialVelocity(beat: MedianBeat): Float64Array {
  const leads = Object.values(beat.leads) as Float64Array[];
  const n = leads[0].length;
  const v = new Float64Array(n);
  for (const x of leads) for (let i = 1; i < n - 1; i++) v[i] += Math.abs(x[i + 1] - x[i - 1]) / 2;
  return smooth(v, Math.max(1, Math.round(0.01 * beat.fs)));
}

/**
 * Walks from `start` in `dir` while the velocity stays above `thr`, tolerating dips shorter than
 * `gap` samples (the still point at the top of a broad R); returns the boundary.
 */
function walk(v: Float64Array, start: number, dir: 1 | -1, thr: number, gap: number, limit: number): number {
  let i = start;
  let lastActive = start;
  while (i + dir >= 0 && i + dir < v.length && Math.abs(i + dir - start) <= limit) {
    i += dir;
    if (v[i] >= thr) lastActive = i;
    else if (Math.abs(i - lastActive) >= gap) break;
  }
  return lastActive;
}

export function findFiducials(beat: MedianBeat): BeatFiducials {
  const fs = beat.fs;
  const ms = (t: number) => Math.round((t * fs) / 1000);
  const v = spatialVelocity(beat);
  const f = beat.fiducialIndex;
  let vmax = 0;
  for (let i = Math.max(0, f - ms(100)); i <= Math.min(v.length - 1, f + ms(100)); i++) vmax = Math.max(vmax, v[i]);
  const thr = QRS_VELOCITY_FRACTION * vmax;
  const qrsOnset = walk(v, f, -1, thr, ms(20), ms(QRS_MAX_BEFORE_MS));
  const qrsOffset = walk(v, f, 1, thr, ms(20), ms(QRS_MAX_AFTER_MS));

  const entries = Object.entries(beat.leads) as [LeadName, Float64Array][];
  const baselineUv: Partial<Record<LeadName, number>> = {};
  const a = Math.max(0, qrsOnset - ms(20));
  const b = Math.max(a + 1, qrsOnset - ms(4));
  for (const [lead, x] of entries) {
    let s = 0;
    for (let i = a; i < b; i++) s += x[i];
    baselineUv[lead] = s / (b - a);
  }

  // P wave: the largest spatial deflection 30–300 ms before QRS onset, measured from the TP level
  // at the start of that window (the PR segment can sit below TP: atrial repolarisation).
  let pOnset: number | null = null;
  const pFrom = Math.max(0, qrsOnset - ms(300));
  const pTo = qrsOnset - ms(30);
  if (pTo - pFrom >= ms(120)) {
    const tpTo = pFrom + ms(30);
    const tp = entries.map(([, x]) => {
      let s = 0;
      for (let i = pFrom; i < tpTo; i++) s += x[i];
      return s / (tpTo - pFrom);
    });
    const mag = new Float64Array(v.length);
    for (let i = pFrom; i <= pTo; i++) {
      let s = 0;
      entries.forEach(([, x], k) => (s += (x[i] - tp[k]) ** 2));
      mag[i] = Math.sqrt(s);
    }
    let noise = 0;
    for (let i = pFrom; i < tpTo; i++) noise = Math.max(noise, mag[i]);
    let peak = tpTo;
    for (let i = tpTo; i <= pTo; i++) if (mag[i] > mag[peak]) peak = i;
    // A P wave clearly above the TP noise (≥ 50 µV spatial magnitude and ≥ 2.5 × the noise).
    if (mag[peak] >= Math.max(50, 2.5 * noise)) {
      const thr = noise + P_ONSET_FRACTION * (mag[peak] - noise);
      let i = peak;
      while (i > tpTo && mag[i] > thr) i--;
      if (i > tpTo) pOnset = i;
    }
  }

  // T end: tangent method per lead with a T wave ≥ 100 µV; the latest robust end (median of the top half).
  const ends: number[] = [];
  const tFrom = qrsOffset + ms(60);
  for (const [lead, x] of entries) {
    const base = baselineUv[lead] ?? 0;
    if (tFrom >= x.length - 2) break;
    let peak = tFrom;
    for (let i = tFrom; i < x.length; i++) if (Math.abs(x[i] - base) > Math.abs(x[peak] - base)) peak = i;
    const amp = x[peak] - base;
    if (Math.abs(amp) < 100 || peak >= x.length - ms(20)) continue;
    // Steepest slope back towards baseline after the peak.
    let steep = peak;
    let slope = 0;
    for (let i = peak + 1; i < x.length - 1; i++) {
      const d = (x[i + 1] - x[i - 1]) / 2;
      if (-Math.sign(amp) * d > slope) {
        slope = -Math.sign(amp) * d;
        steep = i;
      }
      if (Math.abs(x[i] - base) < 0.1 * Math.abs(amp)) break;
    }
    if (slope <= 0) continue;
    const end = steep + Math.abs(x[steep] - base) / slope;
    if (end < x.length) ends.push(end);
  }
  let tEnd: number | null = null;
  if (ends.length) {
    const sorted = ends.sort((p, q) => p - q);
    tEnd = Math.round(median(sorted.slice(Math.floor(sorted.length / 2))));
  }
  return { qrsOnset, qrsOffset, pOnset, tEnd, baselineUv };
}
