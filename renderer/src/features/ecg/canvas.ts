import { drawEcgPage, mmToPx, type Canvas2DLike, type DisplayScale, type DrawEcgOptions, type DrawStats } from '../../../../shared/ecg/index.js';

/**
 * The DOM edge of ECG drawing: size a canvas so that the page is drawn at `scale` (CSS px per mm,
 * from the ruler calibration or the stated default) while the backing store uses device pixels,
 * so lines stay sharp on HiDPI screens and 1 mm stays 1 mm on a calibrated display.
 */
export interface CanvasLike {
  width: number;
  height: number;
  style: { width: string; height: string };
  getContext(kind: '2d'): (Canvas2DLike & { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void }) | null;
}

export interface PreparedPage {
  /** The scale to draw with, in backing-store pixels per mm. */
  deviceScale: DisplayScale;
  cssWidth: number;
  cssHeight: number;
}

export function sizeCanvasForPage(canvas: CanvasLike, widthMm: number, heightMm: number, scale: DisplayScale, devicePixelRatio: number): PreparedPage {
  const dpr = devicePixelRatio > 0 ? devicePixelRatio : 1;
  const cssWidth = Math.ceil(mmToPx(widthMm, scale));
  const cssHeight = Math.ceil(mmToPx(heightMm, scale));
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.width = Math.ceil(cssWidth * dpr);
  canvas.height = Math.ceil(cssHeight * dpr);
  return { deviceScale: { pxPerMm: scale.pxPerMm * dpr, calibrated: scale.calibrated }, cssWidth, cssHeight };
}

/** Sizes the canvas and draws the page; returns null when the canvas has no 2D context. */
export function renderEcgToCanvas(
  canvas: CanvasLike,
  options: Omit<DrawEcgOptions, 'scale'> & { scale: DisplayScale },
  devicePixelRatio: number,
): (DrawStats & PreparedPage) | null {
  const prepared = sizeCanvasForPage(canvas, options.layout.widthMm, options.layout.heightMm, options.scale, devicePixelRatio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const stats = drawEcgPage(ctx, { ...options, scale: prepared.deviceScale });
  return { ...stats, ...prepared };
}
