import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import type { KeyImage } from '../../shared/api/reports.js';
import type { Queryable } from '../db/database.js';
import type { ImageStore } from '../store/types.js';
import { readPart10 } from './dicom.js';

/** A key image made printable: 8-bit greyscale PNG, at most MAX px on its long side. */
export interface KeyPicture {
  png: Uint8Array;
  width: number;
  height: number;
  caption: string;
}

const MAX = 384;
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Minimal PNG writer (8-bit greyscale, filter 0) for the PDF's key images. */
export function greyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

const num = (v: unknown): number | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  const n = typeof x === 'string' ? Number(x) : typeof x === 'number' ? x : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * Windowed, downsampled greyscale of one frame of a native (uncompressed) monochrome image, using the
 * image's own window (or its full range). Returns null for what it cannot render (compressed, colour).
 */
export function renderMonochrome(ds: Record<string, unknown>, frame = 1): { pixels: Uint8Array; width: number; height: number } | null {
  const rows = num(ds.Rows);
  const cols = num(ds.Columns);
  const bits = num(ds.BitsAllocated);
  const photometric = String(ds.PhotometricInterpretation ?? '');
  const data = Array.isArray(ds.PixelData) ? (ds.PixelData[0] as ArrayBuffer | undefined) : undefined;
  if (!rows || !cols || !data || (bits !== 8 && bits !== 16) || !/^MONOCHROME[12]$/.test(photometric)) return null;
  const n = rows * cols;
  const start = (frame - 1) * n * (bits / 8);
  if (start + n * (bits / 8) > data.byteLength) return null;
  const signed = num(ds.PixelRepresentation) === 1;
  const src = bits === 8 ? new Uint8Array(data, start, n) : signed ? new Int16Array(data.slice(start, start + n * 2)) : new Uint16Array(data.slice(start, start + n * 2));
  const slope = num(ds.RescaleSlope) ?? 1;
  const intercept = num(ds.RescaleIntercept) ?? 0;
  let centre = num(ds.WindowCenter);
  let width = num(ds.WindowWidth);
  if (centre === undefined || !width || width <= 1) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of src) {
      const m = v * slope + intercept;
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
    centre = (lo + hi) / 2;
    width = Math.max(1, hi - lo);
  }
  const scale = Math.min(1, MAX / Math.max(rows, cols));
  const w = Math.max(1, Math.round(cols * scale));
  const h = Math.max(1, Math.round(rows * scale));
  const out = new Uint8Array(w * h);
  const low = centre - width / 2;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(rows - 1, Math.floor(y / scale));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(cols - 1, Math.floor(x / scale));
      const m = src[sy * cols + sx] * slope + intercept;
      let g = Math.round(((m - low) / width) * 255);
      g = g < 0 ? 0 : g > 255 ? 255 : g;
      out[y * w + x] = photometric === 'MONOCHROME1' ? 255 - g : g;
    }
  }
  return { pixels: out, width: w, height: h };
}

/**
 * The key images of a version, for the PDF: read from the built-in store (upstream stores and
 * compressed or colour images are listed by caption only: the SR/KOS still reference them).
 */
export async function loadKeyPictures(db: Queryable, store: ImageStore, refs: KeyImage[]): Promise<KeyPicture[]> {
  const out: KeyPicture[] = [];
  for (const [i, k] of refs.slice(0, 6).entries()) {
    const caption = `图 ${i + 1}${k.frame ? `（第 ${k.frame} 帧）` : ''}`;
    const row = (await db.query<{ file_path: string | null; transfer_syntax_uid: string }>('SELECT file_path, transfer_syntax_uid FROM instances WHERE sop_instance_uid = $1', [k.sopInstanceUid]))[0];
    if (!row?.file_path || store.kind !== 'builtin' || !NATIVE.has(row.transfer_syntax_uid)) continue;
    try {
      const ds = readPart10(new Uint8Array(await fs.readFile(store.files.abs(row.file_path))));
      const img = renderMonochrome(ds, k.frame ?? 1);
      if (img) out.push({ png: greyPng(img.pixels, img.width, img.height), width: img.width, height: img.height, caption });
    } catch {
      // An unreadable image is left out of the printout; the KOS still references it.
    }
  }
  return out;
}
