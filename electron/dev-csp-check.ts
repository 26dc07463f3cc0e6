/**
 * Manual check of the development CSP against a real Vite dev server in Debian's Chromium (not part
 * of `npm test`: it needs Chromium, and it starts Vite). Run: `npx tsx electron/dev-csp-check.ts`.
 * It serves the renderer with `vite` on a free loopback port, gives every dev-server response the
 * shell's dev CSP (as `webRequest.onHeadersReceived` does in Electron), and reports whether the app
 * booted, whether Vite's HMR client loaded, and whether a script from another origin was refused.
 * With `--no-inline` it drops `'unsafe-inline'` from script-src to show why it is there.
 * Exit code 0 only when the app boots and the remote script is refused.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { devCspListener } from './main/devServer.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const noInline = process.argv.includes('--no-inline');

async function main(): Promise<number> {
  const port = 5190 + Math.floor(Math.random() * 200);
  const vite = spawn(path.join(repoRoot, 'node_modules/.bin/vite'), ['--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const remote = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end('window.__remoteRan = true;');
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await new Promise<void>((resolve) => vite.stdout.on('data', (chunk: Buffer) => String(chunk).includes('Local') && resolve()));
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.2', resolve));
    const dev = `http://127.0.0.1:${port}`;
    const listener = devCspListener(dev, () => null);
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text().slice(0, 160));
    });
    await page.route(`${dev}/**`, async (route) => {
      const response = await route.fetch();
      let headers: Record<string, string> = response.headers();
      listener({ url: route.request().url(), responseHeaders: headers }, (result) => {
        headers = Object.fromEntries(Object.entries(result.responseHeaders ?? headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      });
      if (noInline) headers['Content-Security-Policy'] = headers['Content-Security-Policy'].replace("'wasm-unsafe-eval' 'unsafe-inline'", "'wasm-unsafe-eval'");
      await route.fulfill({ response, headers });
    });
    await page.goto(`${dev}/`);
    await page.waitForTimeout(6000);
    const booted = await page.evaluate(() => (document.getElementById('root')?.children.length ?? 0) > 0);
    const hmr = await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('@vite/client')));
    const remoteUrl = `http://127.0.0.2:${(remote.address() as AddressInfo).port}/x.js`;
    await page.evaluate(
      (src) =>
        new Promise<void>((resolve) => {
          const script = document.createElement('script');
          script.src = src;
          script.onload = script.onerror = () => resolve();
          document.head.append(script);
        }),
      remoteUrl,
    );
    const remoteRan = await page.evaluate(() => (window as unknown as { __remoteRan?: boolean }).__remoteRan === true);
    console.log(JSON.stringify({ noInline, booted, hmr, remoteRan, violations }, null, 1));
    return booted && !remoteRan ? 0 : 1;
  } finally {
    await browser.close();
    remote.close();
    vite.kill();
  }
}

process.exitCode = await main();
