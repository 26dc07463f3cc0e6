import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/harness/testdata.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared real test data (../shared/data, or TELEREAD_TESTDATA). Never copied into the repo.
 * Throws with a clear message when it is missing, so a test cannot pass by finding nothing.
 */
export function testDataDir(): string {
  const dir = process.env.TELEREAD_TESTDATA ? path.resolve(process.env.TELEREAD_TESTDATA) : path.resolve(repoRoot, '../shared/data');
  if (!fs.existsSync(path.join(dir, 'MANIFEST.tsv'))) {
    throw new Error(`test data not found in ${dir}: set TELEREAD_TESTDATA to the shared data folder (with MANIFEST.tsv)`);
  }
  return dir;
}

/** Every `.dcm` file under a folder of the test data (recursively), sorted, as absolute paths. */
export function dicomFiles(folder: string): string[] {
  const root = path.join(testDataDir(), folder);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.dcm')) out.push(p);
    }
  };
  walk(root);
  if (!out.length) throw new Error(`no .dcm files in ${root}`);
  return out.sort();
}

/** One test data file by its path inside the data folder (e.g. `ecg/waveform_ecg_12lead.dcm`). */
export function dataFile(rel: string): string {
  const p = path.join(testDataDir(), rel);
  if (!fs.existsSync(p)) throw new Error(`test data file missing: ${p}`);
  return p;
}
