import fs from 'node:fs';
import dicomParser from 'dicom-parser';
import { stowBody } from '../../shared/dicomweb/stow-body.js';

export interface SeededStudy {
  studyUid: string;
  files: string[];
}

/** The Study Instance UID of a Part-10 file (read up to the tag, pixel data untouched). */
export function studyUidOf(file: string): string {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' });
  const uid = ds.string('x0020000d');
  if (!uid) throw new Error(`${file}: no StudyInstanceUID`);
  return uid;
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
