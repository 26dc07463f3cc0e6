import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import {
  amplitudeCaliper,
  drawAmplitudeCaliper,
  drawTimeCaliper,
  mmToUv,
  panelTimeAt,
  pointOnPage,
  pxToMm,
  timeCaliper,
  type DisplayScale,
  type Layout,
  type LayoutPanel,
  type LeadName,
  type PaperSettings,
} from '../../../../shared/ecg/index.js';
import { renderEcgToCanvas, sizeCanvasForPage, type PreparedPage } from './canvas.js';

export type CaliperTool = 'time' | 'amplitude' | 'march';

/** What the caliper currently measures (null = none). */
export type CaliperReading = { kind: 'time'; ms: number; bpm: number | null; lead: LeadName } | { kind: 'amplitude'; mv: number; lead: LeadName } | null;

interface Caliper {
  tool: CaliperTool;
  panel: LayoutPanel;
  t1S: number;
  uv1: number;
  t2S: number;
  uv2: number;
}

export interface EcgCanvasProps {
  layout: Layout;
  paper: PaperSettings;
  /** CSS px per mm (calibrated or stated). */
  scale: DisplayScale;
  leads: Partial<Record<LeadName, ArrayLike<number>>>;
  samplingFrequency: number;
  caption: string;
  tool: CaliperTool;
  /** Bumped by the page to clear the caliper. */
  clearToken: number;
  onLeadClick(lead: LeadName): void;
  onReading(reading: CaliperReading): void;
}

const CLICK_SLOP_PX = 4;

/**
 * The page drawn once per change of layout/paper/filters on the lower canvas; calipers on an overlay
 * canvas redrawn once per animation frame while dragging, so dragging never redraws the traces.
 */
export function EcgCanvas(props: EcgCanvasProps) {
  const pageRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const caliper = useRef<Caliper | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const frame = useRef<number | null>(null);
  const overlayScale = useRef<PreparedPage | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const { layout, paper, scale, leads, samplingFrequency, caption, onReading } = props;

  useEffect(() => {
    const canvas = pageRef.current;
    if (!canvas) return;
    const drawn = renderEcgToCanvas(canvas, { layout, paper, scale, leads, samplingFrequency, caption }, dpr);
    if (drawn) setSize({ w: drawn.cssWidth, h: drawn.cssHeight });
    canvas.dataset.drawCount = String(Number(canvas.dataset.drawCount ?? 0) + 1);
  }, [layout, paper, scale, leads, samplingFrequency, caption, dpr]);

  const drawOverlay = () => {
    frame.current = null;
    const canvas = overlayRef.current;
    if (!canvas) return;
    const prepared = overlayScale.current;
    const ctx = canvas.getContext('2d');
    if (!prepared) return;
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const c = caliper.current;
    if (!c) return;
    ctx.font = `${Math.max(12, Math.round(prepared.deviceScale.pxPerMm * 3))}px sans-serif`;
    if (c.tool === 'amplitude') drawAmplitudeCaliper(ctx, c.panel, c.t1S, c.uv1, c.uv2, paper, prepared.deviceScale);
    else drawTimeCaliper(ctx, { panel: c.panel, t1S: c.t1S, t2S: c.t2S, marchOut: c.tool === 'march' }, paper, prepared.deviceScale);
  };
  const schedule = () => {
    if (frame.current === null) frame.current = requestAnimationFrame(drawOverlay);
  };

  // A new page (layout, speed, gain) or a clear request invalidates the caliper.
  useEffect(() => {
    if (overlayRef.current) overlayScale.current = sizeCanvasForPage(overlayRef.current, layout.widthMm, layout.heightMm, scale, dpr);
    caliper.current = null;
    onReading(null);
    schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, paper, scale, dpr, props.clearToken]);

  useEffect(() => () => void (frame.current !== null && cancelAnimationFrame(frame.current)), []);

  const local = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const report = (c: Caliper) => {
    if (c.tool === 'amplitude') onReading({ kind: 'amplitude', mv: amplitudeCaliper(c.uv1, c.uv2).mv, lead: c.panel.lead });
    else onReading({ kind: 'time', ...timeCaliper(c.t1S, c.t2S), lead: c.panel.lead });
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const p = local(e);
    const hit = pointOnPage(layout, paper, scale, p.x, p.y);
    drag.current = { ...p, moved: false };
    if (!hit) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    caliper.current = { tool: props.tool, panel: hit.panel, t1S: hit.tS, uv1: hit.uv, t2S: hit.tS, uv2: hit.uv };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    const c = caliper.current;
    if (!d || !c) return;
    const p = local(e);
    if (Math.hypot(p.x - d.x, p.y - d.y) > CLICK_SLOP_PX) d.moved = true;
    if (!d.moved) return;
    const xMm = Math.min(Math.max(pxToMm(p.x, scale), c.panel.xMm), c.panel.xMm + c.panel.widthMm);
    c.t2S = panelTimeAt(c.panel, xMm, paper) ?? c.t2S;
    c.uv2 = mmToUv(c.panel.yMm - pxToMm(p.y, scale), c.panel.gainMmPerMv);
    report(c);
    schedule();
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    if (!d.moved) {
      // A click (no drag): zoom to the lead, or back from the single-lead view.
      const hit = pointOnPage(layout, paper, scale, d.x, d.y);
      caliper.current = null;
      schedule();
      if (hit) props.onLeadClick(hit.panel.lead);
      return;
    }
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return (
    <div className="ecg-canvas-wrap" style={{ width: size.w || undefined, height: size.h || undefined }}>
      <canvas ref={pageRef} className="ecg-page" data-testid="ecg-page" />
      <canvas
        ref={overlayRef}
        className="ecg-overlay"
        data-testid="ecg-overlay"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
      />
    </div>
  );
}
