import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomFiles } from '../harness/testdata.js';
import { startOrthanc, type OrthancServer } from '../harness/orthanc.js';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.js';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { parseMultipartResponse, startHub, type HubUnderTest } from './dicomweb-harness.js';

/**
 * The hub in front of a real Orthanc, through a TCP proxy the test controls: the PACS slow, hung
 * (accepts, never answers), gone (connections reset) and dying in the middle of a transfer. The
 * hub must answer a clear, localised error within a bound, never hang, keep serving what its own
 * index knows, and recover by itself when the PACS is back.
 */
const TIMEOUT_S = 3; // TELEREAD_PACS_TIMEOUT_SECONDS for this hub
const BOUND_MS = TIMEOUT_S * 1000 + 3000;
const SLICES = 12;

let orthanc: OrthancServer;
let proxy: TcpProxy;
let h: HubUnderTest;
let study = '';
let series = '';
let sops: string[] = [];
let totalBytes = 0;
const previous = { poll: process.env.TELEREAD_PACS_POLL_SECONDS, timeout: process.env.TELEREAD_PACS_TIMEOUT_SECONDS };

beforeAll(async () => {
  process.env.TELEREAD_PACS_POLL_SECONDS = '0';
  process.env.TELEREAD_PACS_TIMEOUT_SECONDS = String(TIMEOUT_S);
  orthanc = await startOrthanc();
  proxy = await startTcpProxy('127.0.0.1', Number(new URL(orthanc.url).port));
  h = await startHub({ pacsDicomwebUrl: `${proxy.url}/dicom-web`, pacsAuth: orthanc.pacsAuth });
  const files = dicomFiles('ct-series').filter((f) => f.includes('pancreas-ct-cb-001')).slice(0, SLICES).map((f) => new Uint8Array(fs.readFileSync(f)));
  totalBytes = files.reduce((n, f) => n + f.byteLength, 0);
  const { body, contentType } = stowBody(files);
  const res = await h.fetch('town1', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': contentType, accept: 'application/dicom+json' }, body });
  expect(res.status, await res.clone().text()).toBe(200);
  const ref = (await res.json()) as Record<string, { Value: Array<Record<string, { Value: string[] }>> }>;
  sops = ref['00081199'].Value.map((x) => x['00081155'].Value[0]);
  const q = (await (await h.fetch('town1', `/dicomweb/instances?SOPInstanceUID=${sops[0]}&includefield=0020000D,0020000E`, { headers: { accept: 'application/dicom+json' } })).json()) as Array<Record<string, { Value: string[] }>>;
  study = q[0]['0020000D'].Value[0];
  series = q[0]['0020000E'].Value[0];
});

afterAll(async () => {
  await h?.close();
  await proxy?.close();
  await orthanc?.stop();
  process.env.TELEREAD_PACS_POLL_SECONDS = previous.poll;
  if (previous.timeout === undefined) delete process.env.TELEREAD_PACS_TIMEOUT_SECONDS;
  else process.env.TELEREAD_PACS_TIMEOUT_SECONDS = previous.timeout;
});

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  body: Buffer;
  contentType: string;
  /** The transfer broke after the status line (the hub cut the reply). */
  broken: boolean;
}

async function timed(rel: string, init: { accept?: string; lang?: string } = {}): Promise<Timed> {
  const t0 = Date.now();
  const res = await h.fetch('town1', rel, { headers: { accept: init.accept ?? '*/*', 'accept-language': init.lang ?? 'zh-CN' } });
  let body = Buffer.alloc(0);
  let broken = false;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch {
    broken = true;
  }
  return { status: res.status, ms: Date.now() - t0, bytes: body.length, body, contentType: res.headers.get('content-type') ?? '', broken };
}

const base = () => `/dicomweb/studies/${study}`;
const requests = () => ({
  'study metadata': { rel: `${base()}/metadata`, accept: 'application/dicom+json' },
  'series search': { rel: `${base()}/series`, accept: 'application/dicom+json' },
  'instance retrieve': { rel: `${base()}/series/${series}/instances/${sops[1]}`, accept: 'multipart/related; type="application/dicom"' },
  // Frames go through node:http (server/dicomweb/upstreamGet.ts), with the same timeout.
  frames: { rel: `${base()}/series/${series}/instances/${sops[2]}/frames/1`, accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
});

function expectUnavailable(r: Timed, lang: 'zh-CN' | 'en', label: string) {
  expect(r.status, `${label}: ${r.body.toString().slice(0, 200)}`).toBe(502);
  const err = JSON.parse(r.body.toString()).error as { code: string; message: string };
  expect(err.code).toBe('upstream_unavailable');
  expect(err.message).toBe(lang === 'zh-CN' ? '影像归档系统（PACS）暂时无法访问，请稍后重试。' : 'The image archive (PACS) cannot be reached right now. Please try again shortly.');
}

describe('upstream PACS faults', () => {
  const figures: string[] = [];
  afterAll(() => console.log(`upstream faults: ${figures.join('; ')}`));

  it('a slow PACS: every answer complete, a retrieve longer than the timeout is not cut while bytes keep coming', async () => {
    proxy.mode = 'slow';
    proxy.delayMs = 40;
    try {
      for (const [label, q] of Object.entries(requests())) {
        const r = await timed(q.rel, { accept: q.accept });
        expect(r.status, label).toBe(200);
        expect(r.broken, label).toBe(false);
      }
      // The whole series (~6 MB) trickles in for longer than TELEREAD_PACS_TIMEOUT_SECONDS.
      const r = await timed(`${base()}/series/${series}`, { accept: 'multipart/related; type="application/dicom"' });
      expect(r.status).toBe(200);
      expect(r.broken).toBe(false);
      const parts = parseMultipartResponse(r.contentType, r.body);
      expect(parts).toHaveLength(SLICES);
      expect(parts.reduce((n, p) => n + p.body.length, 0)).toBe(totalBytes);
      expect(r.ms).toBeGreaterThan(TIMEOUT_S * 1000);
      figures.push(`slow series retrieve ${(r.bytes / 1e6).toFixed(1)} MB in ${r.ms} ms, complete`);
    } finally {
      proxy.mode = 'normal';
    }
  });

  it('a hung PACS (accepts, never answers): 502 with a clear zh-CN/en message within the bound', async () => {
    proxy.mode = 'stall';
    try {
      for (const [label, q] of Object.entries(requests())) {
        for (const lang of ['zh-CN', 'en'] as const) {
          const r = await timed(q.rel, { accept: q.accept, lang });
          expectUnavailable(r, lang, `${label} (${lang})`);
          expect(r.ms, label).toBeLessThan(BOUND_MS);
          figures.push(`hung: ${label} 502 in ${r.ms} ms`);
        }
      }
      // What the hub's own index knows is still served.
      const flat = await timed(`/dicomweb/studies?StudyInstanceUID=${study}`, { accept: 'application/dicom+json' });
      expect(flat.status).toBe(200);
      expect(JSON.parse(flat.body.toString())).toHaveLength(1);
    } finally {
      proxy.mode = 'normal';
      proxy.cut();
    }
  });

  it('the PACS stops sending in the middle of a transfer: the hub ends the reply within the bound', async () => {
    proxy.mode = 'slow';
    proxy.delayMs = 60;
    const before = proxy.bytesDown;
    const pending = timed(`${base()}/series/${series}`, { accept: 'multipart/related; type="application/dicom"' });
    const deadline = Date.now() + 20_000;
    while (proxy.bytesDown - before < 256 * 1024) {
      if (Date.now() > deadline) throw new Error(`the transfer did not start: ${proxy.bytesDown - before} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    proxy.mode = 'stall';
    const stalledAt = Date.now();
    const r = await pending;
    const endedAfter = Date.now() - stalledAt;
    proxy.mode = 'normal';
    proxy.cut();
    expect(r.broken || r.bytes < totalBytes).toBe(true);
    expect(endedAfter).toBeLessThan(BOUND_MS);
    figures.push(`stopped sending mid-transfer: reply ended ${endedAfter} ms after the silence began`);
  });

  it('the PACS dies in the middle of a transfer: the reply ends (no hang), later requests get 502 at once, health says so', async () => {
    proxy.mode = 'slow';
    proxy.delayMs = 60;
    const before = proxy.bytesDown;
    const pending = timed(`${base()}/series/${series}`, { accept: 'multipart/related; type="application/dicom"' });
    const deadline = Date.now() + 20_000;
    while (proxy.bytesDown - before < 256 * 1024) {
      if (Date.now() > deadline) throw new Error(`the transfer did not start: ${proxy.bytesDown - before} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    proxy.mode = 'down';
    proxy.cut();
    const cutAt = Date.now();
    const r = await pending;
    const endedAfter = Date.now() - cutAt;
    // Headers were already sent: the only honest answer left is a broken transfer, never a complete-looking one.
    expect(r.status).toBe(200);
    expect(r.broken || r.bytes < totalBytes).toBe(true);
    expect(endedAfter).toBeLessThan(BOUND_MS);
    figures.push(`died mid-transfer: reply ended ${endedAfter} ms after the cut with ${(r.bytes / 1e6).toFixed(2)} of ${(totalBytes / 1e6).toFixed(2)} MB`);
    for (const [label, q] of Object.entries(requests())) {
      const d = await timed(q.rel, { accept: q.accept, lang: 'en' });
      expectUnavailable(d, 'en', `down: ${label}`);
      expect(d.ms).toBeLessThan(2000);
    }
    const health = await (await fetch(`${h.url}/api/health`)).json();
    expect(JSON.stringify(health)).toMatch(/"ok":false/);
    // STOW while the PACS is gone: refused with a reason, nothing indexed.
    const extra = dicomFiles('ct-series').filter((f) => f.includes('pancreas-ct-cb-001'))[SLICES];
    const { body, contentType } = stowBody([new Uint8Array(fs.readFileSync(extra))]);
    const s = await h.fetch('town1', '/dicomweb/studies', { method: 'POST', headers: { 'content-type': contentType, accept: 'application/dicom+json' }, body });
    expect(s.status).toBe(409);
    expect(await s.text()).toMatch(/"00081197".*?"Value":\[(42752|272)\]/);
  });

  it('recovers by itself when the PACS is back', async () => {
    proxy.mode = 'normal';
    for (const [label, q] of Object.entries(requests())) {
      const r = await timed(q.rel, { accept: q.accept });
      expect(r.status, label).toBe(200);
    }
    const r = await timed(`${base()}/series/${series}`, { accept: 'multipart/related; type="application/dicom"' });
    expect(r.status, r.body.toString().slice(0, 300)).toBe(200);
    expect(parseMultipartResponse(r.contentType, r.body)).toHaveLength(SLICES);
    const health = await (await fetch(`${h.url}/api/health`)).json();
    expect(JSON.stringify(health)).not.toMatch(/"ok":false/);
  });
});
