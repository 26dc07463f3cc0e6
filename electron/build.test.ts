import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real `npm run build:electron` script (esbuild, about a second) into a temp folder.
const repoRoot = path.resolve(import.meta.dirname, '..');
let outdir: string;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-electron-build-'));
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-electron.mjs'), '--outdir', outdir], { cwd: repoRoot, stdio: 'pipe' });
}, 60_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const read = (name: string) => fs.readFileSync(path.join(outdir, name), 'utf8');
/**
 * Bare package names a bundle still loads at runtime (Node built-ins excluded): esbuild emits them
 * as top-level `import … from "x"` (ESM), `require("x")` (CJS) or `__require("x")` (CJS code inside
 * ESM). Code-generation strings such as ajv's 'require("ajv/dist/runtime/…")' are not loads.
 */
function runtimePackages(code: string): string[] {
  const names = new Set<string>();
  const loads = /^import\s[^;]*?from\s*"([^"./][^"]*)"|^(?:var|const|let)\s[^\n]*?\brequire\("([^"./][^"]*)"\)|__require\("([^"./][^"]*)"\)/gm;
  for (const match of code.matchAll(loads)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'util', 'events', 'stream', 'url', 'http', 'https', 'net', 'tls', 'zlib', 'buffer', 'child_process', 'worker_threads', 'dns', 'readline', 'string_decoder', 'assert', 'querystring', 'diagnostics_channel', 'async_hooks', 'perf_hooks', 'module', 'timers', 'tty', 'process', 'v8', 'vm', 'http2', 'constants', 'stream/web', 'fs/promises', 'timers/promises', 'util/types', 'dgram', 'cluster', 'punycode', 'inspector', 'stream/promises', 'sqlite', 'test', 'trace_events', 'wasi', 'readline/promises', 'path/posix', 'path/win32', 'console', 'domain'].includes(name)) continue;
    names.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]);
  }
  return [...names].sort();
}

describe('build:electron', () => {
  it('produces the three bundles and the tray icons beside main', () => {
    for (const name of ['main.cjs', 'preload.cjs', 'hub.mjs', 'tray.png', 'tray-alert.png']) expect(fs.statSync(path.join(outdir, name)).size, name).toBeGreaterThan(0);
    expect(read('main.cjs')).toContain('"tray-alert.png"');
  });
  it('preload is one small CJS file that requires only electron (sandboxed preloads cannot load modules)', () => {
    const preload = read('preload.cjs');
    expect(runtimePackages(preload)).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("teleread"');
    expect(preload.length).toBeLessThan(20_000);
  });
  it('main bundles its dependencies and leaves only electron to the runtime', () => {
    expect(runtimePackages(read('main.cjs'))).toEqual(['electron']);
  });
  it('hub is an ES module that loads PGlite from node_modules at runtime', () => {
    const hub = read('hub.mjs');
    expect(runtimePackages(hub)).toContain('@electric-sql/pglite');
    // Optional native bindings (pg-native, bufferutil, utf-8-validate) are required inside try/catch and never shipped.
    const optionalNative = ['pg-native', 'bufferutil', 'utf-8-validate'];
    expect(
      runtimePackages(hub).filter((name) => !['@electric-sql/pglite', 'pdfkit'].includes(name) && !optionalNative.includes(name)),
      'the hub bundle loads these at runtime: let esbuild bundle them, or list them in HUB_EXTERNALS (scripts/build-electron.mjs) and files: (electron-builder.yml)',
    ).toEqual([]);
  });
});
