import type { DeviceAnnotations, EcgMeasurements } from '../../../../shared/ecg/index.js';
import type { EcgMessageKey } from './i18n.js';

/** The measurements the reader confirms for the report: keys, units and the automatic suggestion. */
export type ReaderMeasureKey = 'heartRate' | 'pr' | 'qrs' | 'qt' | 'qtcBazett' | 'qtcFridericia' | 'qrsAxis' | 'rv5' | 'sv1';

export interface MeasureRow {
  key: ReaderMeasureKey;
  label: EcgMessageKey;
  unit: string;
  automatic: number | null;
  device: number | null;
  /** Digits shown. */
  digits: number;
}

/** A value the reader accepted (the suggestion as is) or overrode (their own number). */
export interface ReaderValue {
  status: 'accepted' | 'overridden';
  value: number;
  unit: string;
  /** The automatic suggestion at the time, for the audit trail of the report. */
  automatic: number | null;
}

export type ReaderMeasurements = Partial<Record<ReaderMeasureKey, ReaderValue>>;

export function measureRows(m: EcgMeasurements, device: DeviceAnnotations): MeasureRow[] {
  const dev = (k: string) => device.measurements.find((x) => x.key === k)?.value ?? null;
  const devRr = dev('rr');
  const devHr = dev('heartRate') ?? (devRr ? 60000 / devRr : null);
  return [
    { key: 'heartRate', label: 'ecg.m.hr', unit: '/min', automatic: m.heartRateBpm, device: devHr, digits: 0 },
    { key: 'pr', label: 'ecg.m.pr', unit: 'ms', automatic: m.prMs, device: dev('pr'), digits: 0 },
    { key: 'qrs', label: 'ecg.m.qrs', unit: 'ms', automatic: m.qrsMs, device: dev('qrs'), digits: 0 },
    { key: 'qt', label: 'ecg.m.qt', unit: 'ms', automatic: m.qtMs, device: dev('qt'), digits: 0 },
    { key: 'qtcBazett', label: 'ecg.m.qtcB', unit: 'ms', automatic: m.qtc?.bazettMs ?? null, device: dev('qtc'), digits: 0 },
    { key: 'qtcFridericia', label: 'ecg.m.qtcF', unit: 'ms', automatic: m.qtc?.fridericiaMs ?? null, device: null, digits: 0 },
    { key: 'qrsAxis', label: 'ecg.m.axis', unit: '°', automatic: m.qrsAxisDeg, device: dev('qrsAxis'), digits: 0 },
    { key: 'rv5', label: 'ecg.m.rv5', unit: 'mV', automatic: m.rv5Mv, device: null, digits: 2 },
    { key: 'sv1', label: 'ecg.m.sv1', unit: 'mV', automatic: m.sv1Mv, device: null, digits: 2 },
  ];
}

export const formatValue = (v: number | null, digits: number): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Parses a reader's typed number (accepts a comma decimal separator); null when not a number. */
export function parseReaderNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * The measurements the hints are checked against: the reader's accepted/overridden values where
 * given, else the automatic ones. A reader who corrects QTc to 560 ms is then prompted by the rule.
 */
export function withReaderValues(m: EcgMeasurements, values: ReaderMeasurements): EcgMeasurements {
  const v = (k: ReaderMeasureKey, auto: number | null) => values[k]?.value ?? auto;
  const bazett = v('qtcBazett', m.qtc?.bazettMs ?? null);
  const fridericia = v('qtcFridericia', m.qtc?.fridericiaMs ?? null);
  return {
    ...m,
    heartRateBpm: v('heartRate', m.heartRateBpm),
    prMs: v('pr', m.prMs),
    qrsMs: v('qrs', m.qrsMs),
    qtMs: v('qt', m.qtMs),
    qtc: bazett !== null || fridericia !== null ? { bazettMs: bazett ?? NaN, fridericiaMs: fridericia ?? NaN } : null,
    qrsAxisDeg: v('qrsAxis', m.qrsAxisDeg),
  };
}
