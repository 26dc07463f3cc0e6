import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawEcgPage, layoutPanels, STANDARD_PAPER, syntheticEcg, type Canvas2DLike, type PaperSettings } from '../../shared/ecg/index.js';
import { repoRoot } from '../harness/testdata.js';

/**
 * Golden-image test of the ECG page (STYLE.md "tests that look like the thing"): generated input,
 * a reference PNG, a pixel tolerance. There is no canvas in Node, so a minimal 1 px rasteriser
 * stands in for CanvasRenderingContext2D; it checks geometry (grid, pulse, traces), not a
 * browser's anti-aliasing or text, which this rasteriser does not draw.
 * Regenerate after an intended change with UPDATE_GOLDEN=1.
 */
const GOLDEN_DIR = path.join(repoRoot, 'shared/ecg/draw/golden');

class RasterContext implements Canvas2DLike {
  strokeStyle: string | object = '#000000';
  fillStyle: string | object = '#000000';
  lineWidth = 1;
  font = '';
  readonly rgba: Uint8Array;
  private path: [number, number][][] = [];
  private stack: [string | object, string | object, number][] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
  }
  private colour(style: string | object): [number, number, number] {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(style));
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [0, 0, 0];
  }
  private plot(x: number, y: number, c: [number, number, number]) {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.rgba.set([...c, 255], i);
  }
  save() {
    this.stack.push([this.strokeStyle, this.fillStyle, this.lineWidth]);
  }
  restore() {
    const s = this.stack.pop();
    if (s) [this.strokeStyle, this.fillStyle, this.lineWidth] = s;
  }
  beginPath() {
    this.path = [];
  }
  moveTo(x: number, y: number) {
    this.path.push([[x, y]]);
  }
  lineTo(x: number, y: number) {
    if (!this.path.length) this.path.push([]);
    this.path[this.path.length - 1].push([x, y]);
  }
  stroke() {
    const c = this.colour(this.strokeStyle);
    for (const sub of this.path) {
      for (let k = 1; k < sub.length; k++) {
        // Bresenham between rounded end points.
        let [x0, y0] = sub[k - 1].map(Math.floor);
        const [x1, y1] = sub[k].map(Math.floor);
        const dx = Math.abs(x1 - x0);
        const dy = -Math.abs(y1 - y0);
        const sx = x0 < x1 ? 1 : -1;
        const sy = y0 < y1 ? 1 : -1;
        let err = dx + dy;
        for (;;) {
          this.plot(x0, y0, c);
          if (x0 === x1 && y0 === y1) break;
          const e2 = 2 * err;
          if (e2 >= dy) {
            err += dy;
            x0 += sx;
          }
          if (e2 <= dx) {
            err += dx;
            y0 += sy;
          }
        }
      }
    }
  }
  fillRect(x: number, y: number, w: number, h: number) {
    const c = this.colour(this.fillStyle);
    for (let yy = Math.max(0, Math.floor(y)); yy < Math.min(this.height, Math.floor(y + h)); yy++)
      for (let xx = Math.max(0, Math.floor(x)); xx < Math.min(this.width, Math.floor(x + w)); xx++) this.plot(xx, yy, c);
  }
  fillText() {}
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Decodes the PNGs this file writes (8-bit RGBA, filter 0 on every row). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * (width * 4 + 1)] !== 0) throw new Error('unsupported PNG filter');
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, rgba };
}

function render(paper: PaperSettings): RasterContext {
  const layout = layoutPanels({ kind: '3x4+1', durationS: 10, paper, rowHeightMm: 30 });
  const scale = { pxPerMm: 4, calibrated: true };
  const ctx = new RasterContext(Math.ceil(layout.widthMm * 4) + 1, Math.ceil(layout.heightMm * 4) + 1);
  drawEcgPage(ctx, { layout, paper, scale, leads: syntheticEcg({ bpm: 75, fs: 500, durationS: 10, stUv: { II: 200 } }), samplingFrequency: 500 });
  return ctx;
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 48) n++;
  return n;
}

describe('ECG page golden image', () => {
  const name = 'ecg-3x4+1-synthetic-75bpm-inferior-st-25mms-10mmmV.png';
  const file = path.join(GOLDEN_DIR, name);

  it('matches the reference PNG within 0.2 % of pixels', () => {
    const ctx = render(STANDARD_PAPER);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(file, encodePng(ctx.width, ctx.height, ctx.rgba));
    }
    if (!fs.existsSync(file)) throw new Error(`golden image missing: ${file}; run with UPDATE_GOLDEN=1 once and review it`);
    const ref = decodePng(fs.readFileSync(file));
    expect([ref.width, ref.height]).toEqual([ctx.width, ctx.height]);
    expect(differingPixels(ctx.rgba, ref.rgba)).toBeLessThanOrEqual(ctx.width * ctx.height * 0.002);
    // Not blank: the trace colour covers a real share of the page.
    let trace = 0;
    for (let i = 0; i < ctx.rgba.length; i += 4) if (ctx.rgba[i] === 0x11 && ctx.rgba[i + 1] === 0x11) trace++;
    expect(trace).toBeGreaterThan(5000);
  });

  it('a wrong gain (20 mm/mV) or speed (50 mm/s) does not pass as the reference', () => {
    const ref = decodePng(fs.readFileSync(file));
    for (const paper of [{ ...STANDARD_PAPER, limbGainMmPerMv: 20 as const }, { ...STANDARD_PAPER, speedMmPerS: 50 as const }]) {
      const ctx = render(paper);
      const same = ctx.width === ref.width && ctx.height === ref.height;
      if (same) expect(differingPixels(ctx.rgba, ref.rgba)).toBeGreaterThan(ctx.width * ctx.height * 0.002);
      else expect(same).toBe(false);
    }
  });
});
