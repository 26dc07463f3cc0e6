import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import dicomParser from 'dicom-parser';
import { scanFile, type DicomHeader, type FileLike } from '../../renderer/src/features/township/scan.js';
import { readImageInfo } from '../../renderer/src/features/township/imageInfo.js';
import { makeThumbnail, THUMB_SIZE, type Thumb, type ThumbOptions } from '../../renderer/src/features/township/thumbnail.js';
import { testDataDir } from '../harness/testdata.js';
import { nodeCodecs } from './township-codecs.js';

/**
 * Upload thumbnails (browser code, run here in Node on the same Blob API) against dcmtk's
 * rendering of the same files (dcm2pnm, same window, scaled without interpolation): a picture
 * compared with a reference, within a tolerance. Also: a large file is read only in the rows the
 * thumbnail samples, and compressed or image-less files get the right placeholder.
 *
 * Compressed files go through Cornerstone's decoders (compressedThumb.ts, the code the upload
 * screen's worker runs; see township-codecs.ts); the worker itself runs in Chromium in
 * township.test.ts (its last two tests).
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'township-thumbs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const { codecs, dispose } = nodeCodecs();
afterAll(dispose);

function fromDisk(rel: string, reads: number[] = []): FileLike {
  const bytes = fs.readFileSync(path.join(testDataDir(), rel));
  const blob = new Blob([bytes]);
  return {
    name: path.basename(rel),
    size: bytes.byteLength,
    path: rel,
    slice: (a, b) => {
      reads.push(Math.min(b, bytes.byteLength) - a);
      return blob.slice(a, b);
    },
  };
}

async function header(file: FileLike): Promise<DicomHeader> {
  const r = await scanFile(file);
  if (r.kind !== 'dicom') throw new Error(`${file.path}: ${r.kind}`);
  return r.header;
}

/**
 * dcmtk's picture of the file at the thumbnail's size: 8-bit PGM (grey) or PPM (colour) pixels.
 * dcm2pnm reads native and RLE, dcmj2pnm JPEG, dcml2pnm JPEG-LS; none reads JPEG 2000.
 */
function dcmtkPicture(rel: string, thumb: Extract<Thumb, { kind: 'image' }>, window: '+Wm' | '+Wi', tool = 'dcm2pnm'): Uint8Array {
  const out = path.join(tmp, `${path.basename(rel)}.pnm`);
  const scale = thumb.width >= thumb.height ? ['+Sxv', String(thumb.width)] : ['+Syv', String(thumb.height)];
  execFileSync(tool, ['-q', '--write-raw-pnm', ...(window === '+Wi' ? ['+Wi', '1'] : ['+Wm']), '-i', ...scale, path.join(testDataDir(), rel), out]);
  const pnm = fs.readFileSync(out);
  // P5|P6\n<w> <h>\n<max>\n<pixels>, possibly with comment lines.
  const text = pnm.subarray(0, 200).toString('latin1');
  const m = /^P([56])\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!m) throw new Error(`unexpected ${tool} output for ${rel}`);
  expect([Number(m[2]), Number(m[3])]).toEqual([thumb.width, thumb.height]);
  const pixels = new Uint8Array(pnm.subarray(m[0].length));
  if (m[1] === '5') return pixels;
  // Colour: the mean of R, G and B per pixel, compared with the thumbnail's likewise.
  return Uint8Array.from({ length: pixels.length / 3 }, (_, i) => Math.round((pixels[i * 3] + pixels[i * 3 + 1] + pixels[i * 3 + 2]) / 3));
}

/** Grey level of thumbnail pixel i (the mean of R, G and B; equal for monochrome). */
const grey = (t: Extract<Thumb, { kind: 'image' }>, i: number) => Math.round((t.rgba[i * 4] + t.rgba[i * 4 + 1] + t.rgba[i * 4 + 2]) / 3);

function meanDifference(thumb: Extract<Thumb, { kind: 'image' }>, reference: Uint8Array): number {
  expect(reference.length).toBe(thumb.width * thumb.height);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) sum += Math.abs(grey(thumb, i) - reference[i]);
  return sum / reference.length;
}

async function image(rel: string, reads?: number[], opts: ThumbOptions = {}) {
  const file = fromDisk(rel, reads);
  const h = await header(file);
  if (reads) reads.length = 0;
  const thumb = await makeThumbnail(file, h.image, opts);
  if (thumb.kind !== 'image') throw new Error(`${rel}: ${thumb.reason} ${thumb.detail ?? ''}`);
  return { file, thumb };
}

describe('township upload thumbnails', () => {
  it('a 7.5 MB CR is drawn from the sampled rows only, and looks like dcmtk’s rendering with the file’s window', async () => {
    const reads: number[] = [];
    const { file, thumb } = await image('radiograph/cr-hip-RG2/RG2_UNC.dcm', reads);
    expect(Math.max(thumb.width, thumb.height)).toBe(THUMB_SIZE);
    const read = reads.reduce((a, b) => a + b, 0);
    expect(read).toBeLessThan(file.size / 10);
    expect(reads).toHaveLength(thumb.height);
    expect(meanDifference(thumb, dcmtkPicture('radiograph/cr-hip-RG2/RG2_UNC.dcm', thumb, '+Wi'))).toBeLessThan(6);
  });

  it('MONOCHROME1 is inverted; big endian and signed CT read right (same picture as implicit little endian, and as dcmtk)', async () => {
    const dx = await image('radiograph/dx-for-presentation-small.dcm');
    expect(meanDifference(dx.thumb, dcmtkPicture('radiograph/dx-for-presentation-small.dcm', dx.thumb, '+Wi'))).toBeLessThan(6);
    const be = await image('transfer-syntax/CT1_explicit_big_endian.dcm');
    const le = await image('transfer-syntax/CT1_implicit_little_endian.dcm');
    expect(be.thumb.rgba).toEqual(le.thumb.rgba);
    // No window in the file: min/max over the sampled pixels only (dcmtk takes every pixel), hence a looser bound.
    expect(meanDifference(le.thumb, dcmtkPicture('transfer-syntax/CT1_implicit_little_endian.dcm', le.thumb, '+Wm'))).toBeLessThan(12);
    // Not a flat picture: the window was applied to real data.
    const grays = new Set<number>();
    for (let i = 0; i < le.thumb.rgba.length; i += 4) grays.add(le.thumb.rgba[i]);
    expect(grays.size).toBeGreaterThan(50);
  });

  it('compressed files without a decoder, files without an image and a truncated frame get a placeholder with the reason', async () => {
    const thumbOf = async (rel: string) => {
      const file = fromDisk(rel);
      return makeThumbnail(file, (await header(file)).image);
    };
    await expect(thumbOf('radiograph/cr-hip-RG2/RG2_J2KR.dcm')).resolves.toEqual({ kind: 'placeholder', reason: 'compressed' });
    await expect(thumbOf('radiograph/cr-hip-RG2/RG2_JPLY.dcm')).resolves.toEqual({ kind: 'placeholder', reason: 'compressed' });
    await expect(thumbOf('ecg/waveform_ecg_12lead.dcm')).resolves.toEqual({ kind: 'placeholder', reason: 'noImage' });
    await expect(thumbOf('malformed/derived_ct_slice_truncated_50pct.dcm')).resolves.toEqual({ kind: 'placeholder', reason: 'truncated' });
    await expect(thumbOf('malformed/orthanc_2026-05-26-oob-monochrome-65535.dcm')).resolves.toMatchObject({ kind: 'placeholder' });
  });

  it('every compressed transfer syntax in the test data is decoded for the thumbnail: lossless ones equal the uncompressed file’s, the rest look like dcmtk’s rendering', async () => {
    // The CR hip in every encoding: lossless decodes give the very pixels of the uncompressed copy.
    const unc = (await image('radiograph/cr-hip-RG2/RG2_UNC.dcm')).thumb;
    for (const rel of ['RG2_JLSL.dcm', 'RG2_JPLL.dcm', 'RG2_J2KR.dcm', 'RG2_RLE.dcm']) {
      const { thumb } = await image(`radiograph/cr-hip-RG2/${rel}`, undefined, codecs);
      expect(thumb.rgba, rel).toEqual(unc.rgba);
    }
    // Lossy and near-lossless against dcmtk's own decoders, at full size (no sampling to differ by): the decode itself.
    const against = async (rel: string, tool: string, window: '+Wi' | '+Wm' = '+Wi') => {
      const file = fromDisk(rel);
      const info = (await header(file)).image!;
      const thumb = await makeThumbnail(file, info, { ...codecs, size: Math.max(info.rows, info.columns) });
      if (thumb.kind !== 'image') throw new Error(`${rel}: ${thumb.reason} ${thumb.detail ?? ''}`);
      expect([thumb.width, thumb.height]).toEqual([info.columns, info.rows]);
      return meanDifference(thumb, dcmtkPicture(rel, thumb, window, tool));
    };
    expect(await against('radiograph/cr-hip-RG2/RG2_JLSN.dcm', 'dcml2pnm')).toBeLessThan(1);
    // MONOCHROME1 chest, 15 bit, JPEG-LS near-lossless.
    expect(await against('radiograph/cr-chest-RG1/RG1_JLSN.dcm', 'dcml2pnm')).toBeLessThan(1);
    // 12-bit JPEG extended: Cornerstone's JS decoder comes out uniformly 4 grey levels (≈16 stored values
    // in this 1024-wide window) brighter than dcmtk's libijg12, whose picture matches the uncompressed
    // original; the viewer uses the same decoder. Bounded here so that a larger error still fails.
    expect(await against('radiograph/cr-hip-RG2/RG2_JPLY.dcm', 'dcmj2pnm')).toBeLessThan(5);
    // JPEG baseline through the codec (the app tries the browser's decoder first), MONOCHROME1, and
    // 8 YBR frames in split fragments without an offset table (the first frame's fragments end at FFD9).
    expect(await against('radiograph/cr-mono1-jpeg-baseline.dcm', 'dcmj2pnm')).toBeLessThan(2);
    expect(await against('transfer-syntax/US_8frames_jpeg_baseline_fragmented_nobot.dcm', 'dcmj2pnm', '+Wm')).toBeLessThan(2);
    // JPEG 2000 lossy (dcmtk has no JPEG 2000 decoder): against the uncompressed hip and the near-lossless chest.
    const j2kHip = (await image('radiograph/cr-hip-RG2/RG2_J2KI.dcm', undefined, codecs)).thumb;
    expect(meanDifference(j2kHip, dcmtkPicture('radiograph/cr-hip-RG2/RG2_UNC.dcm', j2kHip, '+Wi'))).toBeLessThan(6);
    const j2kChest = (await image('radiograph/cr-chest-RG1/RG1_J2KI.dcm', undefined, codecs)).thumb;
    const jlsChest = (await image('radiograph/cr-chest-RG1/RG1_JLSN.dcm', undefined, codecs)).thumb;
    expect(meanDifference(j2kChest, Uint8Array.from({ length: jlsChest.width * jlsChest.height }, (_, i) => jlsChest.rgba[i * 4]))).toBeLessThan(3);
  });

  it('HTJ2K colour (lossless and lossy) is decoded; the two encodings of one picture agree', async () => {
    // These samples lack a Series Instance UID, so the scanner refuses them for upload; their pixels are read directly here.
    const thumbOf = async (rel: string) => {
      const bytes = fs.readFileSync(path.join(testDataDir(), rel));
      const ds = dicomParser.parseDicom(new Uint8Array(bytes));
      const parsed = readImageInfo(ds, ds.string('x00020010')!.trim());
      // A whole-file parse walks the fragments; the scanner stops at Pixel Data, whose length is then "undefined".
      expect(ds.elements.x7fe00010.encapsulatedPixelData).toBe(true);
      const info = parsed && { ...parsed, pixelLength: 0xffffffff };
      const blob = new Blob([bytes]);
      const t = await makeThumbnail({ name: rel, size: bytes.length, path: rel, slice: (a, b) => blob.slice(a, b) }, info, codecs);
      if (t.kind !== 'image') throw new Error(`${rel}: ${t.reason} ${t.detail ?? ''}`);
      return t;
    };
    const lossless = await thumbOf('transfer-syntax/HTJ2KLossless_08_RGB.dcm');
    const lossy = await thumbOf('transfer-syntax/HTJ2K_08_RGB.dcm');
    expect([lossless.width, lossless.height]).toEqual([96, 72]);
    const ref = Uint8Array.from({ length: lossless.width * lossless.height }, (_, i) => grey(lossless, i));
    expect(meanDifference(lossy, ref)).toBeLessThan(4);
    // Colour, not grey: some pixels have R, G and B far apart.
    let coloured = 0;
    for (let i = 0; i < lossless.rgba.length; i += 4) if (Math.max(Math.abs(lossless.rgba[i] - lossless.rgba[i + 1]), Math.abs(lossless.rgba[i + 1] - lossless.rgba[i + 2])) > 30) coloured++;
    expect(coloured).toBeGreaterThan(100);
  });
});
