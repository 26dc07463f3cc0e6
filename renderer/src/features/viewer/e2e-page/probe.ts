import { getEnabledElement, utilities, type Types } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';

export interface ProbeResult {
  /** canvas grey (0–255, red channel) at each image grid point, row-major, -1 where off-canvas */
  values: number[];
  /** the image pixel (column, row) of each value */
  points: [number, number][];
  columns: number;
  rows: number;
  imageId: string;
}

/**
 * Test-only: reads what the stack viewport shows at an n×n grid of image pixels, mapping image →
 * world → canvas with Cornerstone's own geometry, so the browser test can compare the picture with
 * a reference rendered by an independent decoder (dcmtk) at the same image positions.
 */
export function probeStackViewport(n: number): ProbeResult | null {
  const el = document.querySelector<HTMLDivElement>('[data-testid="stack-viewport"]');
  const enabled = el ? getEnabledElement(el) : undefined;
  if (!el || !enabled) return null;
  const vp = enabled.viewport as Types.IStackViewport;
  const image = vp.getCurrentImageId();
  const img = vp.getImageData();
  if (!img) return null;
  const [columns, rows] = img.dimensions;
  const canvas = vp.getCanvas();
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
  const dpr = canvas.width / (canvas.clientWidth || canvas.width);
  const values: number[] = [];
  const points: [number, number][] = [];
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const col = Math.floor(((gx + 0.5) / n) * columns);
      const row = Math.floor(((gy + 0.5) / n) * rows);
      // Cornerstone's image coordinates put pixel centres at +0.5.
      const world = utilities.imageToWorldCoords(image, [col + 0.5, row + 0.5]);
      const [cx, cy] = vp.worldToCanvas(world as Types.Point3);
      const x = Math.floor(cx * dpr);
      const y = Math.floor(cy * dpr);
      points.push([col, row]);
      values.push(x >= 0 && y >= 0 && x < copy.width && y < copy.height ? data[(y * copy.width + x) * 4] : -1);
    }
  }
  return { values, points, columns, rows, imageId: image };
}

/** Test-only: where an image pixel of the stack viewport is on the page (CSS pixels), for mouse drags. */
export function imageToPage(col: number, row: number): [number, number] | null {
  const el = document.querySelector<HTMLDivElement>('[data-testid="stack-viewport"]');
  const enabled = el ? getEnabledElement(el) : undefined;
  if (!enabled) return null;
  const vp = enabled.viewport as Types.IStackViewport;
  const world = utilities.imageToWorldCoords(vp.getCurrentImageId(), [col + 0.5, row + 0.5]);
  const [cx, cy] = vp.worldToCanvas(world as Types.Point3);
  const rect = vp.getCanvas().getBoundingClientRect();
  return [rect.left + cx, rect.top + cy];
}

/** Test-only: the measurements drawn so far, as the tools computed them, with handles in image pixels. */
export function measurements(): { tool: string; stats: Record<string, unknown>[]; imagePoints: [number, number][] }[] {
  return annotation.state.getAllAnnotations().map((a) => {
    const imageId = a.metadata?.referencedImageId ?? '';
    const points = (a.data as { handles?: { points?: Types.Point3[] } }).handles?.points ?? [];
    return {
      tool: a.metadata?.toolName ?? '',
      stats: Object.values((a.data as { cachedStats?: Record<string, Record<string, unknown>> }).cachedStats ?? {}),
      imagePoints: imageId ? points.map((pt) => utilities.worldToImageCoords(imageId, pt) as [number, number]) : [],
    };
  });
}

/** Test-only: mean and spread of the canvas's red channel and the count of distinct greys. */
export function canvasStats(testId = 'stack-viewport'): { mean: number; sd: number; distinct: number; nonBlack: number } | null {
  const el = document.querySelector<HTMLDivElement>(`[data-testid="${testId}"]`);
  const enabled = el ? getEnabledElement(el) : undefined;
  if (!enabled) return null;
  const canvas = enabled.viewport.getCanvas();
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(canvas, 0, 0);
  const d = ctx.getImageData(0, 0, copy.width, copy.height).data;
  let sum = 0;
  let sq = 0;
  let nonBlack = 0;
  const seen = new Set<number>();
  const count = d.length / 4;
  for (let i = 0; i < d.length; i += 4) {
    sum += d[i];
    sq += d[i] * d[i];
    if (d[i] > 8) nonBlack++;
    seen.add(d[i]);
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(Math.max(0, sq / count - mean * mean)), distinct: seen.size, nonBlack: nonBlack / count };
}
