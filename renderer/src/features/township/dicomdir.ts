import dicomParser from 'dicom-parser';
import type { FileLike, ScanResult } from './scan.js';

/**
 * A DICOMDIR on the chosen folder or CD (PS3.10 §8, PS3.3 F.3): the files it references are
 * checked against what is actually there. Paths are matched without regard to case, ISO 9660
 * version suffixes (";1") or a trailing dot, since CDs are written in upper case and copied
 * folders often are not. Files it does not list are still scanned and sent (the scan walks
 * everything); files it lists that are missing are reported.
 */
const MAX_DICOMDIR = 32 * 1024 * 1024;

export interface DicomdirRead {
  file: FileLike;
  /** Referenced File IDs (0004,1500), each as path components relative to the DICOMDIR's folder. */
  fileIds: string[][];
  error?: string;
}

export interface DicomdirReport {
  path: string;
  listed: number;
  found: number;
  /** Referenced but not in the chosen files (paths as the DICOMDIR spells them). */
  missing: string[];
  /** DICOM files in the DICOMDIR's folder that it does not list (sent all the same). */
  unlisted: number;
  error?: string;
}

/** A path for matching: `/` separators, upper case, no ";1" version, no trailing dot, no `./`. */
export function matchKey(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((c) => c && c !== '.')
    .map((c) => c.replace(/;\d+$/, '').replace(/\.$/, '').toUpperCase())
    .join('/');
}

const folderOf = (path: string) => {
  const parts = path.replace(/\\/g, '/').split('/');
  parts.pop();
  return parts.join('/');
};

/** The Referenced File IDs of every directory record (the DICOMDIR is small: read whole, capped). */
export async function readDicomdir(file: FileLike): Promise<DicomdirRead> {
  if (file.size > MAX_DICOMDIR) return { file, fileIds: [], error: `DICOMDIR > ${MAX_DICOMDIR / 1024 / 1024} MB` };
  try {
    const bytes = new Uint8Array(await file.slice(0, file.size).arrayBuffer());
    const ds = dicomParser.parseDicom(bytes);
    const records = ds.elements.x00041220?.items ?? [];
    const fileIds: string[][] = [];
    for (const item of records) {
      const id = item.dataSet?.string('x00041500');
      if (id) fileIds.push(id.split('\\').map((c) => c.trim()));
    }
    return { file, fileIds };
  } catch (err) {
    const raw = err instanceof Error ? err.message : typeof err === 'object' && err !== null && 'exception' in err ? String((err as { exception: unknown }).exception) : String(err);
    return { file, fileIds: [], error: raw.replace(/^dicomParser[.:]\s*/, '').slice(0, 160) };
  }
}

/** Compares each DICOMDIR with the chosen files and the scan of them. */
export function checkDicomdirs(reads: readonly DicomdirRead[], files: readonly FileLike[], results: readonly ScanResult[]): DicomdirReport[] {
  const present = new Set(files.map((f) => matchKey(f.path)));
  return reads.map((r) => {
    const base = folderOf(r.file.path);
    const listed = new Set<string>();
    const missing: string[] = [];
    for (const id of r.fileIds) {
      const key = matchKey([base, ...id].join('/'));
      if (listed.has(key)) continue;
      listed.add(key);
      if (!present.has(key)) missing.push(id.join('\\'));
    }
    const inFolder = matchKey(base);
    const unlisted = results.filter((x) => {
      if (x.kind !== 'dicom') return false;
      const key = matchKey(x.file.path);
      return (!inFolder || key.startsWith(`${inFolder}/`)) && !listed.has(key);
    }).length;
    return { path: r.file.path, listed: listed.size, found: listed.size - missing.length, missing, unlisted, ...(r.error ? { error: r.error } : {}) };
  });
}
