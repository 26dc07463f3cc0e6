import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { openPostgres } from '../../server/db/postgres.js';
import type { Database } from '../../server/db/database.js';
import { CHROMIUM_PATH } from '../../test/harness/browser.js';
import { startOrthanc, type OrthancServer } from '../../test/harness/orthanc.js';
import { repoRoot } from '../../test/harness/testdata.js';
import { startBenchPostgres } from '../worklist.js';
import { onCleanup, startHubProcess, tempDir, type HubProcess } from './procs.js';

/**
 * What the UI benchmarks run against: the renderer built into a temp folder, Orthanc as the
 * county PACS, PostgreSQL, hub A (`--demo`, upstream mode → Orthanc, serves the web UI; the demo
 * studies go in through its STOW) and hub B (same database and token secret, no studies) for the
 * two-hub alert figure. Debian Chromium with software WebGL (SwiftShader), as the viewer e2e runs it.
 */
export interface UiStack {
  orthanc: OrthancServer;
  db: Database;
  hubA: HubProcess;
  hubB: HubProcess;
  browser: Browser;
  webRoot: string;
}

export async function startUiStack(versions: Record<string, string>): Promise<UiStack> {
  const web = tempDir('web');
  execFileSync(path.join(repoRoot, 'node_modules/.bin/vite'), ['build', '--outDir', web.dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const [orthanc, pg] = await Promise.all([startOrthanc(), startBenchPostgres(versions)]);
  onCleanup('orthanc (ui)', () => orthanc.stop());
  const url = await pg.createDatabase('bench_ui');
  const secret = randomBytes(32).toString('hex');
  const common = { DATABASE_URL: url, TELEREAD_TOKEN_SECRET: secret, PACS_DICOMWEB_URL: orthanc.dicomweb, PACS_AUTH: orthanc.pacsAuth };
  const hubA = await startHubProcess('ui-A', { ...common, TELEREAD_DATA_DIR: tempDir('ui-a').dir }, [], ['--demo', '--web-root', web.dir]);
  await hubA.waitForLine('TELEREAD_DEMO_SEEDED', 240_000);
  const hubB = await startHubProcess('ui-B', { ...common, TELEREAD_DATA_DIR: tempDir('ui-b').dir, TELEREAD_DEMO_STUDIES: '0' }, [], ['--demo', '--web-root', web.dir]);
  const db = await openPostgres(url, 2);
  onCleanup('ui db', () => db.close());
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
  onCleanup('chromium', () => browser.close().catch(() => undefined));
  const v = browser.version();
  versions.Chromium = `${v} (Debian, headless, software WebGL: SwiftShader)`;
  return { orthanc, db, hubA, hubB, browser, webRoot: web.dir };
}

/** A fresh browser profile signed in as `username` (demo password) on `hubUrl`, the home screen shown. */
export async function signIn(browser: Browser, hubUrl: string, username: string, viewport = { width: 1600, height: 1000 }): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport });
  // tsx (esbuild keepNames) wraps functions passed to page.evaluate in __name(); give the page a no-op one.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${hubUrl}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return { context, page, cdp };
}

/** The slow township line: 20 Mbit/s each way, 40 ms round trip (Chromium's network emulation: latency is added per request). */
export const SLOW_LINK = { latencyMs: 40, bitsPerSecond: 20e6 };

export async function throttle(cdp: CDPSession, on: boolean): Promise<void> {
  await cdp.send(
    'Network.emulateNetworkConditions',
    on
      ? { offline: false, latency: SLOW_LINK.latencyMs, downloadThroughput: SLOW_LINK.bitsPerSecond / 8, uploadThroughput: SLOW_LINK.bitsPerSecond / 8 }
      : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
}

/** Demo password login through the API (for the Node-side clients). */
export async function apiLogin(hubUrl: string, username: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** rAF deltas recorded in the page while `during` runs: p50/p95/max and frames over 50 ms. */
export async function frameTimes(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __ft: number[]; __ftOn: boolean };
    w.__ft = [];
    w.__ftOn = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__ft.push(t - last);
      last = t;
      if (w.__ftOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __ft: number[]; __ftOn: boolean };
    w.__ftOn = false;
    return w.__ft;
  });
}

export interface MainThread {
  /** Seconds of renderer main-thread work while `during` ran, by kind (CDP Performance.getMetrics deltas). */
  script: number;
  layout: number;
  style: number;
  task: number;
  wall: number;
}

/** Where the page's main thread spent the time while `during` ran; the rest of the wall time is raster, compositing and waiting. */
export async function mainThread<T>(cdp: CDPSession, during: () => Promise<T>): Promise<{ value: T; work: MainThread }> {
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const m = new Map(metrics.map((x) => [x.name, x.value]));
    return { script: m.get('ScriptDuration') ?? 0, layout: m.get('LayoutDuration') ?? 0, style: m.get('RecalcStyleDuration') ?? 0, task: m.get('TaskDuration') ?? 0 };
  };
  const a = await read();
  const t0 = performance.now();
  const value = await during();
  const wall = (performance.now() - t0) / 1000;
  const b = await read();
  return { value, work: { script: b.script - a.script, layout: b.layout - a.layout, style: b.style - a.style, task: b.task - a.task, wall } };
}

export function describeMainThread(w: MainThread, per: number, unit: string): string {
  const ms = (s: number) => `${((s * 1000) / per).toFixed(1)} ms`;
  const parts = [['script', w.script], ['style', w.style], ['layout', w.layout]] as const;
  const top = [...parts].sort((a, b) => b[1] - a[1])[0];
  const verdict =
    w.task > 0.5 * w.wall
      ? `the main thread is busy most of the time, mostly ${top[0]}`
      : 'the main thread is idle most of the time: the rest is raster and compositing (software, other processes) or waiting';
  return `renderer main thread per ${unit}: script ${ms(w.script)}, style ${ms(w.style)}, layout ${ms(w.layout)}, all tasks ${ms(w.task)} of ${ms(w.wall)} wall — ${verdict}`;
}
