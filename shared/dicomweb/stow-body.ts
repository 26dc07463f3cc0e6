/**
 * A STOW-RS request body (PS3.18 §10.5): one `application/dicom` part per instance. Isomorphic
 * (Uint8Array only) so the hub's demo seeder, the township uploader and the tests share it.
 */
export function stowBody(files: readonly Uint8Array[], boundary = `teleread-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`) {
  const enc = new TextEncoder();
  const head = enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const crlf = enc.encode('\r\n');
  const tail = enc.encode(`--${boundary}--\r\n`);
  const size = files.reduce((n, f) => n + head.length + f.byteLength + crlf.length, tail.length);
  const body = new Uint8Array(size);
  let at = 0;
  for (const f of files) {
    body.set(head, at);
    at += head.length;
    body.set(f, at);
    at += f.byteLength;
    body.set(crlf, at);
    at += crlf.length;
  }
  body.set(tail, at);
  return { body, contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}
