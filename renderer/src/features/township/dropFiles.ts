import type { FileLike } from './scan.js';

/** A browser File as the scanner and uploader see it (nothing is read here). */
export function toFileLike(file: File, path?: string): FileLike {
  const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
  return { name: file.name, size: file.size, path: path ?? (rel || file.name), slice: (a, b) => file.slice(a, b) };
}

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void };
}

async function walk(entry: Entry, out: FileLike[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    out.push(toFileLike(file, entry.fullPath.replace(/^\//, '')));
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries answers in chunks (100 in Chromium) until it returns none.
    for (;;) {
      const chunk = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (!chunk.length) break;
      for (const e of chunk) await walk(e, out);
    }
  }
}

/** Every file under what was dropped (folders at any depth). */
export async function filesFromDrop(dt: DataTransfer): Promise<FileLike[]> {
  const entries = [...dt.items]
    .map((i) => (i.webkitGetAsEntry?.() ?? null) as unknown as Entry | null)
    .filter((e): e is Entry => e !== null);
  if (!entries.length) return [...dt.files].map((f) => toFileLike(f));
  const out: FileLike[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}
