/**
 * The reader's confirmed ECG measurements as report text (zh-CN / en), for the one-action
 * "插入测量值" of the ECG screen. Only values the reader accepted or overrode are written; the
 * automatic suggestions never reach the report on their own.
 */
export type ReportLanguageCode = 'zh-CN' | 'en';

/** Confirmed values: heart rate (/min), intervals (ms), frontal QRS axis (degrees). */
export interface ConfirmedEcgValues {
  heartRate?: number;
  pr?: number;
  qrs?: number;
  qt?: number;
  qtcBazett?: number;
  qtcFridericia?: number;
  qrsAxis?: number;
}

/** Placeholders of the ECG report template (shared/reports/templates.ts `ecg-12lead`). */
export const ECG_TEMPLATE_PLACEHOLDERS = ['HR', 'PR', 'QRS', 'QT', 'QTc', 'AXIS'] as const;
export type EcgPlaceholder = (typeof ECG_TEMPLATE_PLACEHOLDERS)[number];

const round = (v: number | undefined): string | undefined => (v === undefined || !Number.isFinite(v) ? undefined : String(Math.round(v)));

/** QTc for the report: Bazett (the usual one on Chinese reports), else Fridericia, labelled when it is Fridericia. */
function qtc(v: ConfirmedEcgValues): { value: string; formula: 'Bazett' | 'Fridericia' } | undefined {
  const b = round(v.qtcBazett);
  if (b !== undefined) return { value: b, formula: 'Bazett' };
  const f = round(v.qtcFridericia);
  return f === undefined ? undefined : { value: f, formula: 'Fridericia' };
}

/** Values for the template placeholders; a value the reader has not confirmed is absent (the placeholder stays). */
export function placeholderValues(v: ConfirmedEcgValues): Partial<Record<EcgPlaceholder, string>> {
  const out: Partial<Record<EcgPlaceholder, string>> = {};
  const set = (k: EcgPlaceholder, s: string | undefined) => {
    if (s !== undefined) out[k] = s;
  };
  set('HR', round(v.heartRate));
  set('PR', round(v.pr));
  set('QRS', round(v.qrs));
  set('QT', round(v.qt));
  set('QTc', qtc(v)?.value);
  set('AXIS', round(v.qrsAxis));
  return out;
}

const LINE_PREFIX: Record<ReportLanguageCode, string> = { 'zh-CN': '测量值：', en: 'Measurements: ' };

/**
 * One line with every confirmed value, in the template's order (rate, PR, QRS, QT/QTc, axis), or
 * null when nothing is confirmed.
 */
export function measurementLine(v: ConfirmedEcgValues, lang: ReportLanguageCode): string | null {
  const zh = lang === 'zh-CN';
  const p = placeholderValues(v);
  const c = qtc(v);
  const parts: string[] = [];
  if (p.HR) parts.push(zh ? `心率 ${p.HR} 次/分` : `heart rate ${p.HR} bpm`);
  if (p.PR) parts.push(zh ? `P-R 间期 ${p.PR} ms` : `PR ${p.PR} ms`);
  if (p.QRS) parts.push(zh ? `QRS 时限 ${p.QRS} ms` : `QRS ${p.QRS} ms`);
  if (p.QT || c) {
    const label = c?.formula === 'Fridericia' ? 'QTc (Fridericia)' : 'QTc';
    parts.push(zh ? `Q-T/${label} ${p.QT ?? '—'}/${c?.value ?? '—'} ms` : `QT/${label} ${p.QT ?? '—'}/${c?.value ?? '—'} ms`);
  }
  if (p.AXIS) parts.push(zh ? `QRS 电轴 ${p.AXIS}°` : `QRS axis ${p.AXIS}°`);
  if (!parts.length) return null;
  return `${LINE_PREFIX[lang]}${parts.join(zh ? '，' : ', ')}${zh ? '。' : '.'}`;
}

const PLACEHOLDER = /\{(HR|PR|QRS|QT|QTc|AXIS)\}/g;
/** The QTc label of a template clause, with or without the formula. */
const QTC_LABEL = /QTc(?:\s*\((?:Bazett|Fridericia)\))?/g;
const DELIMITER = /[。，；,;.]/;
const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The measurement span of a template line: from the clause holding the first placeholder to the
 * end of the clause holding the last ("心率 {HR} 次/分。…QRS 电轴 {AXIS}°"), as a pattern that
 * matches it with placeholders or numbers in their places, so a second insert finds it again.
 * Groups alternate: literal, value, literal, value, …, literal.
 */
function spanPattern(template: string): { re: RegExp; keys: EcgPlaceholder[] } | null {
  const first = template.search(PLACEHOLDER);
  if (first < 0) return null;
  let lastEnd = 0;
  for (const m of template.matchAll(PLACEHOLDER)) lastEnd = m.index + m[0].length;
  let start = first;
  while (start > 0 && !DELIMITER.test(template[start - 1]) && template[start - 1] !== '\n') start--;
  let end = lastEnd;
  while (end < template.length && !DELIMITER.test(template[end]) && template[end] !== '\n') end++;
  const span = template.slice(start, end).trimStart();
  const keys: EcgPlaceholder[] = [];
  const pattern = span
    .split(PLACEHOLDER)
    .map((part, i) => {
      // "QTc" may carry the formula an earlier insert wrote ("QTc (Fridericia)").
      if (i % 2 === 0) return `(${escapeRe(part).replace(/QTc/g, QTC_LABEL.source)})`;
      keys.push(part as EcgPlaceholder);
      return `(\\{${part}\\}|—|-?\\d+(?:\\.\\d+)?)`;
    })
    .join('');
  return { re: new RegExp(pattern), keys };
}

export type InsertOutcome = { text: string; how: 'filled' | 'replaced' | 'prepended' | 'nothing' };

/**
 * Puts the confirmed values into 检查所见 with one action:
 * - where the template's measurement clauses are found (placeholders {HR}, {PR}, … or numbers an
 *   earlier insert wrote), every confirmed value is written in its place; unconfirmed ones stay as
 *   they are (a placeholder left for the reader to complete);
 * - otherwise the "测量值：…" line this function wrote is replaced, or a new one is put first, so a
 *   second insert after an override updates rather than duplicates.
 * `template` is the ECG template's findings in the report's language, used when 检查所见 is empty.
 */
export function insertEcgMeasurements(findings: string, v: ConfirmedEcgValues, lang: ReportLanguageCode, template: string): InsertOutcome {
  const p = placeholderValues(v);
  if (!Object.keys(p).length) return { text: findings, how: 'nothing' };
  const base = findings.trim() ? findings : template;
  const span = spanPattern(template);
  const m = span ? span.re.exec(base) : null;
  if (span && m) {
    const groups = m.slice(1);
    // A QTc written in the clause names its formula when it is not Bazett (the SR codes it from this text).
    const label = p.QTc ? (qtc(v)?.formula === 'Fridericia' ? 'QTc (Fridericia)' : 'QTc') : null;
    const clause = groups.map((g, i) => (i % 2 === 0 ? (label ? g.replace(QTC_LABEL, label) : g) : (p[span.keys[(i - 1) / 2]] ?? g))).join('');
    const text = base.slice(0, m.index) + clause + base.slice(m.index + m[0].length);
    return { text, how: text === base ? 'nothing' : 'filled' };
  }
  const line = measurementLine(v, lang)!;
  const lines = base.split('\n');
  const at = lines.findIndex((l) => l.startsWith(LINE_PREFIX['zh-CN']) || l.startsWith(LINE_PREFIX.en));
  if (at >= 0) {
    lines[at] = line;
    return { text: lines.join('\n'), how: 'replaced' };
  }
  return { text: base.trim() ? `${line}\n${base}` : line, how: 'prepended' };
}
