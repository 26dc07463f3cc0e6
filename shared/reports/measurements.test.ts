import { describe, expect, it } from 'vitest';
import { Measurement, ReportContent } from '../api/reports.js';
import { formatMeasurement, type MeasurementLike } from './measurements.js';

const ct = { lengthUnit: 'mm', valueUnit: 'HU', spacing: 'PixelSpacing' } as const;

describe('measurement lines for the report', () => {
  it('say the value, the unit and which spacing was used, in the report language', () => {
    const len: MeasurementLike = { ...ct, tool: 'length', values: { length: 8.04 } };
    expect(formatMeasurement(len, 'zh-CN')).toBe('长度 8.0 mm（按像素间距）');
    expect(formatMeasurement(len, 'en')).toBe('Length 8.0 mm (Pixel Spacing)');
    const dx: MeasurementLike = { tool: 'length', values: { length: 120.26 }, lengthUnit: 'mm', valueUnit: '', spacing: 'ImagerPixelSpacing' };
    expect(formatMeasurement(dx, 'zh-CN')).toBe('长度 120.3 mm（按探测器像素间距，未校正放大）');
    const px: MeasurementLike = { tool: 'length', values: { length: 42 }, lengthUnit: 'px', valueUnit: '', spacing: 'none' };
    expect(formatMeasurement(px, 'en')).toBe('Length 42.0 px (no pixel spacing: in pixels)');
  });

  it('ROIs list mean, SD, min, max in HU and the area; angles in degrees; arrows their text', () => {
    const roi: MeasurementLike = { ...ct, tool: 'ellipse', values: { mean: 41.46, sd: 11.21, min: 3, max: 80, area: 120.31 } };
    expect(formatMeasurement(roi, 'zh-CN')).toBe('椭圆ROI：平均 41.5 HU，标准差 11.2 HU，最小 3 HU，最大 80 HU，面积 120.3 mm²（按像素间距）');
    expect(formatMeasurement(roi, 'en')).toBe('Ellipse ROI: mean 41.5 HU, SD 11.2 HU, min 3 HU, max 80 HU, area 120.3 mm² (Pixel Spacing)');
    expect(formatMeasurement({ ...ct, tool: 'cobb', values: { angle: 12.46 } }, 'zh-CN')).toBe('Cobb角 12.5°');
    expect(formatMeasurement({ ...ct, tool: 'probe', values: { value: 45.2 } }, 'en')).toBe('Probe: 45 HU');
    expect(formatMeasurement({ ...ct, tool: 'arrow', values: {}, text: ' 毛刺 ' }, 'zh-CN')).toBe('箭头标注：毛刺');
    expect(formatMeasurement({ ...ct, tool: 'length', values: {} }, 'en')).toBe('Length — mm (Pixel Spacing)');
  });

  it('the API schema keeps measurements with a draft and refuses bad ones', () => {
    const image = { seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
    const ok = { id: 'a1b2-c3', tool: 'length', image, points: [[1, 2], [3, 4]], values: { length: 2.8 }, ...ct };
    expect(Measurement.parse(ok)).toMatchObject(ok);
    expect(ReportContent.parse({ findings: '', impression: '' }).measurements).toEqual([]);
    expect(Measurement.safeParse({ ...ok, tool: 'laser' }).success).toBe(false);
    expect(Measurement.safeParse({ ...ok, points: [] }).success).toBe(false);
    expect(Measurement.safeParse({ ...ok, values: { length: Number.NaN } }).success).toBe(false);
    expect(Measurement.safeParse({ ...ok, id: 'x y' }).success).toBe(false);
  });
});
