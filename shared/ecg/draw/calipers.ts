import { marchOut, panelXPx, timeCaliper, amplitudeCaliper, mmToPx, uvToMm, type DisplayScale, type LayoutPanel, type PaperSettings } from '../paper.js';
import type { Canvas2DLike } from './draw.js';

export const CALIPER_COLOUR = '#1565c0';

export interface TimeCaliperSpec {
  panel: LayoutPanel;
  t1S: number;
  t2S: number;
  /** Repeat the interval across the panel (march-out), e.g. to test RR regularity or hidden P waves. */
  marchOut?: boolean;
}

/**
 * Draws a time caliper on a panel: two vertical lines, a bracket and "800 ms · 75/min"; with
 * march-out, dashed-looking short ticks at each repeat. Returns the label it drew.
 */
export function drawTimeCaliper(ctx: Canvas2DLike, c: TimeCaliperSpec, paper: PaperSettings, scale: DisplayScale, origin = { x: 0, y: 0 }): string {
  const top = origin.y + mmToPx(c.panel.yMm - c.panel.heightMm / 2, scale);
  const bottom = origin.y + mmToPx(c.panel.yMm + c.panel.heightMm / 2, scale);
  const x1 = origin.x + panelXPx(c.panel, c.t1S, paper, scale);
  const x2 = origin.x + panelXPx(c.panel, c.t2S, paper, scale);
  const { ms, bpm } = timeCaliper(c.t1S, c.t2S);
  const label = bpm === null ? `${Math.round(ms)} ms` : `${Math.round(ms)} ms · ${Math.round(bpm)}/min`;
  ctx.save();
  ctx.strokeStyle = CALIPER_COLOUR;
  ctx.fillStyle = CALIPER_COLOUR;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const x of [x1, x2]) {
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
  }
  const yb = top + mmToPx(2, scale);
  ctx.moveTo(x1, yb);
  ctx.lineTo(x2, yb);
  if (c.marchOut && ms > 0) {
    const step = Math.abs(c.t2S - c.t1S);
    for (const t of marchOut(Math.max(c.t1S, c.t2S) + step, step, c.panel.tEndS)) {
      const x = origin.x + panelXPx(c.panel, t, paper, scale);
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + mmToPx(5, scale));
    }
  }
  ctx.stroke();
  ctx.fillText(label, Math.min(x1, x2) + mmToPx(1, scale), yb - mmToPx(0.5, scale));
  ctx.restore();
  return label;
}

/** Amplitude caliper at time tS between two levels (µV): a vertical bracket and "1.20 mV". */
export function drawAmplitudeCaliper(
  ctx: Canvas2DLike,
  panel: LayoutPanel,
  tS: number,
  uv1: number,
  uv2: number,
  paper: PaperSettings,
  scale: DisplayScale,
  origin = { x: 0, y: 0 },
): string {
  const x = origin.x + panelXPx(panel, tS, paper, scale);
  const y = (uv: number) => origin.y + mmToPx(panel.yMm - uvToMm(uv, panel.gainMmPerMv), scale);
  const label = `${amplitudeCaliper(uv1, uv2).mv.toFixed(2)} mV`;
  const tick = mmToPx(1, scale);
  ctx.save();
  ctx.strokeStyle = CALIPER_COLOUR;
  ctx.fillStyle = CALIPER_COLOUR;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, y(uv1));
  ctx.lineTo(x, y(uv2));
  for (const uv of [uv1, uv2]) {
    ctx.moveTo(x - tick, y(uv));
    ctx.lineTo(x + tick, y(uv));
  }
  ctx.stroke();
  ctx.fillText(label, x + 2 * tick, (y(uv1) + y(uv2)) / 2);
  ctx.restore();
  return label;
}
