import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, createHub } from '../../server/app.js';
import { loadConfig, type HubConfig } from '../../server/config.js';
import { seedDemoAccounts } from '../../server/demo/accounts.js';
import type { Hub } from '../../server/hub.js';

/** An in-process hub on a free loopback port, PGlite in a temp data folder, demo accounts signed in. */
export interface HubUnderTest {
  hub: Hub;
  app: FastifyInstance;
  url: string;
  dataDir: string;
  tokens: Record<string, string>;
  /** fetch against the hub as `user` (or anonymously when user is null). */
  fetch(user: string | null, rel: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startHub(overrides: Partial<HubConfig> = {}): Promise<HubUnderTest> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-dicomweb-'));
  const config = loadConfig({}, { dataDir, demo: true, port: 0, host: '127.0.0.1', tokenSecret: 'dicomweb-test-secret'.padEnd(48, 'x'), ...overrides });
  const hub = await createHub(config);
  await seedDemoAccounts(hub);
  const { app } = await buildApp(hub);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const tokens: Record<string, string> = {};
  for (const u of ['rad1', 'rad2', 'ecg1', 'town1', 'town2', 'admin']) {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'demo' }) });
    if (!res.ok) throw new Error(`login ${u}: ${res.status} ${await res.text()}`);
    tokens[u] = ((await res.json()) as { accessToken: string }).accessToken;
  }
  return {
    hub,
    app,
    url,
    dataDir,
    tokens,
    fetch(user, rel, init = {}) {
      const headers = new Headers(init.headers);
      if (user) headers.set('authorization', `Bearer ${tokens[user]}`);
      return fetch(url + rel, { ...init, headers });
    },
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A STOW-RS body: each file as one application/dicom part. */
export function stowBody(files: Uint8Array[], boundary = 'stow-test-boundary-7d3f'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const f of files) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(f), Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

export interface ResponsePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a multipart response; the boundary is read from the Content-Type, quoted or not. */
export function parseMultipartResponse(contentType: string, body: Buffer): ResponsePart[] {
  const m = /boundary="?([^";,]+)"?/i.exec(contentType);
  if (!m) throw new Error(`no boundary in ${contentType}`);
  const delim = Buffer.from(`--${m[1]}`);
  const parts: ResponsePart[] = [];
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next < 0) throw new Error('multipart body not terminated');
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const sep = chunk.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of chunk.subarray(0, sep).toString('latin1').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    parts.push({ headers, body: Buffer.from(chunk.subarray(sep + 4)) });
    pos = next;
  }
  return parts;
}

/**
 * What the built-in store holds: temp files left behind, object files on disk and distinct files
 * the index names. Nothing half-written is left when the first is empty and the other two agree.
 */
export async function builtinStoreState(h: HubUnderTest): Promise<{ leftoverTempFiles: string[]; filesOnDisk: number; indexedFiles: number }> {
  const store = h.hub.store;
  if (store.kind !== 'builtin') throw new Error('built-in store expected');
  const onDisk: string[] = [];
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : onDisk.push(e.name)));
  walk(store.files.objectsDir);
  const indexed = await h.hub.db.query<{ n: number }>('SELECT count(DISTINCT sha256)::int AS n FROM instances');
  return { leftoverTempFiles: await store.files.leftoverTempFiles(), filesOnDisk: onDisk.length, indexedFiles: indexed[0].n };
}
