/**
 * A STOW-RS request body (PS3.18 §10.5) as a Blob made of the files' own Blobs: nothing of a file
 * is read into memory here. Chromium keeps a Blob built from File parts as references to the
 * files on disk, and XMLHttpRequest streams it from there, so a 500 MB CT on a 4 GB PC only ever
 * holds the part being written to the socket. Same byte layout as shared/dicomweb/stow-body.ts
 * (the hub's demo seeder and the tests use that one; its unit test compares the two).
 */
export interface StowPart {
  /** Where this file's bytes start in the body, and how many there are (for per-file progress). */
  start: number;
  size: number;
}

export interface StowBlob {
  body: Blob;
  contentType: string;
  parts: StowPart[];
}

export const newBoundary = () => `teleread-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

export function stowBlob(files: readonly Blob[], boundary = newBoundary()): StowBlob {
  const enc = new TextEncoder();
  const head = enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const crlf = enc.encode('\r\n');
  const tail = enc.encode(`--${boundary}--\r\n`);
  const pieces: BlobPart[] = [];
  const parts: StowPart[] = [];
  let at = 0;
  for (const f of files) {
    pieces.push(head, f, crlf);
    parts.push({ start: at + head.length, size: f.size });
    at += head.length + f.size + crlf.length;
  }
  pieces.push(tail);
  return { body: new Blob(pieces), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, parts };
}

/** Bytes of each part sent once `loaded` bytes of the body have gone (XHR upload progress). */
export function sentPerPart(parts: readonly StowPart[], loaded: number): number[] {
  return parts.map((p) => Math.max(0, Math.min(p.size, loaded - p.start)));
}
