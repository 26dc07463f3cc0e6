import fs from 'node:fs';
import * as dicomParserNs from 'dicom-parser';
import { dicomFiles } from '../../test/harness/testdata.js';

const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/** The UID root of every UID in the real CT (TCIA). */
const ROOT = Buffer.from('1.3.6.1.4.1.14519.5.2.1.');

export interface CtSeries {
  files: Buffer[];
  study: string;
  series: string;
  sops: string[];
  bytes: number;
}

/** The real 134-slice CT from the shared test data (read, never copied into the repo). */
export function loadCtFiles(): Buffer[] {
  const files = dicomFiles('ct-series/pancreas-ct-cb-001').map((f) => fs.readFileSync(f));
  if (files.length !== 134) throw new Error(`expected the 134-slice CT, found ${files.length} files`);
  return files;
}

/**
 * A copy of the CT under new Study/Series/SOP/FoR UIDs, so every STOW run stores a new study and
 * the store does real work. Length-preserving: the first four digits after the TCIA root become
 * `9vvv`, so no DICOM length changes and the pixels are the same bytes.
 */
export function ctVariant(originals: readonly Buffer[], variant: number, count = originals.length): CtSeries {
  if (variant < 1 || variant > 999) throw new Error('variant must be 1..999');
  const tag = Buffer.from(`9${String(variant).padStart(3, '0')}`);
  const files = originals.slice(0, count).map((orig) => {
    const b = Buffer.from(orig);
    for (let at = b.indexOf(ROOT); at >= 0; at = b.indexOf(ROOT, at + ROOT.length)) {
      const digits = b.subarray(at + ROOT.length, at + ROOT.length + 8).toString('latin1');
      if (/^\d{8}$/.test(digits)) tag.copy(b, at + ROOT.length);
    }
    return b;
  });
  const ids = files.map((f) => {
    const ds = dicomParser.parseDicom(f, { untilTag: 'x00200052' });
    return { study: ds.string('x0020000d')!, series: ds.string('x0020000e')!, sop: ds.string('x00080018')! };
  });
  if (new Set(ids.map((i) => i.sop)).size !== files.length || new Set(ids.map((i) => i.series)).size !== 1) throw new Error('UID rewrite broke the series');
  return { files, study: ids[0].study, series: ids[0].series, sops: ids.map((i) => i.sop), bytes: files.reduce((n, f) => n + f.length, 0) };
}
