import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { ECG_SAMPLE_RATE, J_POINT_MS, LEADS, RHYTHM_PLANS, synthesizeEcg, type EcgRhythm, type Lead } from './ecg-synth.js';
import { LEAD_CODES, TWELVE_LEAD_ECG_STORAGE } from './ecg.js';
import { demoInstance } from './index.js';
import { readPart10 } from './part10.js';

const KEYS: Record<EcgRhythm, string> = { nsr: 'ecg-nsr', 'inferior-stemi': 'ecg-inferior-stemi', vt: 'ecg-vt', chb: 'ecg-chb' };

interface Decoded {
  raw: Record<Lead, Int16Array>;
  /** µV = raw × ChannelSensitivity × CorrectionFactor + Baseline (PS3.3 C.10.9.1.4.3). */
  uv: Record<Lead, Float64Array>;
  samples: number;
  rate: number;
}

/** Decodes the RHYTHM group with dicom-parser, independently of the generator's own arrays. */
function decode(bytes: Uint8Array): Decoded {
  const ds = dicomParser.parseDicom(bytes);
  const group = ds.elements.x54000100.items![0].dataSet!;
  const channels = group.uint16('x003a0005')!;
  const samples = group.uint32('x003a0010')!;
  const rate = Number(group.string('x003a001a'));
  const defs = group.elements.x003a0200.items!.map((it) => it.dataSet!);
  const data = group.elements.x54001010;
  const all = new Int16Array(bytes.buffer.slice(bytes.byteOffset + data.dataOffset, bytes.byteOffset + data.dataOffset + data.length));
  const raw = {} as Record<Lead, Int16Array>;
  const uv = {} as Record<Lead, Float64Array>;
  defs.forEach((def, c) => {
    const code = def.elements.x003a0208.items![0].dataSet!.string('x00080100');
    const lead = LEADS.find((l) => LEAD_CODES[l] === code)!;
    const sens = Number(def.string('x003a0210'));
    const corr = Number(def.string('x003a0212'));
    const base = Number(def.string('x003a0213'));
    expect(def.elements.x003a0211.items![0].dataSet!.string('x00080100')).toBe('uV');
    const r = new Int16Array(samples);
    const u = new Float64Array(samples);
    for (let s = 0; s < samples; s++) {
      r[s] = all[s * channels + c];
      u[s] = r[s] * sens * corr + base;
    }
    raw[lead] = r;
    uv[lead] = u;
  });
  return { raw, uv, samples, rate };
}

const cache = new Map<EcgRhythm, Decoded>();
function ecg(rhythm: EcgRhythm): Decoded {
  if (!cache.has(rhythm)) cache.set(rhythm, decode(demoInstance(KEYS[rhythm], 0)));
  return cache.get(rhythm)!;
}

/**
 * R peaks (sample indices): QRS complexes found by their steep slopes (summed squared first
 * differences over all leads, integrated over 60 ms; > 30 % of the maximum, 200 ms refractory),
 * then the fiducial is the spatial-magnitude maximum within ±50 ms.
 */
function rPeaks(d: Decoded): number[] {
  const n = d.samples;
  const slope = new Float64Array(n);
  const mag = new Float64Array(n);
  for (const l of LEADS) {
    const u = d.uv[l];
    for (let s = 1; s < n - 1; s++) {
      slope[s] += (u[s + 1] - u[s - 1]) ** 2;
      mag[s] += u[s] ** 2;
    }
  }
  const w = Math.round(0.06 * d.rate);
  const energy = new Float64Array(n);
  let acc = 0;
  for (let s = 0; s < n; s++) {
    acc += slope[s] - (s >= w ? slope[s - w] : 0);
    energy[s - Math.floor(w / 2) >= 0 ? s - Math.floor(w / 2) : 0] = acc;
  }
  const max = energy.reduce((m, v) => Math.max(m, v), 0);
  const refractory = 0.2 * d.rate;
  const found: number[] = [];
  for (let s = 1; s < n - 1; s++) {
    if (energy[s] < 0.3 * max || energy[s] < energy[s - 1] || energy[s] < energy[s + 1]) continue;
    const last = found[found.length - 1];
    if (last !== undefined && s - last < refractory) {
      if (energy[s] > energy[last]) found[found.length - 1] = s;
      continue;
    }
    found.push(s);
  }
  const half = Math.round(0.05 * d.rate);
  return found.map((s) => {
    let best = s;
    for (let k = Math.max(0, s - half); k < Math.min(n, s + half); k++) if (mag[k] > mag[best]) best = k;
    return best;
  });
}

function heartRate(d: Decoded): number {
  const p = rPeaks(d);
  const rr = p.slice(1).map((v, i) => (v - p[i]) / d.rate).sort((a, b) => a - b);
  return 60 / rr[Math.floor(rr.length / 2)];
}

describe('12-lead ECG waveforms', () => {
  it.each(Object.keys(KEYS) as EcgRhythm[])('%s: 12 channels × 5000 samples at 500 Hz, MDC lead codes, µV units', (rhythm) => {
    const d = ecg(rhythm);
    expect(d.rate).toBe(ECG_SAMPLE_RATE);
    expect(d.samples).toBe(5000);
    expect(Object.keys(d.raw).sort()).toEqual([...LEADS].sort());
    const ds = readPart10(demoInstance(KEYS[rhythm], 0));
    expect(ds.SOPClassUID).toBe(TWELVE_LEAD_ECG_STORAGE);
    expect(ds.Modality).toBe('ECG');
    const group = (ds.WaveformSequence as Array<Record<string, unknown>>)[0];
    expect(group.MultiplexGroupLabel).toBe('RHYTHM');
    expect(group.WaveformSampleInterpretation).toBe('SS');
    expect(group.WaveformBitsAllocated).toBe(16);
    expect(typeof ds.AcquisitionDateTime).toBe('string');
  });

  it.each(Object.keys(KEYS) as EcgRhythm[])('%s: limb leads obey Einthoven and Goldberger within rounding', (rhythm) => {
    const { raw } = ecg(rhythm);
    let worst = 0;
    for (let s = 0; s < raw.I.length; s++) {
      const i = raw.I[s];
      const ii = raw.II[s];
      worst = Math.max(
        worst,
        Math.abs(raw.III[s] - (ii - i)),
        Math.abs(raw.aVR[s] + (i + ii) / 2),
        Math.abs(raw.aVL[s] - (i - ii / 2)),
        Math.abs(raw.aVF[s] - (ii - i / 2)),
      );
    }
    expect(worst).toBeLessThanOrEqual(1.5);
  });

  it.each(Object.keys(KEYS) as EcgRhythm[])('%s: ventricular rate measured from R peaks matches the intended rate', (rhythm) => {
    const hr = heartRate(ecg(rhythm));
    expect(Math.abs(hr - RHYTHM_PLANS[rhythm].ventricularRate)).toBeLessThan(RHYTHM_PLANS[rhythm].ventricularRate * 0.06);
  });

  it('is not noise: R peaks are regular in sinus rhythm', () => {
    const p = rPeaks(ecg('nsr'));
    expect(p.length).toBeGreaterThanOrEqual(11);
    expect(p.length).toBeLessThanOrEqual(13);
  });

  /** ST deviation (mV) at J+60 ms against the PR segment, averaged over the beats in the record. */
  function stDeviation(d: Decoded, lead: Lead): number {
    const p = rPeaks(d).filter((s) => s > 0.3 * d.rate && s < d.samples - 0.3 * d.rate);
    const at = (s: number, ms: number) => d.uv[lead][s + Math.round((ms / 1000) * d.rate)];
    const dev = p.map((s) => at(s, J_POINT_MS + 60) - (at(s, -70) + at(s, -60) + at(s, -50)) / 3);
    return dev.reduce((a, b) => a + b, 0) / dev.length / 1000;
  }

  it('inferior STEMI: ST elevation ≥ 0.1 mV at J+60 in II, III, aVF and reciprocal depression in I and aVL', () => {
    const d = ecg('inferior-stemi');
    for (const lead of ['II', 'III', 'aVF'] as const) expect(stDeviation(d, lead)).toBeGreaterThanOrEqual(0.1);
    for (const lead of ['I', 'aVL'] as const) expect(stDeviation(d, lead)).toBeLessThan(-0.05);
  });

  it('normal sinus rhythm: ST segments isoelectric (|deviation| < 0.05 mV) in every lead', () => {
    const d = ecg('nsr');
    for (const lead of LEADS) expect(Math.abs(stDeviation(d, lead))).toBeLessThan(0.05);
  });

  it('VT has wide QRS complexes (≥ 120 ms above 10 % of the peak magnitude)', () => {
    const d = ecg('vt');
    const p = rPeaks(d)[3];
    const mag = (s: number) => Math.hypot(...LEADS.map((l) => d.uv[l][s]));
    const peak = mag(p);
    let a = p;
    let b = p;
    while (mag(a) > 0.1 * peak) a--;
    while (mag(b) > 0.1 * peak) b++;
    expect(((b - a) / d.rate) * 1000).toBeGreaterThanOrEqual(120);
  });

  /** For each R peak inside the record, the time since the latest P wave (ms). */
  function prIntervals(rhythm: EcgRhythm): number[] {
    const { rPeaksMs, pWavesMs } = synthesizeEcg(rhythm);
    return rPeaksMs
      .filter((r) => r > 0 && r < 10_000)
      .map((r) => r - Math.max(...pWavesMs.filter((p) => p < r)));
  }

  it('complete AV block: P waves at ~80/min march through, dissociated from the escape rhythm', () => {
    const { pWavesMs } = synthesizeEcg('chb');
    const inside = pWavesMs.filter((p) => p > 0 && p < 10_000);
    const atrialRate = 60_000 / ((inside[inside.length - 1] - inside[0]) / (inside.length - 1));
    expect(Math.abs(atrialRate - RHYTHM_PLANS.chb.atrialRate!)).toBeLessThan(4);
    const pr = prIntervals('chb');
    expect(Math.max(...pr) - Math.min(...pr)).toBeGreaterThan(200);
  });

  it('sinus rhythm: every QRS follows its P wave at a constant PR', () => {
    const pr = prIntervals('nsr');
    expect(Math.max(...pr) - Math.min(...pr)).toBeLessThan(1);
  });
});
