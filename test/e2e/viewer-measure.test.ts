import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CT_GEOMETRY, CT_ORIGIN, HU, ctSliceHu, sliceZ } from '../../server/demo/dicom/ct-phantom.js';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { buildViewerHarness } from './viewer-support.js';

/**
 * Measurements on the demo CT phantom (server/demo/dicom/ct-phantom.ts, whose geometry is known:
 * 0.7 mm pixels, slice k at z = 160 − 2.5·k) in Chromium with software WebGL: a length between two
 * known points matches the known distance within 1 %, an ellipse ROI in the liver gives the liver's
 * HU within a few HU (and the mean of the generator's own pixels in that ellipse), and the viewer
 * publishes both to the study's marks (what the report panel lists and saves); K marks a key image.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
let browser: Browser;
let webRoot: string;

interface Drawn {
  tool: string;
  stats: Record<string, unknown>[];
  imagePoints: [number, number][];
}

/** Patient mm (x, y) → image coordinates of the phantom (pixel centres at +0.5, as Cornerstone's). */
const toImage = (x: number, y: number): [number, number] => [(x - CT_ORIGIN) / CT_GEOMETRY.spacing, (y - CT_ORIGIN) / CT_GEOMETRY.spacing];

async function pageAt(page: Page, x: number, y: number): Promise<[number, number]> {
  const [col, row] = toImage(x, y);
  // __viewerImageToPage adds the half pixel itself.
  const at = () => page.evaluate(([c, r]) => (window as unknown as { __viewerImageToPage(c: number, r: number): [number, number] }).__viewerImageToPage(c, r), [col - 0.5, row - 0.5] as const);
  // The same answer twice in a row: the viewport is not being resized (a canvas follows its element).
  let last = await at();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const now = await at();
    if (Math.abs(now[0] - last[0]) < 0.01 && Math.abs(now[1] - last[1]) < 0.01) return now;
    last = now;
  }
  return last;
}

async function drag(page: Page, from: [number, number], to: [number, number]) {
  await page.mouse.move(from[0], from[1]);
  await page.mouse.down();
  await page.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, { steps: 4 });
  await page.mouse.move(to[0], to[1], { steps: 4 });
  // Under load the tool may still be on an earlier drag event: settle on the end point before releasing.
  await page.waitForTimeout(150);
  await page.mouse.move(to[0] + 0.2, to[1]);
  await page.mouse.move(to[0], to[1]);
  await page.waitForTimeout(150);
  await page.mouse.up();
}

const drawn = (page: Page) => page.evaluate(() => (window as unknown as { __viewerMeasurements(): Drawn[] }).__viewerMeasurements());

async function scrollTo(page: Page, index: number) {
  const vp = page.getByTestId('stack-viewport');
  await page.keyboard.press('Home');
  await vp.and(page.locator('[data-slice-index="0"]')).waitFor();
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await vp.and(page.locator(`[data-slice-index="${index}"]`)).waitFor({ timeout: 30_000 });
  // The slice on screen has rendered (its pixels, not the previous slice's).
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // TELEREAD_E2E_VIEWER_PAGE: a harness build of one's own, kept between runs while developing.
  webRoot = process.env.TELEREAD_E2E_VIEWER_PAGE || (await buildViewerHarness());
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  browser = chromium.browser;
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
  if (webRoot && !process.env.TELEREAD_E2E_VIEWER_PAGE) fs.rmSync(webRoot, { recursive: true, force: true });
});

describe('measurements on the CT phantom', () => {
  it('length within 1 % of the known distance, liver ROI within a few HU, probe and arrow text, all published for the report; K marks the key image', async () => {
    const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rad1', password: 'demo' }) });
    const token = (await login.json()).accessToken as string;
    const tasks = (await (await fetch(`${hub.url}/api/tasks?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()).tasks as Array<{ studyInstanceUid: string; modalities: string[] }>;
    const ct = tasks.find((x) => x.modalities.includes('CT'))!;
    expect(ct).toBeDefined();

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/#study=${encodeURIComponent(ct.studyInstanceUid)}&token=${encodeURIComponent(token)}`);
    await page.locator(`[data-testid="stack-viewport"][data-slice-count="${CT_GEOMETRY.sliceCount}"]`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('overlay-spacing').getAttribute('data-spacing-source')).toBe('PixelSpacing');

    // Length at z = 0 (slice 64) from x = −150 mm to x = +150 mm: 300 mm.
    await scrollTo(page, 64);
    expect(sliceZ(64)).toBe(0);
    await page.keyboard.press('l');
    await drag(page, await pageAt(page, -150, 0), await pageAt(page, 150, 0));
    await expect.poll(async () => (await drawn(page)).length, { timeout: 15_000 }).toBe(1);
    const [length] = await drawn(page);
    expect(length.tool).toBe('Length');
    expect(length.stats[0]?.unit).toBe('mm');
    const mm = Number(length.stats[0]?.length);
    expect(Math.abs(mm - 300) / 300).toBeLessThan(0.01);

    // K marks the image on screen as a key image (and again unmarks it; a third time keeps it).
    const marks = page.getByTestId('viewer-marks-count');
    await page.keyboard.press('k');
    await expect.poll(() => marks.getAttribute('data-keys')).toBe('1');
    await expect(page.getByTestId('viewer-key-image').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => marks.getAttribute('data-keys')).toBe('0');
    await page.getByTestId('viewer-key-image').click();
    await expect.poll(() => marks.getAttribute('data-keys')).toBe('1');

    // Ellipse ROI in the liver at z = −140 mm (slice 120): 60 HU with ±12 HU noise.
    const liverSlice = (CT_GEOMETRY.zTop - -140) / CT_GEOMETRY.sliceSpacing;
    await scrollTo(page, liverSlice);
    await page.keyboard.press('e');
    await drag(page, await pageAt(page, -72, -12), await pageAt(page, -48, 12));
    await expect
      .poll(async () => (await drawn(page)).filter((d) => d.tool === 'EllipticalROI' && d.stats[0]?.mean !== undefined).length, { timeout: 15_000 })
      .toBe(1)
      .catch(async (err: Error) => {
        await page.screenshot({ path: path.join(SHOTS, 'viewer-phantom-failed.png') });
        throw new Error(`${err.message}\ndrawn: ${JSON.stringify(await drawn(page)).slice(0, 2000)}\nerrors: ${errors.join('\n')}`);
      });
    const roi = (await drawn(page)).find((d) => d.tool === 'EllipticalROI')!;
    const mean = Number(roi.stats[0]?.mean);
    expect(roi.stats[0]?.modalityUnit).toBe('HU');
    expect(Math.abs(mean - HU.liver)).toBeLessThan(4);
    // … and the generator's own pixels inside the drawn ellipse (its handles, in image coordinates).
    const pts = roi.imagePoints;
    const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const rx = Math.max(...pts.map((p) => Math.abs(p[0] - cx)));
    const ry = Math.max(...pts.map((p) => Math.abs(p[1] - cy)));
    const hu = ctSliceHu(liverSlice);
    let sum = 0;
    let n = 0;
    for (let r = Math.floor(cy - ry); r <= Math.ceil(cy + ry); r++) {
      for (let c = Math.floor(cx - rx); c <= Math.ceil(cx + rx); c++) {
        const u = (c + 0.5 - cx) / rx;
        const v = (r + 0.5 - cy) / ry;
        if (u * u + v * v <= 1) {
          sum += hu[r * CT_GEOMETRY.size + c];
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(300);
    expect(Math.abs(mean - sum / n)).toBeLessThan(1.5);
    // Area: the ellipse's π·a·b in mm² (the same handles).
    expect(Number(roi.stats[0]?.area) / (Math.PI * rx * ry * CT_GEOMETRY.spacing ** 2)).toBeCloseTo(1, 1);

    // Probe (d) on the liver: one pixel, in HU. Arrow (n) with its text asked in the page (not window.prompt, which Electron lacks).
    await page.keyboard.press('d');
    const [px, py] = await pageAt(page, -60, 30); // outside the ellipse (a click there would pick the ellipse)
    await page.mouse.click(px, py);
    await expect
      .poll(async () => (await drawn(page)).find((d) => d.tool === 'Probe')?.stats[0]?.value, { timeout: 15_000 })
      .toBeDefined()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\ndrawn: ${JSON.stringify((await drawn(page)).map((d) => [d.tool, d.stats, d.imagePoints.length]))}`);
      });
    const probe = (await drawn(page)).find((d) => d.tool === 'Probe')!;
    expect(probe.stats[0]?.modalityUnit).toBe('HU');
    expect(Math.abs(Number(probe.stats[0]?.value) - HU.liver)).toBeLessThan(30);
    await page.keyboard.press('n');
    await drag(page, await pageAt(page, -20, -50), await pageAt(page, -40, -30));
    const ask = page.getByTestId('viewer-arrow-text');
    await ask.waitFor({ timeout: 15_000 });
    await ask.locator('input').fill('肝实质密度均匀');
    await ask.locator('input').press('Enter');
    await expect.poll(async () => (await drawn(page)).filter((d) => d.tool === 'ArrowAnnotate').length).toBe(1);

    // All four are published to the study's marks (what the report panel lists, inserts and saves).
    await expect.poll(() => marks.getAttribute('data-measurements')).toBe('4');
    await page.screenshot({ path: path.join(SHOTS, 'viewer-phantom-measure.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
