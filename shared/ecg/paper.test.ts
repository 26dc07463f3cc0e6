import { describe, expect, it } from 'vitest';
import {
  amplitudeCaliper,
  calibrationPulse,
  DEFAULT_DISPLAY_SCALE,
  displayScaleFromRuler,
  gainFor,
  gridLines,
  layoutPanels,
  marchOut,
  mmToPx,
  mmToUv,
  panelTimeAt,
  secondsToMm,
  STANDARD_PAPER,
  timeCaliper,
  uvToMm,
  type PaperSettings,
} from './paper.js';

describe('paper geometry', () => {
  it('25 mm/s × 10 s = 250 mm; 10 mm/mV; 12.5 and 50 mm/s scale linearly', () => {
    expect(secondsToMm(10, STANDARD_PAPER)).toBe(250);
    expect(uvToMm(1000, 10)).toBe(10);
    expect(uvToMm(1000, 5)).toBe(5);
    expect(uvToMm(-500, 20)).toBe(-10);
    expect(mmToUv(10, 10)).toBe(1000);
    expect(secondsToMm(10, { ...STANDARD_PAPER, speedMmPerS: 12.5 })).toBe(125);
    expect(secondsToMm(0.2, { ...STANDARD_PAPER, speedMmPerS: 50 })).toBe(10);
  });

  it('limb and chest gains are separate', () => {
    const p: PaperSettings = { speedMmPerS: 25, limbGainMmPerMv: 10, chestGainMmPerMv: 5 };
    expect(gainFor('aVF', p)).toBe(10);
    expect(gainFor('V3', p)).toBe(5);
  });

  it('display scale: stated 96 dpi default is flagged uncalibrated; a ruler step calibrates', () => {
    expect(DEFAULT_DISPLAY_SCALE.calibrated).toBe(false);
    expect(mmToPx(25.4, DEFAULT_DISPLAY_SCALE)).toBeCloseTo(96, 9);
    const s = displayScaleFromRuler(500, 100);
    expect(s).toEqual({ pxPerMm: 5, calibrated: true });
    expect(() => displayScaleFromRuler(0, 100)).toThrow(RangeError);
  });

  it('3×4 + II rhythm strip: 2.5 s columns in time order, rhythm strip full width', () => {
    const l = layoutPanels({ kind: '3x4+1', durationS: 10, paper: STANDARD_PAPER, rowHeightMm: 30, marginLeftMm: 10 });
    expect(l.panels).toHaveLength(13);
    expect(l.widthMm).toBe(260);
    expect(l.heightMm).toBe(120);
    const v4 = l.panels.find((p) => p.lead === 'V4');
    expect(v4).toMatchObject({ xMm: 10 + 187.5, widthMm: 62.5, tStartS: 7.5, tEndS: 10, yMm: 15 });
    const strip = l.panels[12];
    expect(strip).toMatchObject({ lead: 'II', xMm: 10, widthMm: 250, tStartS: 0, tEndS: 10, yMm: 105 });
  });

  it('6×2, 12×1 and single-lead layouts', () => {
    const six = layoutPanels({ kind: '6x2', durationS: 10, paper: STANDARD_PAPER });
    expect(six.panels).toHaveLength(12);
    expect(six.panels.filter((p) => p.tStartS === 5).map((p) => p.lead)).toEqual(['V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    const twelve = layoutPanels({ kind: '12x1', durationS: 10, paper: STANDARD_PAPER });
    expect(twelve.panels.every((p) => p.widthMm === 250)).toBe(true);
    const single = layoutPanels({ kind: 'single', durationS: 10, paper: { ...STANDARD_PAPER, speedMmPerS: 50 }, rhythmLead: 'V2' });
    expect(single.panels).toEqual([expect.objectContaining({ lead: 'V2', widthMm: 500 })]);
  });

  it('grid: 1 mm minor and 5 mm major lines', () => {
    const g = gridLines(250, 30);
    expect(g.majorX).toHaveLength(51);
    expect(g.minorX).toHaveLength(251 - 51);
    expect(g.majorY).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(g.minorX.includes(5)).toBe(false);
  });

  it('calibration pulse is 1 mV high and 200 ms wide on paper', () => {
    const pts = calibrationPulse(STANDARD_PAPER, 10, 0, 50);
    const top = pts.filter(([, y]) => y === 40);
    expect(top).toHaveLength(2);
    expect(top[1][0] - top[0][0]).toBe(5); // 0.2 s × 25 mm/s
  });

  it('calipers: RR 800 ms reads 75/min; 1.2 mV amplitude; march-out every RR', () => {
    expect(timeCaliper(1.0, 1.8)).toEqual({ ms: expect.closeTo(800, 9), bpm: expect.closeTo(75, 9) });
    expect(timeCaliper(2, 2).bpm).toBeNull();
    expect(amplitudeCaliper(-200, 1000).mv).toBeCloseTo(1.2, 12);
    expect(marchOut(0.5, 0.8, 3)).toEqual([0.5, 1.3, 2.1, 2.9].map((v) => expect.closeTo(v, 9)));
    const l = layoutPanels({ kind: '3x4', durationS: 10, paper: STANDARD_PAPER, marginLeftMm: 10 });
    const aVR = l.panels.find((p) => p.lead === 'aVR');
    expect(aVR && panelTimeAt(aVR, 10 + 62.5 + 25, STANDARD_PAPER)).toBeCloseTo(3.5, 9);
    expect(aVR && panelTimeAt(aVR, 5, STANDARD_PAPER)).toBeNull();
  });
});
