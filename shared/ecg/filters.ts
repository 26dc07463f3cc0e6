/**
 * Display/measurement filters (Kligfield et al., Circulation 2007;115:1306). All are off by default
 * for diagnosis, return new arrays (the source samples are never altered) and are zero-phase
 * (forward–backward), so they do not shift waves in time. NaN gaps are bridged for filtering and
 * restored afterwards.
 */

/** One second-order section, a0 normalised to 1 (RBJ audio-EQ cookbook). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

export function lowPassBiquad(cutoffHz: number, fs: number, q = Math.SQRT1_2): Biquad {
  const w = (2 * Math.PI * cutoffHz) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

export function highPassBiquad(cutoffHz: number, fs: number, q = Math.SQRT1_2): Biquad {
  const w = (2 * Math.PI * cutoffHz) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

export function notchBiquad(centreHz: number, fs: number, q = 30): Biquad {
  const w = (2 * Math.PI * centreHz) / fs;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalise(1, -2 * c, 1, 1 + alpha, -2 * c, 1 - alpha);
}

/** Direct form II transposed, starting in the steady state for a constant input equal to x[0] (like scipy's lfilter_zi). */
function runBiquad(f: Biquad, x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  if (!x.length) return y;
  const dc = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
  let z2 = (f.b2 - f.a2 * dc) * x[0];
  let z1 = (f.b1 - f.a1 * dc) * x[0] + z2;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = f.b0 * xi + z1;
    z1 = f.b1 * xi - f.a1 * yi + z2;
    z2 = f.b2 * xi - f.a2 * yi;
    y[i] = yi;
  }
  return y;
}

/** Forward–backward filtering with odd reflection padding at both ends (zero phase, squared magnitude). */
export function filtfilt(f: Biquad, x: ArrayLike<number>, padLength: number): Float64Array {
  const n = x.length;
  if (n < 3) return Float64Array.from(x);
  const pad = Math.max(0, Math.min(n - 1, Math.round(padLength)));
  const ext = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) {
    ext[i] = 2 * x[0] - x[pad - i];
    ext[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
  }
  for (let i = 0; i < n; i++) ext[pad + i] = x[i];
  const fwd = runBiquad(f, ext).reverse();
  const back = runBiquad(f, fwd).reverse();
  return back.subarray(pad, pad + n).slice();
}

/** Replaces NaN gaps by linear interpolation (edges: nearest value); returns the gap mask. */
function bridgeGaps(x: ArrayLike<number>): { filled: Float64Array; gaps: Uint8Array | null } {
  const filled = Float64Array.from(x);
  let gaps: Uint8Array | null = null;
  let last = -1;
  for (let i = 0; i <= filled.length; i++) {
    if (i < filled.length && Number.isNaN(filled[i])) {
      gaps ??= new Uint8Array(filled.length);
      gaps[i] = 1;
      continue;
    }
    if (last + 1 < i) {
      const a = last >= 0 ? filled[last] : i < filled.length ? filled[i] : 0;
      const b = i < filled.length ? filled[i] : a;
      for (let k = last + 1; k < i; k++) filled[k] = a + ((b - a) * (k - last)) / (i - last);
    }
    last = i;
  }
  return { filled, gaps };
}

function withGaps(x: ArrayLike<number>, run: (filled: Float64Array) => Float64Array): Float64Array {
  const { filled, gaps } = bridgeGaps(x);
  const y = run(filled);
  if (gaps) for (let i = 0; i < y.length; i++) if (gaps[i]) y[i] = NaN;
  return y;
}

/** Baseline-wander removal: zero-phase Butterworth high-pass (default 0.5 Hz), pad of 3 s or the signal. */
export function removeBaselineWander(x: ArrayLike<number>, fs: number, cutoffHz = 0.5): Float64Array {
  return withGaps(x, (v) => filtfilt(highPassBiquad(cutoffHz, fs), v, 3 * fs));
}

/** Mains notch (50 Hz in China; 60 Hz possible), zero-phase, Q 30 (≈1.7 Hz wide). */
export function notchFilter(x: ArrayLike<number>, fs: number, mainsHz = 50, q = 30): Float64Array {
  return withGaps(x, (v) => filtfilt(notchBiquad(mainsHz, fs, q), v, fs));
}

/** Zero-phase Butterworth low-pass. `cutoffHz` must be below fs/2. */
export function lowPassFilter(x: ArrayLike<number>, fs: number, cutoffHz: number): Float64Array {
  return withGaps(x, (v) => filtfilt(lowPassBiquad(cutoffHz, fs), v, Math.max(16, (3 * fs) / cutoffHz)));
}

export type LowPassHz = 40 | 100 | 150;

/** The reader's filter choice; all off by default (diagnostic view = the recorded signal). */
export interface FilterSettings {
  baselineWander: boolean;
  notch50: boolean;
  lowPassHz: LowPassHz | null;
}

export const FILTERS_OFF: FilterSettings = { baselineWander: false, notch50: false, lowPassHz: null };

export type FilterName = 'baselineWander0.5Hz' | 'notch50Hz' | `lowPass${LowPassHz}Hz`;

export interface FilteredSignal {
  values: Float64Array;
  /** What was applied, for the "filtered view" label. */
  applied: FilterName[];
  /** Filters that could not apply at this sampling rate (e.g. a 150 Hz low-pass at 250 Hz). */
  skipped: FilterName[];
}

/** Applies the chosen filters in a fixed order (baseline → notch → low-pass). With all off, returns a copy. */
export function applyFilters(x: ArrayLike<number>, fs: number, settings: FilterSettings): FilteredSignal {
  let values: Float64Array = Float64Array.from(x);
  const applied: FilterName[] = [];
  const skipped: FilterName[] = [];
  const nyquist = fs / 2;
  if (settings.baselineWander) {
    values = removeBaselineWander(values, fs);
    applied.push('baselineWander0.5Hz');
  }
  if (settings.notch50) {
    if (50 < nyquist * 0.95) {
      values = notchFilter(values, fs, 50);
      applied.push('notch50Hz');
    } else skipped.push('notch50Hz');
  }
  if (settings.lowPassHz !== null) {
    const name: FilterName = `lowPass${settings.lowPassHz}Hz`;
    if (settings.lowPassHz < nyquist * 0.95) {
      values = lowPassFilter(values, fs, settings.lowPassHz);
      applied.push(name);
    } else skipped.push(name);
  }
  return { values, applied, skipped };
}
