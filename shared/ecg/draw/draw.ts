import { calibrationPulse, gridLines, mmToPx, secondsToMm, uvToMm, type DisplayScale, type Layout, type LayoutPanel, type PaperSettings } from '../paper.js';
import type { LeadName } from '../types.js';

/**
 * The subset of CanvasRenderingContext2D the ECG page needs. A real canvas context satisfies it; tests
 * use a recording fake. No DOM globals are touched here, so this module stays in shared/.
 */
export interface Canvas2DLike {
  strokeStyle: string | object;
  fillStyle: string | object;
  lineWidth: number;
  font: string;
  save(): void;
  restore(): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

export interface EcgPalette {
  paper: string;
  minor: string;
  major: string;
  trace: string;
  text: string;
}

export const PAPER_PALETTE: EcgPalette = { paper: '#fffdfb', minor: '#f4c7c3', major: '#e3867d', trace: '#111111', text: '#222222' };

export interface DrawEcgOptions {
  layout: Layout;
  paper: PaperSettings;
  scale: DisplayScale;
  /** µV per lead (the viewer passes filtered copies when a filter is on). */
  leads: Partial<Record<LeadName, ArrayLike<number>>>;
  samplingFrequency: number;
  /** Top-left of the page on the canvas, in px. */
  originPx?: { x: number; y: number };
  palette?: EcgPalette;
  /** Shown top right, e.g. "滤波：0.5–40 Hz" / "Filtered: 0.5–40 Hz", or the paper settings. */
  caption?: string;
}

export interface DrawStats {
  /** lineTo calls for traces: bounded by ~2 per pixel column, whatever the sampling rate. */
  traceVertices: number;
  panels: number;
}

function drawGrid(ctx: Canvas2DLike, o: DrawEcgOptions, ox: number, oy: number, palette: EcgPalette): void {
  const { widthMm, heightMm } = o.layout;
  const g = gridLines(widthMm, heightMm);
  const px = (mm: number) => mmToPx(mm, o.scale);
  // Half-pixel offsets keep 1 px lines crisp.
  const crisp = (v: number) => Math.round(v) + 0.5;
  const lines = (xs: number[], ys: number[], colour: string, width: number) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (const x of xs) {
      ctx.moveTo(crisp(ox + px(x)), oy);
      ctx.lineTo(crisp(ox + px(x)), oy + px(heightMm));
    }
    for (const y of ys) {
      ctx.moveTo(ox, crisp(oy + px(y)));
      ctx.lineTo(ox + px(widthMm), crisp(oy + px(y)));
    }
    ctx.stroke();
  };
  // Minor lines are dropped when they would be closer than 3 px: they would only grey the paper.
  if (o.scale.pxPerMm >= 3) lines(g.minorX, g.minorY, palette.minor, 1);
  lines(g.majorX, g.majorY, palette.major, 1);
}

/** Min/max per pixel column so a 10 s trace at 1000 Hz costs ~2 vertices per column, not 10 000. */
function drawTrace(ctx: Canvas2DLike, o: DrawEcgOptions, panel: LayoutPanel, values: ArrayLike<number>, ox: number, oy: number): number {
  const fs = o.samplingFrequency;
  const first = Math.max(0, Math.ceil(panel.tStartS * fs));
  const last = Math.min(values.length - 1, Math.floor(panel.tEndS * fs) - (panel.tEndS * fs === Math.floor(panel.tEndS * fs) ? 1 : 0));
  if (last < first) return 0;
  const xOf = (i: number) => ox + mmToPx(panel.xMm + secondsToMm(i / fs - panel.tStartS, o.paper), o.scale);
  const yOf = (uv: number) => oy + mmToPx(panel.yMm - uvToMm(uv, panel.gainMmPerMv), o.scale);
  let vertices = 0;
  let penDown = false;
  ctx.beginPath();
  let i = first;
  while (i <= last) {
    const column = Math.floor(xOf(i));
    let min = Infinity;
    let max = -Infinity;
    let firstV = NaN;
    let lastV = NaN;
    let j = i;
    for (; j <= last && Math.floor(xOf(j)) === column; j++) {
      const v = values[j];
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(firstV)) firstV = v;
      lastV = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const x = xOf(i);
    if (Number.isNaN(firstV)) {
      penDown = false; // a gap (padding) breaks the line
    } else {
      if (!penDown) ctx.moveTo(x, yOf(firstV));
      else ctx.lineTo(x, yOf(firstV));
      if (j - i > 1) {
        ctx.lineTo(x, yOf(max));
        ctx.lineTo(x, yOf(min));
        ctx.lineTo(x, yOf(lastV));
        vertices += 3;
      }
      vertices++;
      penDown = true;
    }
    i = j;
  }
  ctx.stroke();
  return vertices;
}

/** Paper, grid, calibration pulses, traces and lead labels for one layout. */
export function drawEcgPage(ctx: Canvas2DLike, o: DrawEcgOptions): DrawStats {
  const palette = o.palette ?? PAPER_PALETTE;
  const ox = o.originPx?.x ?? 0;
  const oy = o.originPx?.y ?? 0;
  const px = (mm: number) => mmToPx(mm, o.scale);
  ctx.save();
  ctx.fillStyle = palette.paper;
  ctx.fillRect(ox, oy, px(o.layout.widthMm), px(o.layout.heightMm));
  drawGrid(ctx, o, ox, oy, palette);

  ctx.strokeStyle = palette.trace;
  ctx.lineWidth = Math.max(1, px(0.2));
  // One calibration pulse per row, at the gain of the row's first panel.
  const rows = new Map<number, LayoutPanel>();
  for (const p of o.layout.panels) if (!rows.has(p.yMm)) rows.set(p.yMm, p);
  for (const p of rows.values()) {
    const pts = calibrationPulse(o.paper, p.gainMmPerMv, 1, p.yMm);
    ctx.beginPath();
    pts.forEach(([x, y], k) => (k ? ctx.lineTo(ox + px(x), oy + px(y)) : ctx.moveTo(ox + px(x), oy + px(y))));
    ctx.stroke();
  }

  let traceVertices = 0;
  for (const p of o.layout.panels) {
    const values = o.leads[p.lead];
    if (values) traceVertices += drawTrace(ctx, o, p, values, ox, oy);
  }

  ctx.fillStyle = palette.text;
  ctx.font = `${Math.max(10, Math.round(px(3)))}px sans-serif`;
  for (const p of o.layout.panels) ctx.fillText(p.lead, ox + px(p.xMm + 1), oy + px(p.yMm - p.heightMm / 2 + 4));
  if (o.caption) ctx.fillText(o.caption, ox + px(o.layout.widthMm - 60), oy + px(4));
  ctx.restore();
  return { traceVertices, panels: o.layout.panels.length };
}
