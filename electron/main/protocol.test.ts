import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsp, contentTypeFor, createAppProtocolHandler, resolveAppPath } from './protocol.js';

// The handler is a plain Request → Response function, so it runs under Node as Electron runs it.
let root: string;
let outside: string;
let handle: (request: Request) => Promise<Response>;
let hubUrl: string | null = null;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-protocol-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>TeleRead</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
  fs.writeFileSync(path.join(root, 'assets', 'codec.wasm'), Buffer.from([0, 97, 115, 109]));
  fs.writeFileSync(outside, 'do not serve');
  handle = createAppProtocolHandler({ rootDir: root, getHubUrl: () => hubUrl });
});
afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

const get = (url: string) => handle(new Request(url));

describe('app:// protocol handler', () => {
  it('serves index.html for / and by name, with the CSP', async () => {
    for (const url of ['app://teleread/', 'app://teleread/index.html']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('<title>TeleRead</title>');
    }
  });

  it('serves assets with their MIME types (application/wasm for the codecs)', async () => {
    expect((await get('app://teleread/assets/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await get('app://teleread/assets/codec.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('refuses path traversal in every spelling', async () => {
    for (const url of [
      'app://x/../../etc/passwd',
      'app://teleread/../../etc/passwd',
      'app://teleread/..%2f..%2fetc%2fpasswd',
      'app://teleread/%2e%2e/%2e%2e/etc/passwd',
      'app://teleread/assets/..%2f..%2fsecret.txt',
      'app://teleread/..%5csecret.txt',
      'app://teleread/index.html%00.js',
      'app://teleread/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('do not serve');
    }
    expect(resolveAppPath('app://teleread/..%2fsecret.txt', root)).toBeNull();
  });

  it('refuses other hosts and non-GET methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await handle(new Request('app://teleread/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('answers 404 for anything not in the build (no app-shell fallback)', async () => {
    expect((await get('app://teleread/worklist/today')).status).toBe(404);
    expect((await get('app://teleread/assets/missing.js')).status).toBe(404);
    expect((await get('app://teleread/assets')).status).toBe(404);
  });

  it('names the current hub in connect-src, read per request', async () => {
    hubUrl = 'https://hub.qsx.example:8443/teleread';
    const csp = (await get('app://teleread/index.html')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://hub.qsx.example:8443 wss://hub.qsx.example:8443;");
    hubUrl = null;
  });
});

describe('buildCsp', () => {
  it('has the required directives and no unsafe script sources', () => {
    const csp = buildCsp('http://127.0.0.1:34567');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'connect-src': "'self' http://127.0.0.1:34567 ws://127.0.0.1:34567",
      'img-src': "'self' blob: data:",
      'worker-src': "'self' blob:",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'style-src': "'self' 'unsafe-inline'",
      'object-src': "'none'",
    });
    expect(buildCsp(null)).toContain("connect-src 'self';");
  });
});
