/** RR statistics from QRS positions. Automatic values are suggestions for the reader. */
export interface RrStats {
  intervalsMs: number[];
  meanMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  sdMs: number;
  /** Coefficient of variation (SD / mean). */
  cv: number;
}

export type Regularity = 'regular' | 'irregular' | 'undetermined';

/** Regular when the RR coefficient of variation is under 10 % and no RR strays more than 20 % from the median. */
export const REGULARITY_RULE = { maxCv: 0.1, maxDeviation: 0.2 } as const;

export function median(values: ArrayLike<number>): number {
  const s = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function rrStats(peaks: readonly number[], fs: number): RrStats | null {
  if (peaks.length < 2) return null;
  const intervalsMs = peaks.slice(1).map((p, i) => ((p - peaks[i]) * 1000) / fs);
  const meanMs = intervalsMs.reduce((a, b) => a + b, 0) / intervalsMs.length;
  const sdMs = Math.sqrt(intervalsMs.reduce((a, b) => a + (b - meanMs) ** 2, 0) / intervalsMs.length);
  return {
    intervalsMs,
    meanMs,
    medianMs: median(intervalsMs),
    minMs: Math.min(...intervalsMs),
    maxMs: Math.max(...intervalsMs),
    sdMs,
    cv: sdMs / meanMs,
  };
}

export function rhythmRegularity(rr: RrStats | null): Regularity {
  if (!rr || rr.intervalsMs.length < 3) return 'undetermined';
  const worst = Math.max(...rr.intervalsMs.map((v) => Math.abs(v - rr.medianMs) / rr.medianMs));
  return rr.cv < REGULARITY_RULE.maxCv && worst <= REGULARITY_RULE.maxDeviation ? 'regular' : 'irregular';
}
