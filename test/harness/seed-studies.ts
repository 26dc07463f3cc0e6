import fs from 'node:fs';
import zlib from 'node:zlib';
import dicomParser from 'dicom-parser';
import { stowBody } from '../../shared/dicomweb/stow-body.js';

export interface SeededStudy {
  studyUid: string;
  files: string[];
}

/** Deflated Explicit VR LE (1.2.840.10008.1.2.1.99): dicom-parser needs the inflater passed in. */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = zlib.inflateRawSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position));
  out.set(inflated, position);
  return out;
}

function uidsOf(file: string): { study: string; sop: string } {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x0020000e', inflater } as dicomParser.ParseDicomOptions);
  const study = ds.string('x0020000d');
  const sop = ds.string('x00080018');
  if (!study || !sop) throw new Error(`${file}: no StudyInstanceUID or SOPInstanceUID`);
  return { study, sop };
}

/** The Study Instance UID of a Part-10 file (read up to the tag, pixel data untouched). */
export function studyUidOf(file: string): string {
  return uidsOf(file).study;
}

/** The SOP Instance UID of a Part-10 file. */
export function sopUidOf(file: string): string {
  return uidsOf(file).sop;
}

/**
 * STOWs real files into a running hub as a township user (the way images arrive in production),
 * in batches so no request holds a whole CT. Fails loudly unless every instance was stored.
 * Returns the studies, in the order their first file was given.
 */
export async function seedStudies(hubUrl: string, token: string, files: readonly string[], batchSize = 24): Promise<SeededStudy[]> {
  const studies = new Map<string, string[]>();
  for (const f of files) {
    const uid = studyUidOf(f);
    studies.set(uid, [...(studies.get(uid) ?? []), f]);
  }
  for (let i = 0; i < files.length; i += batchSize) {
    const batch = files.slice(i, i + batchSize);
    const { body, contentType } = stowBody(batch.map((f) => new Uint8Array(fs.readFileSync(f))));
    const res = await fetch(`${hubUrl}/dicomweb/studies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/dicom+json' },
      body,
    });
    if (res.status !== 200) throw new Error(`STOW of ${batch.length} files failed: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
  return [...studies].map(([studyUid, fs_]) => ({ studyUid, files: fs_ }));
}
