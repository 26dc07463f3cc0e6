/**
 * A slice raster in patient millimetres (LPS: +x toward the patient's left, +y posterior) with
 * painter's-algorithm fills. Pixel (c, r) has its centre at (x0 + c·spacing, y0 + r·spacing).
 */
export class MmRaster {
  readonly data: Int16Array;
  constructor(
    readonly size: number,
    readonly spacing: number,
    readonly x0: number,
    readonly y0: number,
  ) {
    this.data = new Int16Array(size * size);
  }

  col(x: number): number {
    return (x - this.x0) / this.spacing;
  }
  row(y: number): number {
    return (y - this.y0) / this.spacing;
  }

  /** Calls fn(index, x, y) for every pixel centre within the axis-aligned box. */
  forBox(xMin: number, xMax: number, yMin: number, yMax: number, fn: (i: number, x: number, y: number) => void): void {
    const c0 = Math.max(0, Math.ceil(this.col(xMin)));
    const c1 = Math.min(this.size - 1, Math.floor(this.col(xMax)));
    const r0 = Math.max(0, Math.ceil(this.row(yMin)));
    const r1 = Math.min(this.size - 1, Math.floor(this.row(yMax)));
    for (let r = r0; r <= r1; r++) {
      const y = this.y0 + r * this.spacing;
      let i = r * this.size + c0;
      for (let c = c0; c <= c1; c++, i++) fn(i, this.x0 + c * this.spacing, y);
    }
  }

  fill(value: number): void {
    this.data.fill(value);
  }

  /** Axis-aligned ellipse; `where` (optional) limits which existing values may be overwritten. */
  ellipse(cx: number, cy: number, ax: number, ay: number, value: number, where?: (old: number) => boolean): void {
    if (ax <= 0 || ay <= 0) return;
    const d = this.data;
    this.forBox(cx - ax, cx + ax, cy - ay, cy + ay, (i, x, y) => {
      const u = (x - cx) / ax;
      const v = (y - cy) / ay;
      if (u * u + v * v <= 1 && (!where || where(d[i]))) d[i] = value;
    });
  }

  /** A rectangle. */
  rect(xMin: number, xMax: number, yMin: number, yMax: number, value: number): void {
    const d = this.data;
    this.forBox(xMin, xMax, yMin, yMax, (i) => {
      d[i] = value;
    });
  }

  /** A segment of radius `radius` with round ends (a tube seen in-plane). */
  capsule(x1: number, y1: number, x2: number, y2: number, radius: number, value: number, where?: (old: number) => boolean): void {
    const d = this.data;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len2 = dx * dx + dy * dy || 1e-9;
    const r2 = radius * radius;
    this.forBox(Math.min(x1, x2) - radius, Math.max(x1, x2) + radius, Math.min(y1, y2) - radius, Math.max(y1, y2) + radius, (i, x, y) => {
      const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2));
      const px = x1 + t * dx - x;
      const py = y1 + t * dy - y;
      if (px * px + py * py <= r2 && (!where || where(d[i]))) d[i] = value;
    });
  }

  /** Ellipse rotated so that its `a` axis points along the unit vector (ux, uy). */
  orientedEllipse(cx: number, cy: number, ux: number, uy: number, a: number, b: number, value: number, where?: (old: number) => boolean): void {
    const d = this.data;
    const ext = Math.max(a, b);
    this.forBox(cx - ext, cx + ext, cy - ext, cy + ext, (i, x, y) => {
      const px = x - cx;
      const py = y - cy;
      const s = (px * ux + py * uy) / a;
      const t = (-px * uy + py * ux) / b;
      if (s * s + t * t <= 1 && (!where || where(d[i]))) d[i] = value;
    });
  }
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer hash of a pixel index and a seed, for cheap reproducible noise. */
export function hash32(i: number, seed: number): number {
  let h = Math.imul(i ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
