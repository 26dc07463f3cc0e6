import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupScan } from '../../renderer/src/features/township/group.js';
import { HEADER_SLICE, scanFiles, type FileLike } from '../../renderer/src/features/township/scan.js';
import { testDataDir } from '../harness/testdata.js';

/**
 * The township scanner (browser code, run here in Node on the same Blob API) against the real
 * files: every malformed sample comes back as data or as unreadable-with-a-reason, never a throw;
 * a well-formed file is read from its header slice only.
 */
function fromDisk(p: string, reads: number[]): FileLike {
  const bytes = fs.readFileSync(p);
  const blob = new Blob([bytes]);
  return {
    name: path.basename(p),
    size: bytes.byteLength,
    path: path.relative(testDataDir(), p),
    slice: (a, b) => {
      reads.push(Math.min(b, bytes.byteLength) - a);
      return blob.slice(a, b);
    },
  };
}

describe('township scan of real files', () => {
  it('flags each malformed sample with a reason or reads its header, without failing the batch', async () => {
    const dir = path.join(testDataDir(), 'malformed');
    const reads: number[] = [];
    const files = fs.readdirSync(dir).map((n) => fromDisk(path.join(dir, n), reads));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const results = await scanFiles(files, () => undefined);
    expect(results).toHaveLength(files.length);
    const by = Object.fromEntries(results.map((r) => [r.file.name, r]));
    expect(by['derived_empty_0b.dcm']).toMatchObject({ kind: 'unreadable', reason: { code: 'empty' } });
    expect(by['derived_not_dicom.txt.dcm']).toMatchObject({ kind: 'unreadable', reason: { code: 'notDicom' } });
    expect(by['fodicom_CR-MONO1-10-chest_no_part10_header.dcm']).toMatchObject({ kind: 'unreadable', reason: { code: 'notDicom' } });
    expect(by['pydicom_meta_missing_tsyntax.dcm']).toMatchObject({ kind: 'unreadable', reason: { code: 'parse' } });
    // Markup in the patient name is data, shown as text by React (never as HTML).
    expect(by['orthanc_2017-06-27-XSSInjection.dcm'].kind).toBe('dicom');
    for (const r of results) if (r.kind === 'unreadable' && 'detail' in r.reason) expect(r.reason.detail).toMatch(/^(?!\[object).{6,}/);
    // A Study Instance UID the hub would refuse is caught here, before the exam request.
    expect(by['pydicom_bad_sequence.dcm']).toMatchObject({ kind: 'unreadable', reason: { code: 'badUid' } });
  });

  it('reads only the header slice of a well-formed file and groups by study', async () => {
    const reads: number[] = [];
    const files = ['radiograph/dx-for-presentation-small.dcm', 'radiograph/cr-mono1-jpeg-baseline.dcm', 'radiograph/cr-hip-RG2/RG2_UNC.dcm'].map((p) => fromDisk(path.join(testDataDir(), p), reads));
    const summary = groupScan(await scanFiles(files, () => undefined));
    expect(summary.unreadable).toEqual([]);
    expect(summary.studies).toHaveLength(3);
    expect(Math.max(...reads)).toBeLessThanOrEqual(HEADER_SLICE);
    const cr = summary.studies.find((s) => s.modalities.includes('CR') && s.bytes > 7_000_000)!;
    expect(cr.instanceCount).toBe(1);
  });
});
