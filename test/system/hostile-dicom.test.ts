import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DicomRejection, parseInstance } from '../../server/dicomweb/dicom/parse.js';
import { dataFile } from '../harness/testdata.js';

/**
 * Mutations of real files into the ingest parser: every outcome is either a parsed instance or a
 * DicomRejection with a reason — never another exception, never a hang. Deterministic (seeded).
 */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SOURCES = ['ct-series/pancreas-ct-cb-001/1-001.dcm', 'radiograph/dx-for-presentation-small.dcm', 'ecg/waveform_ecg_12lead.dcm', 'sr/comprehensive-sr-dcmtk-test.dcm'];

function mutations(bytes: Uint8Array, seed: number): Array<{ name: string; bytes: Uint8Array }> {
  const r = rng(seed);
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  for (let i = 0; i < 12; i++) {
    const cut = Math.floor(r() * bytes.length);
    out.push({ name: `truncate@${cut}`, bytes: bytes.slice(0, cut) });
  }
  // Flip bytes in the first 2 KiB, where the tags and length fields are.
  for (let i = 0; i < 20; i++) {
    const b = bytes.slice();
    const at = 132 + Math.floor(r() * Math.min(2048, b.length - 140));
    b[at] ^= 0xff;
    b[at + 1] ^= 0x7f;
    out.push({ name: `flip@${at}`, bytes: b });
  }
  // Huge declared lengths: overwrite 4 bytes after a tag with 0xFFFFFFF0.
  for (let i = 0; i < 10; i++) {
    const b = bytes.slice();
    const at = 140 + Math.floor(r() * Math.min(4096, b.length - 150));
    b.set([0xf0, 0xff, 0xff, 0xff], at);
    out.push({ name: `hugelen@${at}`, bytes: b });
  }
  return out;
}

function classify(bytes: Uint8Array): 'parsed' | 'rejected' {
  try {
    parseInstance(bytes);
    return 'parsed';
  } catch (err) {
    if (err instanceof DicomRejection) {
      expect(err.message.length).toBeGreaterThan(3);
      return 'rejected';
    }
    throw new Error(`parser threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
}

describe('hostile DICOM into the ingest parser', () => {
  for (const [i, rel] of SOURCES.entries()) {
    it(`${rel}: 42 mutations each parse or are rejected with a reason, fast`, () => {
      const original = new Uint8Array(fs.readFileSync(dataFile(rel)));
      expect(classify(original)).toBe('parsed');
      const seen = { parsed: 0, rejected: 0 };
      for (const m of mutations(original, 1000 + i)) {
        const t0 = performance.now();
        let outcome: 'parsed' | 'rejected';
        try {
          outcome = classify(m.bytes);
        } catch (err) {
          throw new Error(`${rel} ${m.name}: ${(err as Error).message}`);
        }
        // A bound against hangs, generous for a loaded 2-core machine (this is not a speed test).
        expect(performance.now() - t0, `${m.name} took too long`).toBeLessThan(5000);
        seen[outcome]++;
      }
      expect(seen.rejected).toBeGreaterThan(0);
    });
  }

  it('a file declaring 65535×65535 pixels with no pixel data, and scripts in text fields, are handled', () => {
    const huge = new Uint8Array(fs.readFileSync(dataFile('malformed/orthanc_2026-05-26-oob-monochrome-65535.dcm')));
    expect(['parsed', 'rejected']).toContain(classify(huge));
    const xss = new Uint8Array(fs.readFileSync(dataFile('malformed/orthanc_2017-06-27-XSSInjection.dcm')));
    expect(['parsed', 'rejected']).toContain(classify(xss));
  });
});
