import { describe, expect, it } from 'vitest';
import { stowBody } from '../../../../shared/dicomweb/stow-body.js';
import type { FileLike } from './scan.js';
import { sentPerPart, stowBlob } from './stowParts.js';
import { uploadStudy, type StowTransport } from './uploader.js';

// The hub is an in-memory stand-in here; the real STOW path (Chromium XHR → hub) is in test/e2e/township.test.ts.

/** A file whose reads are recorded: `arrayBuffer()` on any slice is logged with its length. */
function tracked(name: string, bytes: Uint8Array<ArrayBuffer>, reads: Array<{ name: string; length: number }>): FileLike {
  const whole = new Blob([bytes]);
  const watch = (blob: Blob): Blob => {
    const b = blob as Blob & { arrayBuffer(): Promise<ArrayBuffer> };
    const original = b.arrayBuffer.bind(b);
    b.arrayBuffer = async () => {
      reads.push({ name, length: blob.size });
      return original();
    };
    return b;
  };
  return { name, size: bytes.byteLength, path: name, slice: (a, b) => watch(whole.slice(a, b)) };
}

/** -1 when equal (toEqual on half a megabyte of bytes takes seconds). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const pattern = (size: number, seed: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

describe('stowBlob', () => {
  it('lays out the same bytes as the shared STOW body and says where each file sits', async () => {
    const files = [pattern(1000, 1), pattern(0, 2), pattern(4096, 3)];
    const blob = stowBlob(
      files.map((f) => new Blob([f])),
      'b0undary',
    );
    const reference = stowBody(files, 'b0undary');
    expect(new Uint8Array(await blob.body.arrayBuffer())).toEqual(reference.body);
    expect(blob.contentType).toBe(reference.contentType);
    const body = reference.body;
    for (const [i, p] of blob.parts.entries()) expect(body.subarray(p.start, p.start + p.size)).toEqual(files[i]);
  });

  it('shares upload progress out over the parts in body order', () => {
    const parts = [
      { start: 50, size: 100 },
      { start: 200, size: 10 },
    ];
    expect(sentPerPart(parts, 0)).toEqual([0, 0]);
    expect(sentPerPart(parts, 120)).toEqual([70, 0]);
    expect(sentPerPart(parts, 205)).toEqual([100, 5]);
    expect(sentPerPart(parts, 10_000)).toEqual([100, 10]);
  });
});

describe('uploadStudy streams the files', () => {
  it('reads only a small probe of each file; the rest goes to the transport as the files\' own Blobs', async () => {
    const reads: Array<{ name: string; length: number }> = [];
    const big = pattern(512 * 1024, 7);
    const items = [
      { file: tracked('CT1', big, reads), sopInstanceUid: '1.1' },
      { file: tracked('CT2', pattern(2048, 9), reads), sopInstanceUid: '1.2' },
    ];
    const bodies: Array<{ body: Blob; boundary: string }> = [];
    const transport: StowTransport = {
      existing: async () => new Set(),
      async stow(body, contentType, onProgress) {
        expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
        bodies.push({ body, boundary: contentType.split('boundary=')[1] });
        onProgress(body.size);
        return { status: 200, body: { '00081199': { vr: 'SQ', Value: ['1.1', '1.2'].map((u) => ({ '00081155': { vr: 'UI', Value: [u] } })) } } };
      },
    };
    const sent: Record<string, number> = {};
    const res = await uploadStudy({ studyUid: '1', items, transport, onFile: (u, p) => (sent[u] = p.sent) });
    expect(res).toEqual({ confirmed: 2, failed: 0, total: 2 });
    // Nothing larger than the 132-byte probe was read by the uploader.
    expect(reads.map((r) => r.length)).toEqual([132, 132]);
    expect(sent).toEqual({ '1.1': big.byteLength, '1.2': 2048 });
    // The body the transport got carries the files' bytes exactly (read here by the test only).
    expect(bodies).toHaveLength(1);
    expect(firstDifference(new Uint8Array(await bodies[0].body.arrayBuffer()), stowBody([big, pattern(2048, 9)], bodies[0].boundary).body)).toBe(-1);
  });

  it('fails a file that cannot be read any more with the reason and still sends the others', async () => {
    const reads: Array<{ name: string; length: number }> = [];
    const gone: FileLike = {
      name: 'GONE',
      size: 500,
      path: 'CD/GONE',
      slice: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError: the file was removed')), size: 500 }) as unknown as Blob,
    };
    const items = [
      { file: gone, sopInstanceUid: '2.1' },
      { file: tracked('OK', pattern(300, 1), reads), sopInstanceUid: '2.2' },
    ];
    const stowed: number[] = [];
    const transport: StowTransport = {
      existing: async () => new Set(),
      async stow(body) {
        stowed.push(body.size);
        return { status: 200, body: { '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['2.2'] } }] } } };
      },
    };
    const reasons: Record<string, string | undefined> = {};
    const res = await uploadStudy({ studyUid: '2', items, transport, onFile: (u, p) => (reasons[u] = p.reason) });
    expect(res).toEqual({ confirmed: 1, failed: 1, total: 2 });
    expect(reasons['2.1']).toContain('the file was removed');
    expect(stowed).toHaveLength(1);
    expect(stowed[0]).toBeLessThan(300 + 200);
  });
});
