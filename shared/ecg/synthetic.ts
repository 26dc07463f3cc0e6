import type { LeadName } from './types.js';

/**
 * Deterministic synthetic 12-lead signals (µV) for tests and golden images: Gaussian P, QRS and T
 * per beat at exact times, limb leads derived by Einthoven/Goldberger so they are consistent.
 */
export interface SyntheticEcgSpec {
  bpm: number;
  fs: number;
  durationS: number;
  /** QRS Gaussian SD (ms); ~10 ms narrow, ≥30 ms broad. */
  qrsSdMs?: number;
  /** ST plateau (µV) from J to the end of T, per lead I, II and V1–V6 (limb leads derive). */
  stUv?: Partial<Record<'I' | 'II' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6', number>>;
  /** Beats to drop (0-based), e.g. to make a pause. */
  dropBeats?: number[];
  /** First R peak time (s). */
  firstRS?: number;
  /** T-wave centre after the R peak (ms); default min(280, 0.45 × RR). Later T = longer QT. */
  tCentreMs?: number;
  /** Add a 0.3 Hz baseline wander of this amplitude (µV). */
  wanderUv?: number;
}

type Base = 'I' | 'II' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6';
/** [P, R, S, T] amplitudes per independent lead, µV. */
const AMPS: Record<Base, [number, number, number, number]> = {
  I: [60, 700, -80, 200],
  II: [120, 1100, -100, 300],
  V1: [50, 200, -900, -50],
  V2: [60, 400, -1100, 400],
  V3: [60, 800, -700, 400],
  V4: [70, 1300, -350, 380],
  V5: [70, 1500, -200, 320],
  V6: [60, 1000, -100, 260],
};

export function rPeakTimes(spec: SyntheticEcgSpec): number[] {
  const rr = 60 / spec.bpm;
  const out: number[] = [];
  const drop = new Set(spec.dropBeats ?? []);
  for (let k = 0, t = spec.firstRS ?? 0.4; t < spec.durationS; k++, t += rr) if (!drop.has(k)) out.push(t);
  return out;
}

export function syntheticEcg(spec: SyntheticEcgSpec): Record<LeadName, Float64Array> {
  const n = Math.round(spec.durationS * spec.fs);
  const qrsSd = (spec.qrsSdMs ?? 10) / 1000;
  const rr = 60 / spec.bpm;
  const tCentre = spec.tCentreMs !== undefined ? spec.tCentreMs / 1000 : Math.min(0.28, 0.45 * rr);
  const base = {} as Record<Base, Float64Array>;
  const peaks = rPeakTimes(spec);
  for (const lead of Object.keys(AMPS) as Base[]) {
    const x = new Float64Array(n);
    const [p, r, s, t] = AMPS[lead];
    const st = spec.stUv?.[lead] ?? 0;
    for (let i = 0; i < n; i++) {
      const time = i / spec.fs;
      let v = spec.wanderUv ? spec.wanderUv * Math.sin(2 * Math.PI * 0.3 * time) : 0;
      for (const c of peaks) {
        const d = time - c;
        if (d < -0.4 || d > 0.7) continue;
        const g = (a: number, mu: number, sd: number) => a * Math.exp(-0.5 * ((d - mu) / sd) ** 2);
        v += g(p, -0.17, 0.022) + g(r, 0, qrsSd) + g(s, 2.4 * qrsSd, qrsSd * 0.9) + g(t, tCentre, 0.04);
        if (st) v += st / (1 + Math.exp(-(d - 4 * qrsSd) / 0.004)) - st / (1 + Math.exp(-(d - tCentre - 0.05) / 0.02));
      }
      x[i] = v;
    }
    base[lead] = x;
  }
  const derive = (f: (i: number, ii: number) => number) => base.I.map((v, k) => f(v, base.II[k]));
  return {
    I: base.I,
    II: base.II,
    III: derive((i, ii) => ii - i),
    aVR: derive((i, ii) => -(i + ii) / 2),
    aVL: derive((i, ii) => i - ii / 2),
    aVF: derive((i, ii) => ii - i / 2),
    V1: base.V1,
    V2: base.V2,
    V3: base.V3,
    V4: base.V4,
    V5: base.V5,
    V6: base.V6,
  };
}
