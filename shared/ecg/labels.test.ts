import { describe, expect, it } from 'vitest';
import { pageCaption, recordedFilters } from './labels.js';
import { STANDARD_PAPER } from './paper.js';
import type { MultiplexGroup, WaveformChannel } from './types.js';

const ch = (lead: WaveformChannel['lead'], low: number | null, high: number | null): WaveformChannel => ({
  index: 0,
  lead,
  label: lead ?? 'X',
  source: null,
  unit: 'uV',
  fileUnit: 'uV',
  values: new Float64Array(1),
  sensitivity: 1,
  correctionFactor: 1,
  baseline: 0,
  filterLowHz: low,
  filterHighHz: high,
  notchHz: null,
  status: [],
});
const group = (channels: WaveformChannel[]) => ({ channels }) as MultiplexGroup;

describe('labels', () => {
  it('recorded filters: uniform across leads, or flagged when a lead differs or lacks them', () => {
    expect(recordedFilters(group([ch('I', 0.05, 300), ch('II', 0.05, 300)]))).toEqual({ lowHz: 0.05, highHz: 300, notchHz: null, uniform: true });
    expect(recordedFilters(group([ch('I', null, null), ch('II', 0.05, 300)])).uniform).toBe(false);
  });

  it('captions say speed, gains, filters and whether the size is true, in zh-CN and en', () => {
    const rec = { lowHz: 0.05, highHz: 150, notchHz: null, uniform: true };
    expect(pageCaption(STANDARD_PAPER, [], rec, false, 'zh-CN')).toBe(
      '25 mm/s · 肢体 10 mm/mV · 胸导 10 mm/mV · 显示滤波：无（原始信号） · 设备滤波 0.05–150 Hz · 未校准：非实际尺寸',
    );
    expect(pageCaption(STANDARD_PAPER, ['baselineWander0.5Hz', 'lowPass40Hz'], null, true, 'en')).toBe(
      '25 mm/s · limb 10 mm/mV · chest 10 mm/mV · display filters: baseline 0.5 Hz, low-pass 40 Hz · true size (calibrated)',
    );
  });
});
