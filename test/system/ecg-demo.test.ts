import { describe, expect, it } from 'vitest';
import { demoInstance } from '../../server/demo/dicom/index.js';
import { ECG_SAMPLE_RATE, RHYTHM_PLANS, synthesizeEcg, type EcgRhythm } from '../../server/demo/dicom/ecg-synth.js';
import { measureGroup, readEcgFromPart10, rhythmGroup, suggestCriticalValues, type EcgMeasurements } from '../../shared/ecg/index.js';

/**
 * The demo generator's four 12-lead ECGs (server/demo/dicom), through Part-10 bytes and the ECG
 * core, must measure as they were built: known rates, ST elevation where intended, broad QRS in VT
 * and in the escape rhythm of complete AV block.
 */
const KEYS: Record<EcgRhythm, string> = { nsr: 'ecg-nsr', 'inferior-stemi': 'ecg-inferior-stemi', vt: 'ecg-vt', chb: 'ecg-chb' };

function measure(rhythm: EcgRhythm): EcgMeasurements {
  const record = readEcgFromPart10(demoInstance(KEYS[rhythm], 0));
  expect(record.isEcg).toBe(true);
  const g = rhythmGroup(record);
  if (!g) throw new Error('no rhythm group');
  expect(g.samplingFrequency).toBe(ECG_SAMPLE_RATE);
  return measureGroup(g);
}

/** The rate the generator actually scheduled: R peaks inside the 10 s record. */
function generatedRate(rhythm: EcgRhythm): number {
  const inside = synthesizeEcg(rhythm).rPeaksMs.filter((t) => t >= 0 && t < 10_000);
  return (60_000 * (inside.length - 1)) / (inside[inside.length - 1] - inside[0]);
}

const codes = (m: EcgMeasurements) => suggestCriticalValues(m).map((h) => h.code);

describe('demo ECGs are measured as intended', () => {
  it('sinus rhythm ~72/min: narrow QRS, PR and QT measured, no hint', () => {
    const m = measure('nsr');
    expect(Math.abs((m.heartRateBpm ?? 0) - RHYTHM_PLANS.nsr.ventricularRate)).toBeLessThan(2);
    expect(Math.abs((m.heartRateBpm ?? 0) - generatedRate('nsr'))).toBeLessThan(2);
    expect(m.regularity).toBe('regular');
    expect(m.qrsMs).toBeLessThan(120);
    expect(m.prMs).toBeGreaterThan(120);
    expect(m.qtc?.bazettMs).toBeLessThan(480);
    expect(codes(m)).toEqual([]);
  });

  it('inferior STEMI: ST elevation in II, III and aVF with reciprocal aVL, suggesting ECG-ACS-01', () => {
    const m = measure('inferior-stemi');
    expect(Math.abs((m.heartRateBpm ?? 0) - generatedRate('inferior-stemi'))).toBeLessThan(2);
    for (const lead of ['II', 'III', 'aVF'] as const) expect(m.st[lead]?.j60Uv, lead).toBeGreaterThanOrEqual(100);
    expect(m.st.aVL?.j60Uv).toBeLessThan(-50);
    const acs = suggestCriticalValues(m).find((h) => h.code === 'ECG-ACS-01');
    expect(acs?.autoRaise).toBe(false);
    expect(acs?.basis.leads).toEqual(expect.arrayContaining(['II', 'III', 'aVF']));
  });

  it('VT ~160/min with a broad QRS suggests ECG-TACHY-02', () => {
    const m = measure('vt');
    expect(Math.abs((m.heartRateBpm ?? 0) - RHYTHM_PLANS.vt.ventricularRate)).toBeLessThan(2);
    expect(m.qrsMs).toBeGreaterThanOrEqual(120);
    expect(codes(m)).toContain('ECG-TACHY-02');
  });

  it('complete AV block: ventricular escape ~38/min with a broad QRS; P waves dissociated so no PR', () => {
    const m = measure('chb');
    expect(Math.abs((m.heartRateBpm ?? 0) - RHYTHM_PLANS.chb.ventricularRate)).toBeLessThan(2);
    expect(m.qrsMs).toBeGreaterThanOrEqual(120);
    expect(m.prMs).toBeNull();
    // 38/min is above the catalogue's ≤35/min (ECG-BRADY-01); the reader raises 3° AVB by judgement.
    expect(codes(m)).not.toContain('ECG-BRADY-01');
  });
});
