import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgError, readEcgFromPart10 } from '../../shared/ecg/index.js';
import { dataFile, dicomFiles, testDataDir } from '../harness/testdata.js';

/**
 * The township upload preview reads whatever a clinic sends. Every malformed, non-waveform or
 * truncated file must give a typed EcgError with a localised message, never another exception.
 */
function outcome(bytes: Uint8Array): string {
  try {
    const r = readEcgFromPart10(bytes);
    return `ok:${r.isEcg}`;
  } catch (e) {
    if (!(e instanceof EcgError)) throw e;
    expect(e.localized('zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    return e.code;
  }
}

describe('ECG reader on hostile and non-waveform input', () => {
  it('malformed corpus: only typed errors', () => {
    const dir = path.join(testDataDir(), 'malformed');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dcm'));
    expect(files.length).toBeGreaterThan(15);
    const results = Object.fromEntries(files.map((f) => [f, outcome(new Uint8Array(fs.readFileSync(path.join(dir, f))))]));
    expect(results['derived_empty_0b.dcm']).toBe('not_dicom');
    expect(results['derived_not_dicom.txt.dcm']).toBe('not_dicom');
    expect(results['pydicom_MR_truncated.dcm']).toBe('not_dicom');
    expect(results['orthanc_Issue22-NoPixelData.dcm']).toBe('no_waveform');
  });

  it('images, SR and PDF objects are not waveforms', () => {
    for (const f of [...dicomFiles('sr'), ...dicomFiles('transfer-syntax'), ...dicomFiles('pdf')]) {
      expect(['no_waveform', 'not_dicom'], f).toContain(outcome(new Uint8Array(fs.readFileSync(f))));
    }
  });

  it('the real ECG truncated anywhere in its waveform gives a typed error', () => {
    const b = new Uint8Array(fs.readFileSync(dataFile('ecg/waveform_ecg_12lead.dcm')));
    for (const frac of [0.2, 0.5, 0.8, 0.95, 0.999]) {
      expect(['not_dicom', 'waveform_data_short', 'waveform_data_missing']).toContain(outcome(b.subarray(0, Math.floor(b.length * frac))));
    }
  });
});
