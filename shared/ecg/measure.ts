import { findFiducials, type BeatFiducials } from './intervals.js';
import { computeMedianBeat, type MedianBeat } from './medianBeat.js';
import { qtcMs } from './qtc.js';
import { rhythmRegularity, rrStats, type Regularity, type RrStats } from './rhythm.js';
import { detectQrs } from './rpeaks.js';
import type { LeadName, MultiplexGroup } from './types.js';

export interface StDeviation {
  /** Deviation from the PR-segment baseline, µV (positive = elevation). */
  jUv: number;
  j60Uv: number;
  j80Uv: number;
}

/**
 * First-pass automatic measurements. Every value is a suggestion for the reader to accept or
 * override (`status: 'suggested'`); none is a diagnosis and none raises an alert by itself.
 */
export interface EcgMeasurements {
  source: 'automatic';
  status: 'suggested';
  samplingFrequency: number;
  /** QRS fiducials in the rhythm group, sample indices. */
  qrsPeaks: number[];
  rr: RrStats | null;
  /** 60000 / mean RR. */
  heartRateBpm: number | null;
  /**
   * Longest stretch without a detected QRS (ms), counting the record's start and end: a pause at the
   * edge or a record with no QRS at all is still a pause (the reader checks for lead-off).
   */
  longestPauseMs: number;
  regularity: Regularity;
  medianBeat: MedianBeat | null;
  fiducials: BeatFiducials | null;
  prMs: number | null;
  qrsMs: number | null;
  qtMs: number | null;
  /** QTc by the two formulas the brief asks for, each named; RR = median RR. */
  qtc: { bazettMs: number; fridericiaMs: number } | null;
  /** Frontal QRS axis (°) from the net QRS areas of I and aVF. */
  qrsAxisDeg: number | null;
  rv5Mv: number | null;
  sv1Mv: number | null;
  /** ST deviation per lead at J, J+60 and J+80 ms. */
  st: Partial<Record<LeadName, StDeviation>>;
}

/** Leads as a record, from the group's channels that are standard leads (first occurrence wins). */
export function leadSignals(group: MultiplexGroup): Partial<Record<LeadName, Float64Array>> {
  const out: Partial<Record<LeadName, Float64Array>> = {};
  for (const c of group.channels) if (c.lead && c.unit === 'uV' && !out[c.lead]) out[c.lead] = c.values;
  return out;
}

function netArea(x: Float64Array | undefined, base: number, from: number, to: number): number | null {
  if (!x) return null;
  let s = 0;
  for (let i = from; i <= to; i++) s += x[i] - base;
  return s;
}

function extreme(x: Float64Array | undefined, base: number, from: number, to: number, sign: 1 | -1): number | null {
  if (!x) return null;
  let best = 0;
  for (let i = from; i <= to; i++) best = Math.max(best, sign * (x[i] - base));
  return best / 1000;
}

function longestPause(peaks: readonly number[], n: number, fs: number): number {
  const edges = [0, ...peaks, n];
  let worst = 0;
  for (let i = 1; i < edges.length; i++) worst = Math.max(worst, edges[i] - edges[i - 1]);
  return (worst * 1000) / fs;
}

export function measureLeads(leads: Partial<Record<LeadName, Float64Array>>, fs: number): EcgMeasurements {
  const signals = Object.values(leads) as Float64Array[];
  const { peaks } = detectQrs(signals, fs);
  const rr = rrStats(peaks, fs);
  const result: EcgMeasurements = {
    source: 'automatic',
    status: 'suggested',
    samplingFrequency: fs,
    qrsPeaks: peaks,
    rr,
    heartRateBpm: rr ? 60000 / rr.meanMs : null,
    longestPauseMs: longestPause(peaks, signals[0]?.length ?? 0, fs),
    regularity: rhythmRegularity(rr),
    medianBeat: null,
    fiducials: null,
    prMs: null,
    qrsMs: null,
    qtMs: null,
    qtc: null,
    qrsAxisDeg: null,
    rv5Mv: null,
    sv1Mv: null,
    st: {},
  };
  const beat = computeMedianBeat(leads, fs, peaks, rr?.medianMs ?? NaN);
  if (!beat) return result;
  const fid = findFiducials(beat);
  const toMs = (samples: number) => (samples * 1000) / fs;
  result.medianBeat = beat;
  result.fiducials = fid;
  result.qrsMs = toMs(fid.qrsOffset - fid.qrsOnset);
  result.prMs = fid.pOnset === null ? null : toMs(fid.qrsOnset - fid.pOnset);
  result.qtMs = fid.tEnd === null ? null : toMs(fid.tEnd - fid.qrsOnset);
  if (result.qtMs !== null && rr) {
    result.qtc = { bazettMs: qtcMs('bazett', result.qtMs, rr.medianMs), fridericiaMs: qtcMs('fridericia', result.qtMs, rr.medianMs) };
  }
  const b = beat.leads;
  const base = (l: LeadName) => fid.baselineUv[l] ?? 0;
  const areaI = netArea(b.I, base('I'), fid.qrsOnset, fid.qrsOffset);
  const areaF = netArea(b.aVF, base('aVF'), fid.qrsOnset, fid.qrsOffset);
  // aVF = (√3/2)·Ey on the hexaxial frame, lead I = Ex, so the angle uses aVF·2/√3.
  if (areaI !== null && areaF !== null && (areaI !== 0 || areaF !== 0)) {
    result.qrsAxisDeg = (Math.atan2((areaF * 2) / Math.sqrt(3), areaI) * 180) / Math.PI;
  }
  result.rv5Mv = extreme(b.V5, base('V5'), fid.qrsOnset, fid.qrsOffset, 1);
  result.sv1Mv = extreme(b.V1, base('V1'), fid.qrsOnset, fid.qrsOffset, -1);
  const at = (x: Float64Array, i: number) => x[Math.min(x.length - 1, i)];
  for (const [lead, x] of Object.entries(b) as [LeadName, Float64Array][]) {
    const j = fid.qrsOffset;
    const base0 = base(lead);
    result.st[lead] = {
      jUv: at(x, j) - base0,
      j60Uv: at(x, j + Math.round(0.06 * fs)) - base0,
      j80Uv: at(x, j + Math.round(0.08 * fs)) - base0,
    };
  }
  return result;
}

/** Measures the rhythm group of a record (see `rhythmGroup`). */
export function measureGroup(group: MultiplexGroup): EcgMeasurements {
  return measureLeads(leadSignals(group), group.samplingFrequency);
}
