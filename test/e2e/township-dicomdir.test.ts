import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDicomdirs, readDicomdir } from '../../renderer/src/features/township/dicomdir.js';
import { groupScan } from '../../renderer/src/features/township/group.js';
import { scanFiles, type FileLike } from '../../renderer/src/features/township/scan.js';
import { dataFile } from '../harness/testdata.js';

/**
 * A CD with a DICOMDIR written by dcmtk's dcmmkdir at test time (from the shared radiographs, in a
 * temp dir; nothing committed). Then the CD is "damaged" the way copies are: one referenced file
 * removed, one renamed to lower case, one unlisted file added. The township scan (browser code on
 * Node's Blob API) reads the DICOMDIR, matches its Referenced File IDs without regard to case,
 * flags the missing one, and still finds the unlisted file.
 */
let root: string;

function walk(dir: string, base: string, out: FileLike[] = []): FileLike[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out);
    else {
      const blob = new Blob([fs.readFileSync(p)]);
      out.push({ name: e.name, size: blob.size, path: path.relative(base, p).split(path.sep).join('/'), slice: (a, b) => blob.slice(a, b) });
    }
  }
  return out;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'township-dicomdir-'));
  const cd = path.join(root, 'CD');
  fs.mkdirSync(path.join(cd, 'IMAGES', 'SUB'), { recursive: true });
  fs.copyFileSync(dataFile('radiograph/dx-for-presentation-small.dcm'), path.join(cd, 'IMAGES', 'IM000001'));
  fs.copyFileSync(dataFile('radiograph/cr-mono1-jpeg-baseline.dcm'), path.join(cd, 'IMAGES', 'SUB', 'IM000002'));
  fs.copyFileSync(dataFile('transfer-syntax/MR_small_bigendian.dcm'), path.join(cd, 'IMAGES', 'IM000003'));
  // General-purpose profile, recurse, invent missing type 1 keys, accept the JPEG file's syntax.
  execFileSync('dcmmkdir', ['-q', '+r', '-Pgp', '+I', '-Nxc', 'IMAGES'], { cwd: cd });
  fs.rmSync(path.join(cd, 'IMAGES', 'IM000003'));
  fs.renameSync(path.join(cd, 'IMAGES', 'SUB', 'IM000002'), path.join(cd, 'IMAGES', 'SUB', 'im000002'));
  fs.mkdirSync(path.join(cd, 'EXTRA'));
  fs.copyFileSync(dataFile('transfer-syntax/CT1_implicit_little_endian.dcm'), path.join(cd, 'EXTRA', 'ct.dcm'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('township upload from a CD with a DICOMDIR', () => {
  it('reads the DICOMDIR, flags the referenced file that is missing, matches case-insensitively and keeps unlisted files', async () => {
    const files = walk(root, root);
    const results = await scanFiles(files, () => undefined);
    const summary = groupScan(results);
    expect(summary.dicomdirs.map((f) => f.path)).toEqual(['CD/DICOMDIR']);
    const read = await readDicomdir(summary.dicomdirs[0]);
    expect(read.error).toBeUndefined();
    expect(read.fileIds.map((id) => id.join('\\')).sort()).toEqual(['IMAGES\\IM000001', 'IMAGES\\IM000003', 'IMAGES\\SUB\\IM000002']);
    expect(checkDicomdirs([read], files, results)).toEqual([{ path: 'CD/DICOMDIR', listed: 3, found: 2, missing: ['IMAGES\\IM000003'], unlisted: 1 }]);
    // Every DICOM file present is found and grouped, listed or not: DX, CR and the unlisted CT.
    expect(summary.studies.flatMap((s) => s.modalities).sort()).toEqual(['CR', 'CT', 'DX']);
    expect(summary.unreadable).toEqual([]);
  });

  it('reports a damaged DICOMDIR with the reason instead of failing', async () => {
    const bytes = fs.readFileSync(path.join(root, 'CD', 'DICOMDIR')).subarray(0, 600);
    const blob = new Blob([bytes]);
    const read = await readDicomdir({ name: 'DICOMDIR', size: blob.size, path: 'CD/DICOMDIR', slice: (a, b) => blob.slice(a, b) });
    expect(read.error).toMatch(/.{6,}/);
    expect(checkDicomdirs([read], [], [])[0]).toMatchObject({ listed: 0, error: read.error });
  });
});
