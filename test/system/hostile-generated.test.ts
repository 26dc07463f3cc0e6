import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile, type FileLike } from '../../renderer/src/features/township/scan.js';
import { listSeries, loadSeriesMetadata } from '../../renderer/src/features/viewer/data/dicomweb.js';
import { DicomRejection, parseInstance } from '../../server/dicomweb/dicom/parse.js';
import { HOSTILE_TEXT, hostileSet, type Generated } from '../harness/hostile-gen.js';
import { failures, referenced } from './dicomweb-conformance.js';
import { builtinStoreState, parseMultipartResponse, startHub, stowBody, type HubUnderTest } from './dicomweb-harness.js';

/**
 * Generated hostile DICOM (issue 13): sequences nested 200 and 10,000 levels deep (defined and
 * undefined lengths), a 65535×65535 image with no pixel data and with 1 KiB of it, 0xFFFFFFF0
 * declared on a text (UT), a document (OB), pixel data (OW) and an implicit-VR name, script and
 * markup in the text fields, and seeded random truncations of them. Into the built-in store's
 * parser, STOW on a real hub (built-in store, PGlite), the township upload scanner and the viewer's
 * metadata path (both browser code, run here in Node). Each must answer — parsed / stored whole, or
 * refused with a reason — within a bound (generous for a loaded 2-core machine: not a speed test).
 */
const FILES = hostileSet(12);
const BOUND_MS = 5000;
const byName = (n: string) => FILES.find((g) => g.name === n)!;

function parse(g: Generated): { outcome: 'parsed' | 'rejected'; reason?: string } {
  try {
    parseInstance(g.bytes);
    return { outcome: 'parsed' };
  } catch (err) {
    if (err instanceof DicomRejection) return { outcome: 'rejected', reason: err.message };
    throw new Error(`${g.name}: parser threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
  }
}

const fileLike = (g: Generated): FileLike => {
  const blob = new Blob([new Uint8Array(g.bytes)]);
  return { name: `${g.name}.dcm`, size: g.bytes.length, path: `${g.name}.dcm`, slice: (a, b) => blob.slice(a, b) };
};

describe('generated hostile DICOM', () => {
  let h: HubUnderTest;
  beforeAll(async () => {
    h = await startHub();
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`the ingest parser parses or refuses each of ${FILES.length} files with a reason, within a bound`, () => {
    const seen = { parsed: 0, rejected: 0 };
    for (const g of FILES) {
      const t0 = performance.now();
      const r = parse(g);
      expect(performance.now() - t0, `${g.name} took too long`).toBeLessThan(BOUND_MS);
      if (r.reason !== undefined) expect(r.reason.length, g.name).toBeGreaterThan(10);
      seen[r.outcome]++;
    }
    // The ones whose outcome is known in advance.
    expect(parse(byName('script-text')).outcome).toBe('parsed');
    expect(parse(byName('huge-65535-no-pixels')).outcome).toBe('parsed');
    expect(parse(byName('huge-65535-1024-bytes')).reason).toMatch(/Pixel Data holds 1024 bytes/);
    for (const n of ['nested-200-defined', 'nested-200-undefined', 'nested-10000-defined', 'nested-10000-undefined']) expect(parse(byName(n)).reason, n).toMatch(/nested/);
    for (const n of ['hugelen-UT-text', 'hugelen-OB-document', 'hugelen-OW-pixels', 'hugelen-implicit-PN']) expect(parse(byName(n)).outcome, n).toBe('rejected');
    console.log(`hostile-generated parser: ${FILES.length} files, ${seen.parsed} parsed, ${seen.rejected} refused with a reason`);
  });

  it('the township upload scanner answers every file (data or unreadable with a reason), never a throw', async () => {
    const seen: Record<string, number> = {};
    for (const g of FILES) {
      const t0 = performance.now();
      const r = await scanFile(fileLike(g));
      expect(performance.now() - t0, `${g.name} took too long`).toBeLessThan(BOUND_MS);
      const key = r.kind === 'unreadable' ? `unreadable:${r.reason.code}` : r.kind;
      seen[key] = (seen[key] ?? 0) + 1;
      if (r.kind === 'unreadable' && 'detail' in r.reason) expect(r.reason.detail, g.name).toMatch(/^(?!\[object).{6,}/);
    }
    const script = await scanFile(fileLike(byName('script-text')));
    expect(script.kind).toBe('dicom');
    // Markup is data: the scanner keeps it verbatim for React to show as text.
    if (script.kind === 'dicom') expect(JSON.stringify(script)).toContain('<img src=x onerror=');
    expect(await scanFile(fileLike(byName('nested-10000-undefined')))).toMatchObject({ kind: 'unreadable', reason: { code: 'parse', detail: 'sequences nested too deeply to read' } });
    console.log(`hostile-generated scanner: ${FILES.length} files, ${JSON.stringify(seen)}`);
  });

  it('STOW stores each file whole or refuses it with a reason; nothing partial; the viewer reads the stored ones as text', async () => {
    const stored = new Map<string, Uint8Array>(); // SOP Instance UID → the bytes of the upload that was accepted
    let refused = 0;
    for (const g of FILES) {
      const { body, contentType } = stowBody([g.bytes]);
      const t0 = performance.now();
      const res = await h.fetch('town1', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': contentType, accept: 'application/dicom+json' }, body: new Uint8Array(body) });
      const text = await res.text();
      expect(performance.now() - t0, `${g.name} STOW took too long`).toBeLessThan(10_000);
      const json = text ? JSON.parse(text) : {};
      if (res.status === 200) {
        expect(referenced(json), g.name).toEqual([g.uids.sop]);
        expect(stored.has(g.uids.sop), `${g.name}: a second accepted upload for one SOP UID`).toBe(false);
        stored.set(g.uids.sop, g.bytes);
      } else {
        expect(res.status, `${g.name}: ${text.slice(0, 300)}`).toBe(409);
        const [fail] = failures(json);
        expect(fail.reason, g.name).toBeGreaterThan(0);
        expect(fail.text.length, g.name).toBeGreaterThan(10);
        refused++;
      }
    }
    expect(stored.has(byName('script-text').uids.sop)).toBe(true);
    expect(stored.has(byName('nested-10000-undefined').uids.sop)).toBe(false);
    expect((await h.fetch(null, '/api/health')).status).toBe(200);

    // Never partial: every SOP UID of the set is either absent or retrieves byte for byte what was accepted.
    for (const sop of new Set(FILES.map((g) => g.uids.sop))) {
      const g = FILES.find((x) => x.uids.sop === sop)!;
      const res = await h.fetch('town1', `/dicomweb/studies/${g.uids.study}/series/${g.uids.series}/instances/${sop}`, { headers: { accept: 'multipart/related; type="application/dicom"' } });
      const buf = Buffer.from(await res.arrayBuffer());
      if (!stored.has(sop)) {
        expect(res.status, `${g.name} was refused but is retrievable`).toBe(404);
        continue;
      }
      expect(res.status, g.name).toBe(200);
      const parts = parseMultipartResponse(res.headers.get('content-type') ?? '', buf);
      expect(parts).toHaveLength(1);
      expect(Buffer.compare(parts[0].body, Buffer.from(stored.get(sop)!)), `${g.name} retrieved differs from the upload`).toBe(0);
    }
    const store = await builtinStoreState(h);
    expect(store.leftoverTempFiles).toEqual([]);
    expect(store.filesOnDisk).toBe(store.indexedFiles);

    // The viewer's metadata path (QIDO series list + WADO-RS series metadata) on what was stored.
    const src = { root: `${h.url}/dicomweb`, getToken: async () => h.tokens.town1 };
    const xss = byName('script-text').uids;
    const [series] = await listSeries(src, xss.study);
    const loaded = await loadSeriesMetadata(src, xss.study, series);
    expect(loaded.imageIds).toHaveLength(1);
    const ds = loaded.instances[0] as Record<string, { Value?: Array<string | { Alphabetic?: string }> }>;
    expect((ds['00100010'].Value?.[0] as { Alphabetic?: string }).Alphabetic).toBe(HOSTILE_TEXT.patientName);
    expect(ds['00081030'].Value?.[0]).toBe(HOSTILE_TEXT.studyDescription);
    expect(ds['00080080'].Value?.[0]).toBe(HOSTILE_TEXT.institutionName);
    const huge = byName('huge-65535-no-pixels').uids;
    if (stored.has(huge.sop)) {
      const hugeSeries = await listSeries(src, huge.study);
      const hugeLoaded = await loadSeriesMetadata(src, huge.study, hugeSeries[0]);
      expect(hugeLoaded.imageIds).toHaveLength(1);
      // No pixels to serve: the frame answers 404 (the viewer's error state), never an 8 GiB allocation.
      const frame = await h.fetch('town1', `/dicomweb/studies/${huge.study}/series/${huge.series}/instances/${huge.sop}/frames/1`);
      expect(frame.status).toBe(404);
    }
    console.log(`hostile-generated STOW: ${FILES.length} files, ${stored.size} stored whole, ${refused} refused with a FailureReason, 0 partial`);
  });
});
