import type { Locale } from '../i18n/locale.js';
import type { EcgMeasurements } from './measure.js';
import type { LeadName } from './types.js';

/**
 * Critical-value hints from the ECG catalogue (DOMAIN.md §2.6, thresholds still to be verified).
 * They are suggestions for the reader, who decides whether to raise a critical value: nothing here
 * raises an alert (`autoRaise: false` is part of the type).
 */
export type EcgCatalogueCode = 'ECG-BRADY-01' | 'ECG-BRADY-02' | 'ECG-TACHY-02' | 'ECG-TACHY-04' | 'ECG-OTH-04' | 'ECG-ACS-01';

export interface CriticalHint {
  code: EcgCatalogueCode;
  status: 'suggested';
  autoRaise: false;
  title: Record<Locale, string>;
  /** Why: which measurement crossed which threshold. */
  basis: { measure: string; value: number; threshold: number; unit: string; leads?: LeadName[]; formula?: string };
}

export interface CriticalThresholds {
  bradycardiaBpm: number;
  longRrMs: number;
  vtRateBpm: number;
  wideQrsMs: number;
  svtRateBpm: number;
  qtcMs: number;
  /** ST elevation at J+60 (µV) for limb leads and V4–V6, and for V1–V3 (provincial wording). */
  stLimbAndLateralUv: number;
  stV1toV3Uv: number;
}

export const DEFAULT_CRITICAL_THRESHOLDS: CriticalThresholds = {
  bradycardiaBpm: 35,
  longRrMs: 3000,
  vtRateBpm: 150,
  wideQrsMs: 120,
  svtRateBpm: 200,
  qtcMs: 550,
  stLimbAndLateralUv: 100,
  stV1toV3Uv: 300,
};

const TITLES: Record<EcgCatalogueCode, Record<Locale, string>> = {
  'ECG-BRADY-01': { 'zh-CN': '提示：严重心动过缓（心室率 ≤{t} 次/分）', en: 'Suggestion: severe bradycardia (ventricular rate ≤{t}/min)' },
  'ECG-BRADY-02': { 'zh-CN': '提示：长 RR 间期（≥{t} 秒）', en: 'Suggestion: long RR interval (≥{t} s)' },
  'ECG-TACHY-02': { 'zh-CN': '提示：疑似室性心动过速（宽 QRS，≥{t} 次/分）', en: 'Suggestion: possible ventricular tachycardia (wide QRS, ≥{t}/min)' },
  'ECG-TACHY-04': { 'zh-CN': '提示：疑似室上性心动过速（≥{t} 次/分）', en: 'Suggestion: possible supraventricular tachycardia (≥{t}/min)' },
  'ECG-OTH-04': { 'zh-CN': '提示：QT 延长（QTc ≥{t} ms）', en: 'Suggestion: prolonged QT (QTc ≥{t} ms)' },
  'ECG-ACS-01': { 'zh-CN': '提示：相邻导联 ST 段抬高，疑似急性心肌梗死', en: 'Suggestion: ST elevation in contiguous leads, possible acute MI' },
};

/** Contiguous pairs: Cabrera order for the limb leads (aVL, I, −aVR, II, aVF, III) and V1→V6. */
const CABRERA: (LeadName | '-aVR')[] = ['aVL', 'I', '-aVR', 'II', 'aVF', 'III'];
const CHEST: LeadName[] = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

function hint(code: EcgCatalogueCode, t: number, basis: CriticalHint['basis']): CriticalHint {
  const title = { 'zh-CN': TITLES[code]['zh-CN'].replace('{t}', String(t)), en: TITLES[code].en.replace('{t}', String(t)) };
  return { code, status: 'suggested', autoRaise: false, title, basis };
}

/** Leads whose ST elevation at J+60 passes the threshold and that have a contiguous neighbour that does too. */
export function contiguousStElevation(m: EcgMeasurements, t: CriticalThresholds = DEFAULT_CRITICAL_THRESHOLDS): LeadName[] {
  const st = (l: LeadName | '-aVR'): number | null => {
    if (l === '-aVR') return m.st.aVR ? -m.st.aVR.j60Uv : null;
    return m.st[l]?.j60Uv ?? null;
  };
  const limit = (l: LeadName | '-aVR') => (l === 'V1' || l === 'V2' || l === 'V3' ? t.stV1toV3Uv : t.stLimbAndLateralUv);
  const elevated = (l: LeadName | '-aVR') => {
    const v = st(l);
    return v !== null && v >= limit(l);
  };
  const found = new Set<LeadName>();
  for (const seq of [CABRERA, CHEST]) {
    for (let i = 0; i + 1 < seq.length; i++) {
      if (elevated(seq[i]) && elevated(seq[i + 1])) {
        for (const l of [seq[i], seq[i + 1]]) if (l !== '-aVR') found.add(l);
      }
    }
  }
  return [...found];
}

/** Catalogue hints for a set of measurements (automatic or reader-corrected). */
export function suggestCriticalValues(m: EcgMeasurements, t: CriticalThresholds = DEFAULT_CRITICAL_THRESHOLDS): CriticalHint[] {
  const out: CriticalHint[] = [];
  const hr = m.heartRateBpm;
  const wide = m.qrsMs !== null && m.qrsMs >= t.wideQrsMs;
  if (hr !== null && hr <= t.bradycardiaBpm) out.push(hint('ECG-BRADY-01', t.bradycardiaBpm, { measure: 'heartRate', value: hr, threshold: t.bradycardiaBpm, unit: '/min' }));
  if (m.longestPauseMs >= t.longRrMs) out.push(hint('ECG-BRADY-02', t.longRrMs / 1000, { measure: 'longestPause', value: m.longestPauseMs, threshold: t.longRrMs, unit: 'ms' }));
  if (hr !== null && hr >= t.vtRateBpm && wide) out.push(hint('ECG-TACHY-02', t.vtRateBpm, { measure: 'heartRate', value: hr, threshold: t.vtRateBpm, unit: '/min' }));
  if (hr !== null && hr >= t.svtRateBpm && m.qrsMs !== null && !wide) out.push(hint('ECG-TACHY-04', t.svtRateBpm, { measure: 'heartRate', value: hr, threshold: t.svtRateBpm, unit: '/min' }));
  if (m.qtc && m.qtc.bazettMs >= t.qtcMs) out.push(hint('ECG-OTH-04', t.qtcMs, { measure: 'qtc', value: m.qtc.bazettMs, threshold: t.qtcMs, unit: 'ms', formula: 'bazett' }));
  // ST is not interpretable this way in a broad-complex rhythm (VT, bundle branch block, paced).
  if (!wide) {
    const leads = contiguousStElevation(m, t);
    if (leads.length) {
      const value = Math.max(...leads.map((l) => m.st[l]?.j60Uv ?? 0));
      out.push(hint('ECG-ACS-01', t.stLimbAndLateralUv, { measure: 'stJ60', value, threshold: t.stLimbAndLateralUv, unit: 'uV', leads }));
    }
  }
  return out;
}
