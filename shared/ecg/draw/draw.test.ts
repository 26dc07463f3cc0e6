import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY_SCALE, layoutPanels, STANDARD_PAPER } from '../paper.js';
import { syntheticEcg } from '../synthetic.js';
import { drawEcgPage, type Canvas2DLike } from './draw.js';

type Op = { op: string; args: (number | string)[]; stroke: string; width: number };

/** A recording stand-in for CanvasRenderingContext2D (no canvas in the unit test environment). */
class RecordingContext implements Canvas2DLike {
  strokeStyle: string | object = '#000';
  fillStyle: string | object = '#000';
  lineWidth = 1;
  font = '';
  ops: Op[] = [];
  private rec(op: string, args: (number | string)[]) {
    this.ops.push({ op, args, stroke: String(this.strokeStyle), width: this.lineWidth });
  }
  save() {}
  restore() {}
  beginPath() {
    this.rec('beginPath', []);
  }
  moveTo(x: number, y: number) {
    this.rec('moveTo', [x, y]);
  }
  lineTo(x: number, y: number) {
    this.rec('lineTo', [x, y]);
  }
  stroke() {
    this.rec('stroke', []);
  }
  fillRect(x: number, y: number, w: number, h: number) {
    this.rec('fillRect', [x, y, w, h]);
  }
  fillText(t: string, x: number, y: number) {
    this.rec('fillText', [t, x, y]);
  }
}

describe('drawEcgPage', () => {
  const scale = { pxPerMm: 4, calibrated: true };

  it('draws paper, grid, a calibration pulse per row, traces and lead labels at true scale', () => {
    const ctx = new RecordingContext();
    const layout = layoutPanels({ kind: '3x4+1', durationS: 10, paper: STANDARD_PAPER });
    const leads = syntheticEcg({ bpm: 60, fs: 500, durationS: 10 });
    const stats = drawEcgPage(ctx, { layout, paper: STANDARD_PAPER, scale, leads, samplingFrequency: 500, caption: '25 mm/s 10 mm/mV' });
    expect(ctx.ops[0]).toMatchObject({ op: 'fillRect', args: [0, 0, 260 * 4, 120 * 4] });
    const labels = ctx.ops.filter((o) => o.op === 'fillText').map((o) => o.args[0]);
    expect(labels).toEqual(['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6', 'II', '25 mm/s 10 mm/mV']);
    expect(stats.panels).toBe(13);
    // Major grid lines 5 mm = 20 px apart (with the half-pixel offset).
    const majors = ctx.ops.filter((o) => o.op === 'moveTo' && o.stroke === '#e3867d' && o.args[1] === 0).map((o) => o.args[0] as number);
    expect(majors.slice(0, 3)).toEqual([0.5, 20.5, 40.5]);
    // Calibration pulse: a 10 mm (40 px) step for 1 mV, 5 mm (20 px) wide for 200 ms, on 4 rows.
    const verticals = ctx.ops.filter((o, i) => o.op === 'lineTo' && ctx.ops[i - 1]?.op === 'lineTo' && o.stroke === '#111111');
    expect(verticals.length).toBeGreaterThan(0);
    const pulses = ctx.ops.filter((o, i) => o.op === 'moveTo' && ctx.ops[i + 5]?.op === 'lineTo' && o.args[0] === 4);
    expect(pulses).toHaveLength(4);
    const first = ctx.ops.indexOf(pulses[0]);
    const p = ctx.ops.slice(first, first + 6).map((o) => o.args as number[]);
    expect(p[1][1] - p[2][1]).toBeCloseTo(40, 9);
    expect(p[3][0] - p[2][0]).toBeCloseTo(20, 9);
  });

  it('puts 1 mV at 10 mm above the baseline of its panel', () => {
    const ctx = new RecordingContext();
    const layout = layoutPanels({ kind: 'single', durationS: 1, paper: STANDARD_PAPER, rhythmLead: 'II', rowHeightMm: 40, marginLeftMm: 0 });
    const flat = new Float64Array(500).fill(1000);
    drawEcgPage(ctx, { layout, paper: STANDARD_PAPER, scale, leads: { II: flat }, samplingFrequency: 500 });
    const trace = ctx.ops.filter((o) => (o.op === 'lineTo' || o.op === 'moveTo') && o.stroke === '#111111' && (o.args[0] as number) >= 10 * 4);
    // baseline at 20 mm (80 px); +1 mV → 10 mm up → 40 px
    expect(trace.every((o) => Math.abs((o.args[1] as number) - 40) < 1e-9)).toBe(true);
  });

  it('decimates per pixel column: a 10 s 12-lead at 1000 Hz costs a few vertices per column, not per sample', () => {
    const ctx = new RecordingContext();
    const layout = layoutPanels({ kind: '12x1', durationS: 10, paper: STANDARD_PAPER });
    const leads = syntheticEcg({ bpm: 70, fs: 1000, durationS: 10 });
    const stats = drawEcgPage(ctx, { layout, paper: STANDARD_PAPER, scale: DEFAULT_DISPLAY_SCALE, leads, samplingFrequency: 1000 });
    const columns = 250 * DEFAULT_DISPLAY_SCALE.pxPerMm; // ≈ 945 px per trace
    expect(stats.traceVertices).toBeLessThanOrEqual(12 * 4 * (columns + 2));
    expect(stats.traceVertices).toBeLessThan(12 * 10_000 / 2);
  });

  it('breaks the trace at NaN gaps', () => {
    const ctx = new RecordingContext();
    const layout = layoutPanels({ kind: 'single', durationS: 1, paper: STANDARD_PAPER, marginLeftMm: 0 });
    const x = new Float64Array(100).fill(0);
    for (let i = 40; i < 60; i++) x[i] = NaN;
    drawEcgPage(ctx, { layout, paper: STANDARD_PAPER, scale, leads: { II: x }, samplingFrequency: 100 });
    // Trace moves (the calibration pulse starts at x = 4 px): the start, and after the gap at 0.6 s = 15 mm = 60 px.
    const moves = ctx.ops.filter((o) => o.op === 'moveTo' && o.stroke === '#111111' && o.args[1] === 60 && o.args[0] !== 4);
    expect(moves.map((o) => o.args[0])).toEqual([0, expect.closeTo(60, 9)]);
  });
});
