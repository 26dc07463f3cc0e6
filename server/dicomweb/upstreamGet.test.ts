import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../store/upstream.js';
import { upstreamGet, type UpstreamAnswer } from './upstreamGet.js';

/**
 * A local HTTP server in place of the PACS that answers like Orthanc does (`Keep-Alive: timeout=1`),
 * counts connections, and on request drops the second request of a connection unanswered (a PACS
 * closing a kept-alive socket just as it is reused).
 */
let server: http.Server;
let base = '';
const connections = new Set<Socket>();
let opened = 0;
let dropReused = false;
const seen = new WeakMap<Socket, number>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const s = req.socket;
    const n = (seen.get(s) ?? 0) + 1;
    seen.set(s, n);
    if (dropReused && n > 1) {
      s.destroy();
      return;
    }
    const body = Buffer.from(`${req.url} ${req.headers.accept} ${req.headers.authorization ?? ''} ${req.headers['accept-encoding'] ?? ''}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length, 'keep-alive': 'timeout=1' });
    res.end(body);
  });
  server.on('connection', (s: Socket) => {
    opened++;
    connections.add(s);
    s.on('close', () => connections.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});

afterAll(async () => {
  for (const s of connections) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function text(a: UpstreamAnswer): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of a.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('upstreamGet', () => {
  it('sends path, Accept, credentials and identity encoding, and passes the length on', async () => {
    const client = new UpstreamClient(base, 'basic:u:p');
    const a = await upstreamGet(client, '/studies/1.2/metadata', 'application/dicom+json');
    expect(a.status).toBe(200);
    expect(a.contentLength).toBe(String(Buffer.byteLength(await text(a))));
    const b = await upstreamGet(client, '/studies/1.2/metadata', 'application/dicom+json');
    expect(await text(b)).toBe(`/dicom-web/studies/1.2/metadata application/dicom+json Basic ${Buffer.from('u:p').toString('base64')} identity`);
  });

  it('reuses one connection for requests in sequence although the PACS announces Keep-Alive: timeout=1', async () => {
    dropReused = false;
    const client = new UpstreamClient(base, undefined);
    await text(await upstreamGet(client, '/warm', 'text/plain'));
    const before = opened;
    for (let i = 0; i < 5; i++) expect(await text(await upstreamGet(client, `/x${i}`, 'text/plain'))).toContain(`/dicom-web/x${i}`);
    // Node's default agent would have opened five (it closes sockets whose announced timeout is ≤ 1 s).
    expect(opened - before).toBe(0);
  });

  it('sends a request again on a new connection when the PACS closed the reused one', async () => {
    const client = new UpstreamClient(base, undefined);
    dropReused = false;
    await text(await upstreamGet(client, '/first', 'text/plain'));
    dropReused = true;
    const before = opened;
    const a = await upstreamGet(client, '/again', 'text/plain');
    expect(a.status).toBe(200);
    expect(await text(a)).toContain('/dicom-web/again');
    expect(opened - before).toBe(1);
    dropReused = false;
  });

  it('is 502 upstream_unavailable when nothing listens', async () => {
    const client = new UpstreamClient('http://127.0.0.1:9/dicom-web', undefined, 2000);
    await expect(upstreamGet(client, '/studies', 'application/dicom+json')).rejects.toMatchObject({ status: 502, code: 'upstream_unavailable' });
  });
});
