import { BIG_ENDIAN, JPEG_BASELINE, NATIVE_SYNTAXES, type ImageInfo } from './imageInfo.js';
import type { FileLike } from './scan.js';

/**
 * A series thumbnail for the upload review (about 96 px), made from the first image's pixels
 * without reading the file whole: a small frame is read in one slice, a large one (a 15 MB CR)
 * row by row, only the rows the thumbnail samples. Native (uncompressed) monochrome and RGB are
 * windowed here (window from the file, else min/max of the sampled pixels). Compressed files: the
 * first frame's fragments are gathered (at most 16 MB) and handed to the caller's decoders — the
 * browser's own for JPEG baseline, Cornerstone's codecs in a worker for the rest
 * (compressedThumb.ts) — and a placeholder says why when neither can.
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
  /** Decodes the first frame of any syntax in DECODABLE_SYNTAXES (the codecs); null when it cannot. */
  decodeCompressed?: (frame: Blob, info: ImageInfo, size: number) => Promise<Thumb | null>;
}

/** Compressed transfer syntaxes Cornerstone's decoders read (PS3.5 §8, §10; PS3.6 Table A-1). */
export const DECODABLE_SYNTAXES = new Set([
  JPEG_BASELINE,
  '1.2.840.10008.1.2.4.51', // JPEG extended (12-bit)
  '1.2.840.10008.1.2.4.57', // JPEG lossless
  '1.2.840.10008.1.2.4.70', // JPEG lossless SV1
  '1.2.840.10008.1.2.4.80', // JPEG-LS lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS near-lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.4.201', // HTJ2K lossless
  '1.2.840.10008.1.2.4.202', // HTJ2K lossless RPCL
  '1.2.840.10008.1.2.4.203', // HTJ2K
  '1.2.840.10008.1.2.5', // RLE lossless
]);

/** A decoded first frame larger than this many samples is not decoded for a thumbnail (memory on old PCs). */
export const MAX_DECODED_SAMPLES = 48 * 1024 * 1024;

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

/** One stored sample of source pixel (r, c), sample s (0 for monochrome), before the modality LUT. */
export type SampleAt = (r: number, c: number, s: number) => number;

/**
 * Renders the sampled pixels to RGBA: colour as is (YBR_FULL converted), monochrome through the
 * modality LUT and the window (from the file, else min/max of the sampled pixels).
 */
export function renderSamples(info: ImageInfo, grid: ReturnType<typeof sampleGrid>, sample: SampleAt): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, srcRows, srcCols } = grid;
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (info.samplesPerPixel === 3) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [r, c] = [srcRows[y], srcCols[x]];
        let [a, b, d] = [sample(r, c, 0), sample(r, c, 1), sample(r, c, 2)];
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
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const m = sample(srcRows[y], srcCols[x], 0) * info.slope + info.intercept;
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

/**
 * Renders sampled rows of native pixel data to RGBA. `row(r, plane)` gives the bytes of source
 * row r (of one colour plane when the planar configuration is 1, else of all samples).
 */
export function renderRows(info: ImageInfo, grid: ReturnType<typeof sampleGrid>, row: (r: number, plane: number) => Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  if (info.samplesPerPixel === 3) {
    const planar = info.planarConfiguration === 1;
    return renderSamples(info, grid, (r, c, s) => (planar ? row(r, s)[c] : row(r, 0)[c * 3 + s]));
  }
  const wide = info.bitsAllocated === 16;
  const little = info.transferSyntax !== BIG_ENDIAN;
  const mask = info.bitsStored >= 32 ? 0xffffffff : 2 ** info.bitsStored - 1;
  const sign = info.pixelRepresentation === 1 ? 2 ** (info.bitsStored - 1) : 0;
  return renderSamples(info, grid, (r, c) => {
    const bytes = row(r, 0);
    let v = wide ? (little ? bytes[c * 2] | (bytes[c * 2 + 1] << 8) : (bytes[c * 2] << 8) | bytes[c * 2 + 1]) : bytes[c];
    v &= mask;
    if (sign && v & sign) v -= 2 * sign;
    return v;
  });
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

/** Whether a fragment's last bytes close a JPEG-family codestream (FFD9, maybe one pad byte after). */
const endsFrame = (tail: Uint8Array) => {
  const n = tail.length;
  return (n >= 2 && tail[n - 2] === 0xff && tail[n - 1] === 0xd9) || (n >= 3 && tail[n - 3] === 0xff && tail[n - 2] === 0xd9 && tail[n - 1] === 0);
};

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
  // A single frame may span every fragment. In a multi-frame file a frame may span several too (no
  // offset table to say where): its JPEG/JPEG-LS/JPEG 2000 stream ends with the EOI/EOC marker FFD9
  // (then at most one pad byte); RLE keeps one fragment per frame.
  const multi = info.frames > 1;
  const rle = info.transferSyntax === '1.2.840.10008.1.2.5';
  while (pieces.length < 1024) {
    const h = await header(pos);
    if (!h || h.tag === SEQUENCE_END) break;
    if (h.tag !== ITEM || pos + 8 + h.length > file.size) return null;
    total += h.length;
    if (total > MAX_COMPRESSED) return null;
    pieces.push(file.slice(pos + 8, pos + 8 + h.length));
    pos += 8 + h.length;
    if (multi && (rle || endsFrame(await read(file, pos - Math.min(3, h.length), pos)))) break;
  }
  return pieces.length ? new Blob(pieces) : null;
}

export async function makeThumbnail(file: FileLike, info: ImageInfo | undefined, opts: ThumbOptions = {}): Promise<Thumb> {
  const size = opts.size ?? THUMB_SIZE;
  if (!info) return placeholder('noImage');
  try {
    if (NATIVE_SYNTAXES.has(info.transferSyntax)) return await nativeThumb(file, info, size);
    if (info.pixelLength !== 0xffffffff || !DECODABLE_SYNTAXES.has(info.transferSyntax)) return placeholder('compressed');
    if (info.rows * info.columns * info.samplesPerPixel > MAX_DECODED_SAMPLES) return placeholder('compressed', `${info.columns}×${info.rows}`);
    const useJpeg = info.transferSyntax === JPEG_BASELINE && opts.decodeJpeg;
    if (!useJpeg && !opts.decodeCompressed) return placeholder('compressed');
    const frame = await firstFrameBytes(file, info);
    if (!frame) return placeholder('compressed');
    const decoded = (useJpeg ? await opts.decodeJpeg!(frame, info, size) : null) ?? (opts.decodeCompressed ? await opts.decodeCompressed(frame, info, size) : null);
    return decoded ?? placeholder('compressed');
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
