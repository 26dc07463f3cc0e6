import { filtfilt, highPassBiquad, lowPassBiquad } from './filters.js';

/**
 * QRS detection after Pan & Tompkins (IEEE TBME 1985;32:230): 5–15 Hz band-pass, derivative,
 * squaring and a 150 ms moving-window integral, here summed over all leads so that a QRS that is
 * small in one lead is still found. Peaks are picked with a 200 ms refractory period and an
 * adaptive threshold, with search-back for missed beats.
 */
export interface QrsDetection {
  /** Sample index of each QRS (the centre of its energy), ascending. */
  peaks: number[];
  /** The integrated energy signal, for diagnostics and drawing. */
  energy: Float64Array;
}

function fillNaN(x: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(x);
  let last = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) y[i] = last;
    else last = y[i];
  }
  return y;
}

function movingAverageCentered(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  const half = Math.floor(window / 2);
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i] + x[i];
  for (let i = 0; i < x.length; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(x.length, i + half + 1);
    out[i] = (prefix[b] - prefix[a]) / (b - a);
  }
  return out;
}

/** Sum over leads of the squared derivative of the 5–15 Hz band, integrated over 150 ms. */
export function qrsEnergy(leads: ReadonlyArray<ArrayLike<number>>, fs: number): Float64Array {
  const n = leads[0]?.length ?? 0;
  const sum = new Float64Array(n);
  const hp = highPassBiquad(5, fs);
  const lp = lowPassBiquad(Math.min(15, fs * 0.4), fs);
  for (const lead of leads) {
    const band = filtfilt(lp, filtfilt(hp, fillNaN(lead), fs), fs);
    for (let i = 1; i < n - 1; i++) {
      const d = ((band[i + 1] - band[i - 1]) * fs) / 2;
      sum[i] += d * d;
    }
  }
  return movingAverageCentered(sum, Math.max(1, Math.round(0.15 * fs)));
}

function localMaxima(x: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < x.length - 1; i++) if (x[i] > x[i - 1] && x[i] >= x[i + 1]) out.push(i);
  return out;
}

function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function detectQrs(leads: ReadonlyArray<ArrayLike<number>>, fs: number): QrsDetection {
  const energy = qrsEnergy(leads, fs);
  const n = energy.length;
  const refractory = Math.round(0.2 * fs);
  // Reference level: the median of the largest energy in each 2 s window (robust to one artefact).
  const win = Math.max(1, Math.round(2 * fs));
  const windowMax: number[] = [];
  for (let a = 0; a < n; a += win) {
    let m = 0;
    for (let i = a; i < Math.min(n, a + win); i++) m = Math.max(m, energy[i]);
    windowMax.push(m);
  }
  const level = median(windowMax);
  if (!(level > 0)) return { peaks: [], energy };

  // Non-maximum suppression: the tallest maxima first, none within the refractory period of another.
  const candidates = localMaxima(energy).sort((a, b) => energy[b] - energy[a]);
  const taken = new Uint8Array(n);
  const accept = (threshold: number, from: number, to: number, out: number[]) => {
    for (const c of candidates) {
      if (c < from || c > to || energy[c] < threshold) continue;
      let clear = true;
      for (let k = Math.max(0, c - refractory); k <= Math.min(n - 1, c + refractory); k++) {
        if (taken[k]) {
          clear = false;
          break;
        }
      }
      if (clear) {
        taken[c] = 1;
        out.push(c);
      }
    }
  };
  const peaks: number[] = [];
  accept(0.3 * level, 0, n - 1, peaks);
  peaks.sort((a, b) => a - b);

  // Search-back: a gap over 1.66 × the median RR probably hides a smaller beat.
  const rr = peaks.slice(1).map((p, i) => p - peaks[i]);
  const medRr = median(rr);
  if (Number.isFinite(medRr)) {
    const extra: number[] = [];
    for (let i = 1; i < peaks.length; i++) {
      if (peaks[i] - peaks[i - 1] > 1.66 * medRr) accept(0.12 * level, peaks[i - 1] + refractory, peaks[i] - refractory, extra);
    }
    peaks.push(...extra);
    peaks.sort((a, b) => a - b);
  }
  return { peaks, energy };
}
