import type { ReportLanguage } from './status.js';

/**
 * Viewer measurements as the report keeps them (pure: the viewer fills them, the report panel
 * formats them, the hub writes them as a TID 1500 SR). Points are image coordinates (column, row)
 * with (0, 0) the top-left corner of the top-left pixel, as DICOM SCOORD wants them.
 */
export const MEASUREMENT_TOOLS = ['length', 'angle', 'cobb', 'ellipse', 'rectangle', 'freehand', 'probe', 'arrow'] as const;
export type MeasurementTool = (typeof MEASUREMENT_TOOLS)[number];

/** Which spacing turned pixels into millimetres (PS3.3 10.7.1.1); `none`: lengths are in pixels. */
export const SPACING_SOURCES = ['PixelSpacing', 'ImagerPixelSpacing', 'none'] as const;
export type SpacingSourceName = (typeof SPACING_SOURCES)[number];

export interface MeasurementValues {
  length?: number;
  angle?: number;
  area?: number;
  mean?: number;
  sd?: number;
  min?: number;
  max?: number;
  /** probe: the pixel value */
  value?: number;
}

/** The fields every measurement carries (the zod schema in shared/api/reports.ts checks them). */
export interface MeasurementLike {
  tool: MeasurementTool;
  values: MeasurementValues;
  /** 'mm' or 'px' (no spacing) */
  lengthUnit: 'mm' | 'px';
  /** the pixel value unit: 'HU' for CT, '' when the image has none */
  valueUnit: string;
  spacing: SpacingSourceName;
  text?: string;
}

const LABELS: Record<MeasurementTool, Record<ReportLanguage, string>> = {
  length: { 'zh-CN': '长度', en: 'Length' },
  angle: { 'zh-CN': '角度', en: 'Angle' },
  cobb: { 'zh-CN': 'Cobb角', en: 'Cobb angle' },
  ellipse: { 'zh-CN': '椭圆ROI', en: 'Ellipse ROI' },
  rectangle: { 'zh-CN': '矩形ROI', en: 'Rectangle ROI' },
  freehand: { 'zh-CN': '手绘ROI', en: 'Freehand ROI' },
  probe: { 'zh-CN': '点测量', en: 'Probe' },
  arrow: { 'zh-CN': '箭头标注', en: 'Arrow' },
};

const SPACING_LABELS: Record<SpacingSourceName, Record<ReportLanguage, string>> = {
  PixelSpacing: { 'zh-CN': '按像素间距', en: 'Pixel Spacing' },
  ImagerPixelSpacing: { 'zh-CN': '按探测器像素间距，未校正放大', en: 'Imager Pixel Spacing, not corrected for magnification' },
  none: { 'zh-CN': '无像素间距，单位为像素', en: 'no pixel spacing: in pixels' },
};

export const measurementLabel = (tool: MeasurementTool, lang: ReportLanguage) => LABELS[tool][lang];
export const spacingLabel = (s: SpacingSourceName, lang: ReportLanguage) => SPACING_LABELS[s][lang];

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/**
 * One line for the report (检查所见), in the report's language: what was measured, the value with
 * its unit, and which spacing was used when the value depends on it.
 */
export function formatMeasurement(m: MeasurementLike, lang: ReportLanguage): string {
  const zh = lang === 'zh-CN';
  const v = m.values;
  const colon = zh ? '：' : ': ';
  const sep = zh ? '，' : ', ';
  const unit = m.valueUnit ? ` ${m.valueUnit}` : '';
  const area = m.lengthUnit === 'mm' ? ' mm²' : ' px²';
  const spacing = zh ? `（${spacingLabel(m.spacing, lang)}）` : ` (${spacingLabel(m.spacing, lang)})`;
  const label = measurementLabel(m.tool, lang);
  switch (m.tool) {
    case 'length':
      return `${label} ${fixed(v.length ?? NaN, 1)} ${m.lengthUnit}${spacing}`;
    case 'angle':
    case 'cobb':
      return `${label} ${fixed(v.angle ?? NaN, 1)}°`;
    case 'probe':
      return `${label}${colon}${fixed(v.value ?? NaN, 0)}${unit}`;
    case 'arrow':
      return `${label}${colon}${m.text?.trim() || '—'}`;
    default: {
      const parts = [
        `${zh ? '平均' : 'mean'} ${fixed(v.mean ?? NaN, 1)}${unit}`,
        `${zh ? '标准差' : 'SD'} ${fixed(v.sd ?? NaN, 1)}${unit}`,
        `${zh ? '最小' : 'min'} ${fixed(v.min ?? NaN, 0)}${unit}`,
        `${zh ? '最大' : 'max'} ${fixed(v.max ?? NaN, 0)}${unit}`,
        `${zh ? '面积' : 'area'} ${fixed(v.area ?? NaN, 1)}${area}`,
      ];
      return `${label}${colon}${parts.join(sep)}${spacing}`;
    }
  }
}
