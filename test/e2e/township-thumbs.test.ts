import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile, type DicomHeader, type FileLike } from '../../renderer/src/features/township/scan.js';
import { makeThumbnail, THUMB_SIZE, type Thumb } from '../../renderer/src/features/township/thumbnail.js';
import { testDataDir } from '../harness/testdata.js';

/**
 * Upload thumbnails (browser code, run here in Node on the same Blob API) against dcmtk's
 * rendering of the same files (dcm2pnm, same window, scaled without interpolation): a picture
 * compared with a reference, within a tolerance. Also: a large file is read only in the rows the
 * thumbnail samples, and compressed or image-less files get the right placeholder.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'township-thumbs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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

/** dcmtk's picture of the file at the thumbnail's size: 8-bit PGM pixels. */
function dcmtkPicture(rel: string, thumb: Extract<Thumb, { kind: 'image' }>, window: '+Wm' | '+Wi'): Uint8Array {
  const out = path.join(tmp, `${path.basename(rel)}.pgm`);
  const scale = thumb.width >= thumb.height ? ['+Sxv', String(thumb.width)] : ['+Syv', String(thumb.height)];
  execFileSync('dcm2pnm', ['-q', '--write-raw-pnm', ...(window === '+Wi' ? ['+Wi', '1'] : ['+Wm']), '-i', ...scale, path.join(testDataDir(), rel), out]);
  const pgm = fs.readFileSync(out);
  // P5\n<w> <h>\n<max>\n<pixels>, possibly with comment lines.
  const text = pgm.subarray(0, 200).toString('latin1');
  const m = /^P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!m) throw new Error(`unexpected dcm2pnm output for ${rel}`);
  expect([Number(m[1]), Number(m[2])]).toEqual([thumb.width, thumb.height]);
  return new Uint8Array(pgm.subarray(m[0].length));
}

function meanDifference(thumb: Extract<Thumb, { kind: 'image' }>, reference: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) sum += Math.abs(thumb.rgba[i * 4] - reference[i]);
  return sum / reference.length;
}

async function image(rel: string, reads?: number[]) {
  const file = fromDisk(rel, reads);
  const h = await header(file);
  if (reads) reads.length = 0;
  const thumb = await makeThumbnail(file, h.image);
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

  it('compressed files, files without an image and a truncated frame get a placeholder with the reason', async () => {
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
});
