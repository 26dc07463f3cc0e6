import type { ReportLanguage } from '../../shared/reports/status.js';
import { code, type Item } from './dicom.js';

/**
 * The ECG measurements of a signed ECG report: heart rate, PR, QRS, QT, QTc (with its formula) and
 * the frontal QRS axis, read from the signed 检查所见. The ECG screen's one-action 插入测量值
 * (shared/ecg/reportText.ts) writes only the values the reader accepted or overrode into that text,
 * either into the template's clauses ("心率 78 次/分 … Q-T/QTc 380/410 ms，QRS 电轴 45°") or as its
 * own "测量值：…" line; a reader may also type them in the same words. Reading them from the signed
 * text means the SR's NUM items (sr.ts) and the PDF's table (pdf-table.ts) can never disagree with
 * the report the reader signed, and an unconfirmed value (a placeholder like {QT}) is never written.
 */
export type EcgValueKey = 'heartRate' | 'pr' | 'qrs' | 'qt' | 'qtc' | 'qrsAxis';
export type QtcFormula = 'Bazett' | 'Fridericia';

export interface EcgValue {
  key: EcgValueKey;
  value: number;
  /** QTc only: the formula named in the text (an unlabelled QTc is Bazett, as reportText.ts writes it). */
  formula?: QtcFormula;
}

const N = '(-?\\d+(?:\\.\\d+)?)';
const PATTERNS: Array<[EcgValueKey, RegExp]> = [
  ['heartRate', new RegExp(`(?:心率|heart rate)\\s*${N}\\s*(?:次/分|bpm|/min)`, 'i')],
  ['pr', new RegExp(`\\bP-?R(?:\\s*间期)?\\s*${N}\\s*ms`, 'i')],
  ['qrs', new RegExp(`\\bQRS(?:\\s*时限)?\\s*${N}\\s*ms`)],
  ['qrsAxis', new RegExp(`(?:QRS\\s*电轴|QRS axis)\\s*${N}\\s*°`, 'i')],
];
/** "Q-T/QTc 380/433 ms"; either value may still be its placeholder or a dash (not accepted). */
const QT_QTC = new RegExp(`\\bQ-?T\\s*/\\s*QTc(?:\\s*\\((Bazett|Fridericia)\\))?\\s*(?:${N}|—|-|\\{QT\\})\\s*/\\s*(?:${N}|—|-|\\{QTc\\})\\s*ms`, 'i');

/** The accepted ECG values found in the findings text, in report order (rate, PR, QRS, QT, QTc, axis). */
export function ecgValuesFromText(findings: string): EcgValue[] {
  const found = new Map<EcgValueKey, EcgValue>();
  for (const [key, re] of PATTERNS) {
    const m = re.exec(findings);
    if (m) found.set(key, { key, value: Number(m[1]) });
  }
  const qt = QT_QTC.exec(findings);
  if (qt) {
    if (qt[2] !== undefined) found.set('qt', { key: 'qt', value: Number(qt[2]) });
    const formula: QtcFormula = qt[1]?.toLowerCase() === 'fridericia' ? 'Fridericia' : 'Bazett';
    if (qt[3] !== undefined) found.set('qtc', { key: 'qtc', value: Number(qt[3]), formula });
  }
  const order: EcgValueKey[] = ['heartRate', 'pr', 'qrs', 'qt', 'qtc', 'qrsAxis'];
  return order.flatMap((k) => (found.has(k) ? [found.get(k)!] : []));
}

/** Concept names: LOINC heart rate, MDC (ISO/IEEE 11073-10101) ECG durations and QTc (DOMAIN.md §3.2), SCP-ECG QRS axis. */
export const ECG_CONCEPTS: Record<EcgValueKey, Item> = {
  heartRate: code('8867-4', 'LN', 'Heart rate'),
  pr: code('2:15872', 'MDC', 'PR interval'),
  qrs: code('2:16156', 'MDC', 'QRS duration'),
  qt: code('2:16160', 'MDC', 'QT interval'),
  qtc: code('2:15876', 'MDC', 'QTc interval'),
  qrsAxis: { ...code('5.10.3-13', 'SCPECG', 'QRS Axis'), CodingSchemeVersion: '1.3' },
};
/** The QTc formula as a Measurement Method modifier of the QTc NUM. */
export const QTC_METHODS: Record<QtcFormula, Item> = {
  Bazett: code('2:15880', 'MDC', 'QTc Bazett'),
  Fridericia: code('2:15892', 'MDC', 'QTc Fridericia'),
};
export const MEASUREMENT_METHOD = code('370129005', 'SCT', 'Measurement Method');

/** UCUM units: beats per minute, milliseconds, degrees. */
const MS = code('ms', 'UCUM', 'millisecond');
export const ECG_UNITS: Record<EcgValueKey, Item> = {
  heartRate: code('/min', 'UCUM', 'per minute'),
  pr: MS,
  qrs: MS,
  qt: MS,
  qtc: MS,
  qrsAxis: code('deg', 'UCUM', 'degree'),
};

/** The values as Enhanced SR NUM items (CONTAINS, under Findings); the QTc carries its formula as Measurement Method. */
export function ecgNumItems(values: EcgValue[]): Item[] {
  return values.map((v) => ({
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: [ECG_CONCEPTS[v.key]],
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [ECG_UNITS[v.key]], NumericValue: String(v.value) }],
    ...(v.key === 'qtc'
      ? { ContentSequence: [{ RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [MEASUREMENT_METHOD], ConceptCodeSequence: [QTC_METHODS[v.formula ?? 'Bazett']] }] }
      : {}),
  }));
}

const LABELS: Record<EcgValueKey, Record<ReportLanguage, string>> = {
  heartRate: { 'zh-CN': '心率', en: 'Heart rate' },
  pr: { 'zh-CN': 'P-R 间期', en: 'PR interval' },
  qrs: { 'zh-CN': 'QRS 时限', en: 'QRS duration' },
  qt: { 'zh-CN': 'Q-T 间期', en: 'QT interval' },
  qtc: { 'zh-CN': 'QTc', en: 'QTc' },
  qrsAxis: { 'zh-CN': 'QRS 电轴', en: 'QRS axis' },
};
const PRINT_UNITS: Record<EcgValueKey, Record<ReportLanguage, string>> = {
  heartRate: { 'zh-CN': '次/分', en: 'bpm' },
  pr: { 'zh-CN': 'ms', en: 'ms' },
  qrs: { 'zh-CN': 'ms', en: 'ms' },
  qt: { 'zh-CN': 'ms', en: 'ms' },
  qtc: { 'zh-CN': 'ms', en: 'ms' },
  qrsAxis: { 'zh-CN': '°', en: '°' },
};

/** The label of a value for print, QTc with its formula ("QTc（Bazett）"). */
export function ecgValueLabel(v: EcgValue, lang: ReportLanguage): string {
  const label = LABELS[v.key][lang];
  if (v.key !== 'qtc') return label;
  return lang === 'zh-CN' ? `${label}（${v.formula ?? 'Bazett'}）` : `${label} (${v.formula ?? 'Bazett'})`;
}
export const ecgValueUnit = (v: EcgValue, lang: ReportLanguage) => PRINT_UNITS[v.key][lang];
