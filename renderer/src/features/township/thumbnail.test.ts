import { describe, expect, it } from 'vitest';
import { BIG_ENDIAN, JPEG_BASELINE, type ImageInfo } from './imageInfo.js';
import type { FileLike } from './scan.js';
import { firstFrameBytes, limiter, makeThumbnail, renderRows, sampleGrid } from './thumbnail.js';

// Synthetic pixels (the real files against dcmtk are in test/e2e/township-thumbs.test.ts).
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const base: ImageInfo = {
  transferSyntax: EXPLICIT_LE,
  rows: 2,
  columns: 2,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  pixelRepresentation: 0,
  photometric: 'MONOCHROME2',
  planarConfiguration: 0,
  frames: 1,
  slope: 1,
  intercept: 0,
  pixelOffset: 0,
  pixelLength: 8,
};

/** Grey levels of a rendered RGBA thumbnail (R channel). */
const grays = (rgba: Uint8ClampedArray) => [...rgba].filter((_, i) => i % 4 === 0);
const render = (info: ImageInfo, bytes: number[]) => {
  const data = Uint8Array.from(bytes);
  const rowBytes = data.length / info.rows / (info.planarConfiguration === 1 ? 3 : 1);
  return renderRows(info, sampleGrid(info.rows, info.columns, 96), (r, p) => data.subarray((p * info.rows + r) * rowBytes, (p * info.rows + r + 1) * rowBytes));
};
const fileOf = (bytes: Uint8Array<ArrayBuffer>): FileLike => ({ name: 'f', size: bytes.length, path: 'f', slice: (a, b) => new Blob([bytes]).slice(a, b) });

describe('sampleGrid', () => {
  it('keeps the aspect, never enlarges, and samples pixel centres', () => {
    expect(sampleGrid(2140, 1760)).toMatchObject({ width: 78, height: 96 });
    expect(sampleGrid(10, 20)).toMatchObject({ width: 20, height: 10 });
    const g = sampleGrid(960, 960);
    expect(g.srcRows.slice(0, 3)).toEqual([5, 15, 25]);
    expect(g.srcRows.at(-1)).toBe(955);
  });
});

describe('renderRows', () => {
  it('windows with min/max, or with the window from the file; inverts MONOCHROME1', () => {
    // 0, 100, 200, 256 over min/max 0…256.
    expect(grays(render(base, [0, 0, 100, 0, 200, 0, 0, 1]))).toEqual([0, 100, 199, 255]);
    expect(grays(render({ ...base, windowCenter: 100, windowWidth: 100 }, [0, 0, 100, 0, 200, 0, 0, 1]))).toEqual([0, 128, 255, 255]);
    expect(grays(render({ ...base, photometric: 'MONOCHROME1' }, [0, 0, 100, 0, 200, 0, 0, 1]))).toEqual([255, 155, 56, 0]);
  });

  it('reads signed values under Bits Stored, big endian, and applies the rescale', () => {
    // 12 bits stored, signed: 0x0FFF is -1, 0x0800 is -2048; the high nibble is not pixel data.
    const signed = { ...base, bitsStored: 12, pixelRepresentation: 1, slope: 2, intercept: 10 };
    expect(grays(render(signed, [0xff, 0xff, 0x00, 0x08, 0x01, 0x00, 0xff, 0x07]))).toEqual([127, 0, 128, 255]);
    const be = { ...base, transferSyntax: BIG_ENDIAN };
    expect(grays(render(be, [0, 0, 0, 100, 0, 200, 1, 0]))).toEqual([0, 100, 199, 255]);
  });

  it('draws RGB by pixel and by plane alike, and converts YBR_FULL', () => {
    const rgb = { ...base, rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, photometric: 'RGB' };
    const packed = render(rgb, [255, 0, 0, 0, 0, 255]);
    expect([...packed]).toEqual([255, 0, 0, 255, 0, 0, 255, 255]);
    expect([...render({ ...rgb, planarConfiguration: 1 }, [255, 0, 0, 0, 0, 255])]).toEqual([...packed]);
    // Y=128, Cb=Cr=128 is mid grey.
    expect([...render({ ...rgb, photometric: 'YBR_FULL' }, [128, 128, 128, 128, 128, 128])].slice(0, 3)).toEqual([128, 128, 128]);
  });
});

describe('makeThumbnail', () => {
  it('says why there is no picture: compressed, unsupported, truncated, no image', async () => {
    const f = fileOf(new Uint8Array(8));
    await expect(makeThumbnail(f, { ...base, transferSyntax: '1.2.840.10008.1.2.4.90' })).resolves.toEqual({ kind: 'placeholder', reason: 'compressed' });
    await expect(makeThumbnail(f, { ...base, photometric: 'PALETTE COLOR' })).resolves.toMatchObject({ kind: 'placeholder', reason: 'unsupported' });
    await expect(makeThumbnail(f, { ...base, rows: 4 })).resolves.toEqual({ kind: 'placeholder', reason: 'truncated' });
    await expect(makeThumbnail(f, undefined)).resolves.toEqual({ kind: 'placeholder', reason: 'noImage' });
  });

  it('hands the first JPEG frame (fragments after the offset table) to the decoder and falls back when it cannot', async () => {
    // Item (FFFE,E000) len 4 = offset table; two fragments; sequence delimiter.
    const item = (len: number) => [0xfe, 0xff, 0x00, 0xe0, len & 0xff, (len >> 8) & 0xff, 0, 0];
    const bytes = Uint8Array.from([...item(4), 0, 0, 0, 0, ...item(2), 0xff, 0xd8, ...item(2), 0xff, 0xd9, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    const info = { ...base, transferSyntax: JPEG_BASELINE, bitsAllocated: 8, pixelLength: 0xffffffff };
    const jpeg = await firstFrameBytes(fileOf(bytes), info);
    expect([...new Uint8Array(await jpeg!.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    const seen: number[] = [];
    const decoded = await makeThumbnail(fileOf(bytes), info, { decodeJpeg: async (b) => (seen.push(b.size), { kind: 'image', width: 1, height: 1, rgba: new Uint8ClampedArray(4) }) });
    expect(decoded.kind).toBe('image');
    expect(seen).toEqual([4]);
    await expect(makeThumbnail(fileOf(bytes), info, { decodeJpeg: async () => null })).resolves.toEqual({ kind: 'placeholder', reason: 'compressed' });
  });
});

describe('limiter', () => {
  it('runs at most n jobs at once and all of them in the end', async () => {
    const run = limiter(2);
    let now = 0;
    let peak = 0;
    const job = async (i: number) => {
      peak = Math.max(peak, ++now);
      await new Promise((r) => setTimeout(r, 2));
      now--;
      return i;
    };
    await expect(Promise.all([1, 2, 3, 4, 5].map((i) => run(() => job(i))))).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
