import { describe, expect, it } from 'vitest';
import { layoutPanels, pointOnPage, STANDARD_PAPER } from '../paper.js';
import type { Canvas2DLike } from './draw.js';
import { drawAmplitudeCaliper, drawTimeCaliper } from './calipers.js';

/** Records only what calipers draw (no canvas in the unit test environment). */
function recorder() {
  const lines: [number, number][] = [];
  const texts: string[] = [];
  const ctx: Canvas2DLike = {
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    font: '',
    save() {},
    restore() {},
    beginPath() {},
    moveTo: (x, y) => void lines.push([x, y]),
    lineTo: (x, y) => void lines.push([x, y]),
    stroke() {},
    fillRect() {},
    fillText: (t) => void texts.push(t),
  };
  return { ctx, lines, texts };
}

describe('calipers', () => {
  const scale = { pxPerMm: 4, calibrated: true };
  const layout = layoutPanels({ kind: 'single', durationS: 10, paper: STANDARD_PAPER, marginLeftMm: 10, rowHeightMm: 40 });
  const panel = layout.panels[0];

  it('a pointer maps back to time and amplitude on the paper', () => {
    // 1 s after the start = 25 mm + 10 mm margin = 35 mm = 140 px; 1 mV above the baseline (20 mm) = 10 mm = 40 px.
    const p = pointOnPage(layout, STANDARD_PAPER, scale, 140, 40);
    expect(p?.panel.lead).toBe('II');
    expect(p?.tS).toBeCloseTo(1, 9);
    expect(p?.uv).toBeCloseTo(1000, 9);
    expect(pointOnPage(layout, STANDARD_PAPER, scale, 10, 40)).toBeNull();
  });

  it('time caliper: 800 ms reads 75/min, lines 20 mm apart at 25 mm/s, march-out repeats to the end', () => {
    const r = recorder();
    const label = drawTimeCaliper(r.ctx, { panel, t1S: 1, t2S: 1.8, marchOut: true }, STANDARD_PAPER, scale);
    expect(label).toBe('800 ms · 75/min');
    expect(r.lines[0][0]).toBeCloseTo(140, 9);
    expect(r.lines[2][0] - r.lines[0][0]).toBeCloseTo(80, 9);
    // march-out ticks at 2.6, 3.4, … 9.8 s → 10 ticks, 2 points each
    expect(r.lines.length).toBe(4 + 2 + 20);
  });

  it('amplitude caliper reads mV at the panel gain', () => {
    const r = recorder();
    expect(drawAmplitudeCaliper(r.ctx, panel, 2, -200, 1000, STANDARD_PAPER, scale)).toBe('1.20 mV');
    expect(r.lines[0][1] - r.lines[1][1]).toBeCloseTo(48, 9); // 1.2 mV × 10 mm/mV × 4 px/mm
  });
});
