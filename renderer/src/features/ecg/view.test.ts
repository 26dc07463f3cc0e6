import { describe, expect, it } from 'vitest';
import { FILTERS_OFF, STANDARD_PAPER } from '../../../../shared/ecg/index.js';
import { makeEcgTranslate } from './i18n.js';
import { medianLayout, scaleStatement, viewLayout, viewScale } from './view.js';

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

describe('median-beat layout', () => {
  it('3×4 without a rhythm strip, each panel the whole beat from 0 at the paper speed', () => {
    const l = medianLayout(1.2, STANDARD_PAPER);
    expect(l.panels.map((p) => p.lead)).toEqual(['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6']);
    for (const p of l.panels) {
      expect([p.tStartS, p.tEndS]).toEqual([0, 1.2]);
      expect(p.widthMm).toBeCloseTo(30, 9); // 1.2 s at 25 mm/s
    }
    expect(l.panels[3].xMm - l.panels[0].xMm).toBeCloseTo(90, 9);
    expect(l.heightMm).toBe(3 * l.panels[0].heightMm);
    expect(medianLayout(1.2, { ...STANDARD_PAPER, speedMmPerS: 50 }).panels[0].widthMm).toBeCloseTo(60, 9);
  });
});
