import { describe, expect, it } from 'vitest';
import { FILTERS_OFF, STANDARD_PAPER } from '../../../../shared/ecg/index.js';
import { makeEcgTranslate } from './i18n.js';
import { scaleStatement, viewLayout, viewScale } from './view.js';

describe('ECG view helpers', () => {
  const en = makeEcgTranslate('en');
  it('states the scale and whether it is calibrated', () => {
    expect(scaleStatement(STANDARD_PAPER, true, false, en, false)).toBe('25 mm/s · 10 mm/mV · calibrated');
    expect(scaleStatement(STANDARD_PAPER, false, false, en, false)).toBe('25 mm/s · 10 mm/mV · stated scale, not calibrated');
    expect(scaleStatement({ ...STANDARD_PAPER, chestGainMmPerMv: 5 }, true, false, makeEcgTranslate('zh-CN'), true)).toBe('25 mm/s · 肢体 10 / 胸导 5 mm/mV · 已校准实际尺寸');
  });
  it('never calls a magnified single-lead view true size', () => {
    expect(viewScale('single', { pxPerMm: 4, calibrated: true })).toEqual({ pxPerMm: 8, calibrated: false });
    expect(scaleStatement(STANDARD_PAPER, true, true, en, false)).toContain('not calibrated');
    expect(viewLayout('single', 'V2', 10, STANDARD_PAPER).panels.map((p) => p.lead)).toEqual(['V2']);
    expect(viewLayout('3x4+1', 'V2', 10, STANDARD_PAPER).panels).toHaveLength(13);
    expect(FILTERS_OFF.lowPassHz).toBeNull();
  });
  it('leaves room for the calibration pulse at every speed', () => {
    for (const speed of [12.5, 25, 50] as const) {
      const first = viewLayout('3x4+1', 'II', 10, { ...STANDARD_PAPER, speedMmPerS: speed }).panels[0];
      expect(first.xMm).toBeGreaterThan(0.28 * speed + 1);
    }
  });
});
