import type { Measurement } from '../../shared/api/reports.js';
import { measurementLabel, spacingLabel } from '../../shared/reports/measurements.js';
import type { ReportLanguage } from '../../shared/reports/status.js';
import type { SignedDocument } from './document.js';
import { ecgValueLabel, ecgValuesFromText, ecgValueUnit } from './ecg-values.js';

/**
 * The measurement table of the report PDF, as rows of text (pdf.ts draws them): every viewer
 * measurement of the version (name, value, unit, series/image), and for ECG reports the accepted
 * intervals read from the signed text (ecg-values.ts). Lengths measured with Imager Pixel Spacing
 * or without any spacing are marked with * and explained in a footnote.
 */
export interface MeasurementTable {
  heading: string;
  columns: [string, string, string, string];
  rows: Array<[string, string, string, string]>;
  footnotes: string[];
}

const TEXT: Record<ReportLanguage, { heading: string; columns: [string, string, string, string]; mean: string; sd: string; min: string; max: string; area: string; series: string; image: string; frame: string; ecg: string }> = {
  'zh-CN': { heading: '测量值：', columns: ['名称', '数值', '单位', '序列/图像'], mean: '平均', sd: '标准差', min: '最小', max: '最大', area: '面积', series: '序列', image: '图像', frame: '帧', ecg: '心电图' },
  en: { heading: 'Measurements:', columns: ['Name', 'Value', 'Unit', 'Series/image'], mean: 'mean', sd: 'SD', min: 'min', max: 'max', area: 'area', series: 'series', image: 'image', frame: 'frame', ecg: 'ECG' },
};

const fixed = (n: number | undefined, digits: number) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '—');

export function measurementTable(doc: SignedDocument): MeasurementTable | null {
  const lang = doc.language;
  const L = TEXT[lang];
  const rows: MeasurementTable['rows'] = [];
  const footnotes = new Set<string>();
  if (doc.kind === 'ecg') {
    for (const v of ecgValuesFromText(doc.findings)) rows.push([ecgValueLabel(v, lang), String(v.value), ecgValueUnit(v, lang), L.ecg]);
  }
  const numbers = new Map(doc.study.evidence.map((e) => [e.sopUid, e]));
  const where = (m: Measurement) => {
    const e = numbers.get(m.image.sopInstanceUid);
    const frame = m.image.frame && (e?.frames ?? 1) > 1 ? ` ${L.frame} ${m.image.frame}` : '';
    return `${L.series} ${e?.seriesNumber ?? '—'} / ${L.image} ${e?.instanceNumber ?? '—'}${frame}`;
  };
  for (const [i, m] of doc.measurements.entries()) {
    const name = `${measurementLabel(m.tool, lang)} #${i + 1}`;
    const v = m.values;
    const mark = m.spacing === 'PixelSpacing' ? '' : '*';
    if (mark) footnotes.add(`* ${spacingLabel(m.spacing, lang)}`);
    const length = `${m.lengthUnit}${mark}`;
    const at = where(m);
    switch (m.tool) {
      case 'length':
        rows.push([name, fixed(v.length, 1), length, at]);
        break;
      case 'angle':
      case 'cobb':
        rows.push([name, fixed(v.angle, 1), '°', at]);
        break;
      case 'probe':
        rows.push([name, fixed(v.value, 0), m.valueUnit, at]);
        break;
      case 'arrow':
        rows.push([name, m.text?.trim() || '—', '', at]);
        break;
      default: {
        const sep = lang === 'zh-CN' ? '，' : ', ';
        rows.push([name, [`${L.mean} ${fixed(v.mean, 1)}`, `${L.sd} ${fixed(v.sd, 1)}`, `${L.min} ${fixed(v.min, 0)}`, `${L.max} ${fixed(v.max, 0)}`].join(sep), m.valueUnit, at]);
        rows.push([`${name} ${L.area}`, fixed(v.area, 1), `${m.lengthUnit}²${mark}`, at]);
      }
    }
  }
  return rows.length ? { heading: L.heading, columns: L.columns, rows, footnotes: [...footnotes] } : null;
}
