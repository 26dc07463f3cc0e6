import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_PATH } from '../harness/browser.js';
import { repoRoot } from '../harness/testdata.js';

/**
 * Builds the viewer's browser harness page (renderer/src/features/viewer/e2e-page) with the
 * project's vite.config.ts, so the test exercises the real Cornerstone build recipe (workers, WASM).
 */
export async function buildViewerHarness(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-viewer-page-'));
  await build({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    root: path.join(repoRoot, 'renderer/src/features/viewer/e2e-page'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

/** Debian's Chromium with software WebGL (SwiftShader), as the viewer suites need it. */
export function launchViewerChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
}

export interface Grey8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The reference picture of a DICOM file, rendered by dcmtk (an independent decoder) with the
 * file's first VOI window (min/max when it has none) and its photometric interpretation (MONOCHROME1 shown inverted), as
 * an 8-bit PGM. JPEG-LS needs dcml2pnm; dcmj2pnm covers JPEG, RLE and native data.
 */
export function dcmtkReference(file: string, tool: 'dcmj2pnm' | 'dcml2pnm' = 'dcmj2pnm'): Grey8 {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-ref-')), 'ref.pgm');
  try {
    try {
      execFileSync(tool, ['+Wi', '1', '+op', file, out], { stdio: 'pipe' });
    } catch {
      // No VOI window in the file: both sides fall back to the pixel min/max.
      execFileSync(tool, ['+Wm', '+op', file, out], { stdio: 'pipe' });
    }
    return readPgm(fs.readFileSync(out));
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

export function readPgm(buf: Buffer): Grey8 {
  const header: string[] = [];
  let pos = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) tok += String.fromCharCode(buf[pos++]);
    header.push(tok);
  }
  pos++;
  if (header[0] !== 'P5' || header[3] !== '255') throw new Error(`not an 8-bit binary PGM: ${header.join(' ')}`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, data: new Uint8Array(buf.subarray(pos, pos + width * height)) };
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
