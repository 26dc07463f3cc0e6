import { BIG_ENDIAN, JPEG_BASELINE, NATIVE_SYNTAXES, type ImageInfo } from './imageInfo.js';
import type { FileLike } from './scan.js';

/**
 * A series thumbnail for the upload review (about 96 px), made from the first image's pixels
 * without reading the file whole: a small frame is read in one slice, a large one (a 15 MB CR)
 * row by row, only the rows the thumbnail samples. Native (uncompressed) monochrome and RGB are
 * windowed here (window from the file, else min/max of the sampled pixels); compressed files get
 * a placeholder, except JPEG baseline which the caller may hand to the browser's own decoder.
 */
export type Thumb =
  | { kind: 'image'; width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> }
  | { kind: 'placeholder'; reason: 'compressed' | 'noImage' | 'unsupported' | 'truncated' | 'error'; detail?: string };

export const THUMB_SIZE = 96;
/** A frame up to this size is read in one slice; above it only the sampled rows are read. */
export const WHOLE_FRAME_LIMIT = 2 * 1024 * 1024;
/** The most compressed bytes gathered for a browser decode. */
const MAX_COMPRESSED = 16 * 1024 * 1024;

export interface ThumbOptions {
  size?: number;
  /** Decodes a JPEG baseline frame (the browser's decoder); null when it cannot. */
  decodeJpeg?: (jpeg: Blob, info: ImageInfo, size: number) => Promise<Thumb | null>;
}

/** Which source rows and columns the thumbnail samples (nearest neighbour, aspect kept). */
export function sampleGrid(rows: number, columns: number, size = THUMB_SIZE) {
  const scale = Math.min(1, size / Math.max(rows, columns));
  const width = Math.max(1, Math.floor(columns * scale + 1e-9));
  const height = Math.max(1, Math.floor(rows * scale + 1e-9));
  const pick = (n: number, out: number) => Array.from({ length: out }, (_, i) => Math.min(n - 1, Math.floor(((i + 0.5) * n) / out)));
  return { width, height, srcRows: pick(rows, height), srcCols: pick(columns, width) };
}

const placeholder = (reason: Extract<Thumb, { kind: 'placeholder' }>['reason'], detail?: string): Thumb => ({ kind: 'placeholder', reason, ...(detail ? { detail } : {}) });

/** Why a native image cannot be drawn here, or null when it can. */
function unsupported(info: ImageInfo): string | null {
  const mono = info.photometric === 'MONOCHROME1' || info.photometric === 'MONOCHROME2';
  if (mono && info.samplesPerPixel === 1 && (info.bitsAllocated === 8 || info.bitsAllocated === 16)) return null;
  if ((info.photometric === 'RGB' || info.photometric === 'YBR_FULL') && info.samplesPerPixel === 3 && info.bitsAllocated === 8) return null;
  return `${info.photometric || '?'} ${info.samplesPerPixel}×${info.bitsAllocated} bit`;
}

/**
 * Renders sampled rows to RGBA. `row(r, plane)` gives the bytes of source row r (of one colour
 * plane when the planar configuration is 1, else of all samples).
 */
export function renderRows(info: ImageInfo, grid: ReturnType<typeof sampleGrid>, row: (r: number, plane: number) => Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, srcRows, srcCols } = grid;
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (info.samplesPerPixel === 3) {
    const planar = info.planarConfiguration === 1;
    for (let y = 0; y < height; y++) {
      const planes = planar ? [row(srcRows[y], 0), row(srcRows[y], 1), row(srcRows[y], 2)] : null;
      const packed = planar ? null : row(srcRows[y], 0);
      for (let x = 0; x < width; x++) {
        const c = srcCols[x];
        let [a, b, d] = planes ? [planes[0][c], planes[1][c], planes[2][c]] : [packed![c * 3], packed![c * 3 + 1], packed![c * 3 + 2]];
        if (info.photometric === 'YBR_FULL') [a, b, d] = [a + 1.402 * (d - 128), a - 0.344136 * (b - 128) - 0.714136 * (d - 128), a + 1.772 * (b - 128)];
        const o = (y * width + x) * 4;
        rgba[o] = a;
        rgba[o + 1] = b;
        rgba[o + 2] = d;
        rgba[o + 3] = 255;
      }
    }
    return rgba;
  }
  const values = new Float64Array(width * height);
  const wide = info.bitsAllocated === 16;
  const little = info.transferSyntax !== BIG_ENDIAN;
  const mask = info.bitsStored >= 32 ? 0xffffffff : 2 ** info.bitsStored - 1;
  const sign = info.pixelRepresentation === 1 ? 2 ** (info.bitsStored - 1) : 0;
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y++) {
    const bytes = row(srcRows[y], 0);
    for (let x = 0; x < width; x++) {
      const c = srcCols[x];
      let v = wide ? (little ? bytes[c * 2] | (bytes[c * 2 + 1] << 8) : (bytes[c * 2] << 8) | bytes[c * 2 + 1]) : bytes[c];
      v &= mask;
      if (sign && v & sign) v -= 2 * sign;
      const m = v * info.slope + info.intercept;
      values[y * width + x] = m;
      if (m < min) min = m;
      if (m > max) max = m;
    }
  }
  const [lo, hi] = info.windowCenter !== undefined && info.windowWidth !== undefined ? [info.windowCenter - info.windowWidth / 2, info.windowCenter + info.windowWidth / 2] : [min, max];
  const span = hi - lo || 1;
  const invert = info.photometric === 'MONOCHROME1';
  for (let i = 0; i < values.length; i++) {
    let g = Math.round(((values[i] - lo) / span) * 255);
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    if (invert) g = 255 - g;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

const read = async (file: FileLike, start: number, end: number) => new Uint8Array(await file.slice(start, end).arrayBuffer());

async function nativeThumb(file: FileLike, info: ImageInfo, size: number): Promise<Thumb> {
  const why = unsupported(info);
  if (why) return placeholder('unsupported', why);
  const bytesPerSample = info.bitsAllocated / 8;
  const frameBytes = info.rows * info.columns * info.samplesPerPixel * bytesPerSample;
  const defined = info.pixelLength !== 0xffffffff;
  if ((defined && info.pixelLength < frameBytes) || info.pixelOffset + frameBytes > file.size) return placeholder('truncated');
  const grid = sampleGrid(info.rows, info.columns, size);
  const planar = info.samplesPerPixel === 3 && info.planarConfiguration === 1;
  const rowBytes = info.columns * (planar ? 1 : info.samplesPerPixel) * bytesPerSample;
  const rowStart = (r: number, plane: number) => info.pixelOffset + (planar ? plane * info.rows * rowBytes : 0) + r * rowBytes;
  const planes = planar ? [0, 1, 2] : [0];
  if (frameBytes <= WHOLE_FRAME_LIMIT) {
    const frame = await read(file, info.pixelOffset, info.pixelOffset + frameBytes);
    const base = info.pixelOffset;
    return { kind: 'image', width: grid.width, height: grid.height, rgba: renderRows(info, grid, (r, p) => frame.subarray(rowStart(r, p) - base, rowStart(r, p) - base + rowBytes)) };
  }
  const wanted = [...new Set(grid.srcRows)].flatMap((r) => planes.map((p) => [r, p] as const));
  const got = new Map<string, Uint8Array>();
  await Promise.all(wanted.map(async ([r, p]) => got.set(`${r}:${p}`, await read(file, rowStart(r, p), rowStart(r, p) + rowBytes))));
  return { kind: 'image', width: grid.width, height: grid.height, rgba: renderRows(info, grid, (r, p) => got.get(`${r}:${p}`)!) };
}

/** Item tags of encapsulated Pixel Data (always little endian, PS3.5 A.4). */
const ITEM = 0xe000fffe;
const SEQUENCE_END = 0xe0ddfffe;

/** The compressed bytes of the first frame, read fragment by fragment (never the whole file). */
export async function firstFrameBytes(file: FileLike, info: ImageInfo): Promise<Blob | null> {
  let pos = info.pixelOffset;
  const header = async (at: number) => {
    const b = await read(file, at, at + 8);
    if (b.length < 8) return null;
    const v = new DataView(b.buffer, b.byteOffset, 8);
    return { tag: v.getUint32(0, true), length: v.getUint32(4, true) };
  };
  const bot = await header(pos);
  if (!bot || bot.tag !== ITEM) return null;
  pos += 8 + bot.length;
  const pieces: Blob[] = [];
  let total = 0;
  // One fragment per frame is the rule for multi-frame; a single frame may span several.
  while (pieces.length < (info.frames > 1 ? 1 : 64)) {
    const h = await header(pos);
    if (!h || h.tag === SEQUENCE_END) break;
    if (h.tag !== ITEM || pos + 8 + h.length > file.size) return null;
    total += h.length;
    if (total > MAX_COMPRESSED) return null;
    pieces.push(file.slice(pos + 8, pos + 8 + h.length));
    pos += 8 + h.length;
  }
  return pieces.length ? new Blob(pieces) : null;
}

export async function makeThumbnail(file: FileLike, info: ImageInfo | undefined, opts: ThumbOptions = {}): Promise<Thumb> {
  const size = opts.size ?? THUMB_SIZE;
  if (!info) return placeholder('noImage');
  try {
    if (NATIVE_SYNTAXES.has(info.transferSyntax)) return await nativeThumb(file, info, size);
    if (info.transferSyntax === JPEG_BASELINE && opts.decodeJpeg && info.pixelLength === 0xffffffff) {
      const jpeg = await firstFrameBytes(file, info);
      const decoded = jpeg ? await opts.decodeJpeg(jpeg, info, size) : null;
      if (decoded) return decoded;
    }
    return placeholder('compressed');
  } catch (err) {
    return placeholder('error', err instanceof Error ? err.message : String(err));
  }
}

/** At most `n` thumbnails in the making at once (old PCs; CDs seek slowly). */
export function limiter(n: number) {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    // A finished job hands its slot straight to the next in the queue.
    if (running >= n) await new Promise<void>((go) => queue.push(go));
    else running++;
    try {
      return await job();
    } finally {
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  };
}
