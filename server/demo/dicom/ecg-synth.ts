import { prng } from './raster.js';

/**
 * Synthetic 12-lead ECGs. Each beat is a sum of Gaussians (P, Q, R, S, T) per independent lead
 * (I, II, V1–V6), plus an optional ST-segment plateau; III, aVR, aVL and aVF are derived from I and
 * II by Einthoven's and Goldberger's relations, so the limb leads are consistent by construction.
 * Values are in microvolts.
 */
export type EcgRhythm = 'nsr' | 'inferior-stemi' | 'vt' | 'chb';
export const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type Lead = (typeof LEADS)[number];
type BaseLead = 'I' | 'II' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5' | 'V6';
const BASE: readonly BaseLead[] = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/** [amplitude µV, centre ms relative to the R peak (or P centre), SD ms]. */
type Wave = readonly [number, number, number];
type Template = Record<BaseLead, readonly Wave[]>;

export const ECG_SAMPLE_RATE = 500;
export const ECG_DURATION_S = 10;
export const ECG_SAMPLES = ECG_SAMPLE_RATE * ECG_DURATION_S;

const P_WAVE: Template = {
  I: [[60, 0, 22]],
  II: [[140, 0, 22]],
  V1: [[50, -15, 15], [-40, 22, 15]],
  V2: [[60, 0, 20]],
  V3: [[60, 0, 20]],
  V4: [[70, 0, 22]],
  V5: [[70, 0, 22]],
  V6: [[60, 0, 22]],
};

const NARROW: Template = {
  I: [[-40, -22, 7], [650, 0, 10], [-90, 24, 9], [180, 270, 42]],
  II: [[-60, -22, 7], [1050, 0, 10], [-120, 24, 9], [280, 270, 42]],
  V1: [[180, -6, 9], [-850, 18, 12], [-60, 270, 45]],
  V2: [[350, -4, 9], [-1200, 18, 12], [450, 270, 45]],
  V3: [[700, 0, 10], [-750, 20, 11], [420, 270, 45]],
  V4: [[1300, 0, 10], [-380, 22, 10], [380, 270, 42]],
  V5: [[-50, -22, 7], [1250, 0, 10], [-180, 24, 9], [320, 270, 42]],
  V6: [[-50, -22, 7], [950, 0, 10], [-90, 24, 9], [260, 270, 42]],
};

/** Acute inferior injury: Q waves and hyperacute T in II (so III, aVF); reciprocal change in I/aVL. */
const INFERIOR_STEMI: Template = {
  ...NARROW,
  I: [[-30, -22, 7], [600, 0, 10], [-90, 24, 9], [60, 270, 42]],
  II: [[-180, -24, 8], [850, 2, 10], [-60, 24, 9], [480, 260, 45]],
};
/** ST plateau (µV) from the J point to the end of T, per independent lead. */
const STEMI_ST: Partial<Record<BaseLead, number>> = { I: -90, II: 220, V1: -60, V2: -100, V3: -50, V5: 30, V6: 60 };

/** Monomorphic VT: wide QRS, right-bundle-like in V1, left superior axis, discordant T. */
const VT_BEAT: Template = {
  I: [[700, 0, 30], [-150, 70, 20], [-300, 230, 45]],
  II: [[-850, 0, 32], [300, 230, 45]],
  V1: [[1300, 0, 32], [-400, 230, 45]],
  V2: [[1100, 0, 32], [-350, 230, 45]],
  V3: [[700, 0, 30], [-400, 70, 22], [-150, 230, 45]],
  V4: [[300, -10, 25], [-800, 50, 28], [200, 230, 45]],
  V5: [[-1000, 20, 32], [300, 230, 45]],
  V6: [[-1100, 20, 32], [350, 230, 45]],
};

/** Ventricular escape beat: broad, notched, left-bundle-like, with discordant T. */
const ESCAPE_BEAT: Template = {
  I: [[900, 0, 24], [400, 45, 18], [-250, 340, 55]],
  II: [[600, 0, 24], [250, 45, 18], [-150, 340, 55]],
  V1: [[100, -30, 8], [-1200, 20, 26], [300, 340, 55]],
  V2: [[-1400, 20, 26], [350, 340, 55]],
  V3: [[300, -25, 10], [-900, 15, 25], [250, 340, 55]],
  V4: [[500, 0, 22], [-400, 50, 20], [-100, 340, 55]],
  V5: [[900, 0, 24], [300, 45, 18], [-250, 340, 55]],
  V6: [[1000, 0, 24], [350, 45, 18], [-300, 340, 55]],
};

export interface RhythmPlan {
  /** Intended ventricular rate (/min) and, when dissociated, the atrial rate. */
  ventricularRate: number;
  atrialRate?: number;
  /** zh-CN and en names, for descriptions. */
  name: { zh: string; en: string };
}

export const RHYTHM_PLANS: Record<EcgRhythm, RhythmPlan> = {
  nsr: { ventricularRate: 72, atrialRate: 72, name: { zh: '窦性心律', en: 'Normal sinus rhythm' } },
  'inferior-stemi': { ventricularRate: 78, atrialRate: 78, name: { zh: '急性下壁ST段抬高型心肌梗死', en: 'Acute inferior STEMI' } },
  vt: { ventricularRate: 160, name: { zh: '室性心动过速', en: 'Ventricular tachycardia' } },
  chb: { ventricularRate: 38, atrialRate: 80, name: { zh: '三度房室传导阻滞', en: 'Complete (third-degree) AV block' } },
};

export interface SynthEcg {
  /** µV per lead, ECG_SAMPLES values each. */
  leads: Record<Lead, Float64Array>;
  /** R-peak (ventricular) times in ms, including beats outside the record for continuity. */
  rPeaksMs: number[];
  /** P-wave centre times in ms. */
  pWavesMs: number[];
}

/** J point (end of QRS) relative to the R peak, ms: where the ST plateau starts. */
export const J_POINT_MS = 40;

function addWaves(out: Float64Array, waves: readonly Wave[], t0: number): void {
  const dt = 1000 / ECG_SAMPLE_RATE;
  for (const [a, mu, sd] of waves) {
    const centre = t0 + mu;
    const from = Math.max(0, Math.floor((centre - 5 * sd) / dt));
    const to = Math.min(out.length - 1, Math.ceil((centre + 5 * sd) / dt));
    for (let i = from; i <= to; i++) {
      const x = (i * dt - centre) / sd;
      out[i] += a * Math.exp(-0.5 * x * x);
    }
  }
}

function addSt(out: Float64Array, level: number, rMs: number): void {
  const dt = 1000 / ECG_SAMPLE_RATE;
  const logistic = (v: number) => 1 / (1 + Math.exp(-v));
  const from = Math.max(0, Math.floor((rMs - 20) / dt));
  const to = Math.min(out.length - 1, Math.ceil((rMs + 520) / dt));
  for (let i = from; i <= to; i++) {
    const t = i * dt - rMs;
    out[i] += level * (logistic((t - J_POINT_MS) / 4) - logistic((t - 300) / 30));
  }
}

/** Event times (ms) at a mean rate with slight deterministic variability, covering −1.5 s…+11.5 s. */
function schedule(rate: number, phaseMs: number, variability: number, seed: number): number[] {
  const rnd = prng(seed);
  const rr = 60000 / rate;
  const times: number[] = [];
  let t = phaseMs - 2 * rr;
  for (let k = 0; t < ECG_DURATION_S * 1000 + 1500; k++) {
    times.push(t);
    t += rr * (1 + variability * Math.sin(k * 0.9) + variability * 0.5 * (rnd() - 0.5));
  }
  return times;
}

export function synthesizeEcg(rhythm: EcgRhythm): SynthEcg {
  const base = Object.fromEntries(BASE.map((l) => [l, new Float64Array(ECG_SAMPLES)])) as Record<BaseLead, Float64Array>;
  const plan = RHYTHM_PLANS[rhythm];
  let rPeaks: number[] = [];
  let pWaves: number[] = [];
  const PR_TO_R = 170; // P-wave centre to R peak, ms

  if (rhythm === 'nsr' || rhythm === 'inferior-stemi') {
    pWaves = schedule(plan.ventricularRate, 420, 0.025, rhythm === 'nsr' ? 1 : 2);
    rPeaks = pWaves.map((p) => p + PR_TO_R);
    const tpl = rhythm === 'nsr' ? NARROW : INFERIOR_STEMI;
    for (const lead of BASE) {
      for (const p of pWaves) addWaves(base[lead], P_WAVE[lead], p);
      for (const r of rPeaks) {
        addWaves(base[lead], tpl[lead], r);
        const st = rhythm === 'inferior-stemi' ? STEMI_ST[lead] : undefined;
        if (st) addSt(base[lead], st, r);
      }
    }
  } else if (rhythm === 'vt') {
    rPeaks = schedule(plan.ventricularRate, 180, 0.005, 3);
    for (const lead of BASE) for (const r of rPeaks) addWaves(base[lead], VT_BEAT[lead], r);
  } else {
    // Complete AV block: atria and ventricles beat independently.
    // 80/min against 38/min: not a whole multiple, so the P–QRS relation drifts visibly (not 2:1 block).
    pWaves = schedule(plan.atrialRate ?? 80, 250, 0.015, 4);
    rPeaks = schedule(plan.ventricularRate, 900, 0.004, 5);
    for (const lead of BASE) {
      for (const p of pWaves) addWaves(base[lead], P_WAVE[lead], p);
      for (const r of rPeaks) addWaves(base[lead], ESCAPE_BEAT[lead], r);
    }
  }

  // Gentle baseline wander (respiration) and a little noise, reproducible.
  const rnd = prng(rhythm.length * 7919 + 17);
  BASE.forEach((lead, k) => {
    const d = base[lead];
    const phase = k * 0.8;
    for (let i = 0; i < d.length; i++) {
      const t = i / ECG_SAMPLE_RATE;
      d[i] += 20 * Math.sin(2 * Math.PI * 0.18 * t + phase) + 6 * (rnd() + rnd() - 1);
    }
  });

  const I = base.I;
  const II = base.II;
  const derive = (f: (i: number, ii: number) => number) => {
    const out = new Float64Array(ECG_SAMPLES);
    for (let k = 0; k < ECG_SAMPLES; k++) out[k] = f(I[k], II[k]);
    return out;
  };
  const leads: Record<Lead, Float64Array> = {
    I,
    II,
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
  return { leads, rPeaksMs: rPeaks, pWavesMs: pWaves };
}
