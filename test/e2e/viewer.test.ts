import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type HubUnderTest } from '../system/dicomweb-harness.js';
import { seedStudies, studyUidOf } from '../harness/seed-studies.js';
import { dataFile, dicomFiles, repoRoot } from '../harness/testdata.js';
import { buildViewerHarness, dcmtkReference, pearson, type Grey8 } from './viewer-support.js';

// The image viewer in Debian Chromium with software WebGL (SwiftShader), against an in-process hub
// holding real studies STOWed by a township user; a reader opens them.

interface Probe {
  values: number[];
  points: [number, number][];
  columns: number;
  rows: number;
  imageId: string;
}
interface Stats {
  mean: number;
  sd: number;
  distinct: number;
  nonBlack: number;
}

const shots = path.join(repoRoot, 'test-results');
const ctFiles = dicomFiles('ct-series/pancreas-ct-cb-001');
const RADIOGRAPHS = {
  mono1Jpeg: dataFile('radiograph/cr-mono1-jpeg-baseline.dcm'),
  rg1Jls: dataFile('radiograph/cr-chest-RG1/RG1_JLSN.dcm'),
  rg2J2k: dataFile('radiograph/cr-hip-RG2/RG2_J2KI.dcm'),
  rg2Rle: dataFile('radiograph/cr-hip-RG2/RG2_RLE.dcm'),
  rg2Unc: dataFile('radiograph/cr-hip-RG2/RG2_UNC.dcm'),
};

let hub: HubUnderTest;
let webRoot: string;
let browser: Browser;

beforeAll(async () => {
  webRoot = await buildViewerHarness();
  hub = await startHub({ webRoot });
  await seedStudies(hub.url, hub.tokens.town1, [...ctFiles, RADIOGRAPHS.mono1Jpeg, RADIOGRAPHS.rg1Jls, RADIOGRAPHS.rg2J2k, RADIOGRAPHS.rg2Rle]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
  fs.mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

async function openStudy(studyUid: string, expectedSlices: number): Promise<{ page: Page; errors: string[]; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${hub.url}/#study=${encodeURIComponent(studyUid)}&token=${encodeURIComponent(hub.tokens.rad1)}`);
  const vp = page.getByTestId('stack-viewport');
  await vp.and(page.locator(`[data-slice-count="${expectedSlices}"]`)).waitFor({ timeout: 60_000 });
  // First image on screen: the viewport has a window (from the file) and the canvas is not blank.
  await page
    .waitForFunction(() => {
      const s = (window as unknown as { __viewerStats(): Stats | null }).__viewerStats();
      return !!s && s.sd > 5 && s.distinct > 16;
    }, undefined, { timeout: 60_000 })
    .catch(async (err: Error) => {
      const alert = await page.getByRole('alert').allTextContents();
      await page.screenshot({ path: path.join(shots, `viewer-failed-${studyUid}.png`) });
      const last = await stats(page).catch(() => null);
      consoleErrors.push(`last canvas stats ${JSON.stringify(last)}`);
      throw new Error(`${err.message}\nalerts: ${alert.join(' | ')}\nconsole errors: ${consoleErrors.join('\n').slice(0, 2000)}`);
    });
  return { page, errors, consoleErrors };
}

const stats = (page: Page, testId = 'stack-viewport') => page.evaluate((id) => (window as unknown as { __viewerStats(id: string): Stats }).__viewerStats(id), testId);
const imageToPage = (page: Page, col: number, row: number) =>
  page.evaluate(([c, r]) => (window as unknown as { __viewerImageToPage(c: number, r: number): [number, number] }).__viewerImageToPage(c, r), [col, row] as const);
const measurements = (page: Page) =>
  page.evaluate(() => (window as unknown as { __viewerMeasurements(): { tool: string; stats: Record<string, unknown>[] }[] }).__viewerMeasurements());
const probe = (page: Page, n: number) => page.evaluate((k) => (window as unknown as { __viewerProbe(n: number): Probe }).__viewerProbe(k), n);
const attr = async (page: Page, name: string) => (await page.getByTestId('stack-viewport').getAttribute(name)) ?? '';

/** Canvas greys vs dcmtk's rendering at the same image pixels (points outside the canvas skipped). */
function compare(p: Probe, ref: Grey8) {
  expect([p.columns, p.rows]).toEqual([ref.width, ref.height]);
  const a: number[] = [];
  const b: number[] = [];
  p.values.forEach((v, i) => {
    if (v < 0) return;
    const [c, r] = p.points[i];
    a.push(v);
    b.push(ref.data[r * ref.width + c]);
  });
  const meanAbs = a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;
  return { r: pearson(a, b), meanAbs, n: a.length, a, b };
}

describe('viewer in Chromium against a real hub', () => {
  it('CT: first slice renders, scrolls by key and wheel, lung preset changes the window, all slices load', async () => {
    const { page, errors, consoleErrors } = await openStudy(studyUidOf(ctFiles[0]), ctFiles.length);
    expect(await attr(page, 'data-slice-index')).toBe('0');
    const first = await stats(page);
    expect(first.nonBlack).toBeGreaterThan(0.1);
    expect(Number(await attr(page, 'data-window-width'))).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(shots, 'viewer-ct-first.png') });

    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.querySelector('[data-testid="stack-viewport"]')?.getAttribute('data-slice-index') === '1');
    const box = await page.getByTestId('stack-viewport').boundingBox();
    if (!box) throw new Error('viewport has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 120);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="stack-viewport"]')?.getAttribute('data-slice-index')) >= 4);
    const scrolledSop = await attr(page, 'data-sop');
    expect(scrolledSop).not.toBe('');

    const before = await stats(page);
    await page.keyboard.press('4');
    await page.waitForFunction(() => document.querySelector('[data-testid="stack-viewport"]')?.getAttribute('data-window-width') === '1500');
    expect(Number(await attr(page, 'data-window-center'))).toBe(-600);
    const lung = await stats(page);
    // Lung window (-1350..150 HU) lifts air and fat out of black: the picture gets brighter.
    expect(Math.abs(lung.mean - before.mean)).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(shots, 'viewer-ct-lung.png') });

    // Every slice arrives (middle-out after the first), and the progress says so.
    await page.locator(`[data-testid="series-progress"][data-loaded="${ctFiles.length}"]`).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('series-progress').getAttribute('data-failed')).toBe('0');

    // Length: a line across 300 image pixels of a 1.07421875 mm pixel (the file's Pixel Spacing).
    await page.keyboard.press('l');
    const [x1, y1] = await imageToPage(page, 100, 256);
    const [x2, y2] = await imageToPage(page, 400, 256);
    await page.mouse.move(x1, y1);
    await page.mouse.down();
    await page.mouse.move((x1 + x2) / 2, y1, { steps: 4 });
    await page.mouse.move(x2, y2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => (window as unknown as { __viewerMeasurements(): unknown[] }).__viewerMeasurements().length > 0);
    const [length] = await measurements(page);
    expect(length.tool).toBe('Length');
    expect(length.stats[0]?.unit).toBe('mm');
    // One canvas pixel of drag rounding is ~0.75 image pixels at this zoom.
    expect(Number(length.stats[0]?.length)).toBeCloseTo(300 * 1.07421875, -0.5);
    expect(await page.getByTestId('overlay-spacing').getAttribute('data-spacing-source')).toBe('PixelSpacing');
    await page.screenshot({ path: path.join(shots, 'viewer-ct-length.png') });

    // MPR: axial, sagittal and coronal volume viewports with crosshairs, in software WebGL.
    await page.keyboard.press('x');
    await page
      .locator('[data-testid="mpr"][data-ready="true"]')
      .waitFor({ timeout: 120_000 })
      .catch(async (err: Error) => {
        await page.screenshot({ path: path.join(shots, 'viewer-failed-mpr.png') });
        const alerts = await page.getByRole('alert').allTextContents();
        throw new Error(`${err.message}\nalerts: ${alerts.join(' | ')}\nconsole errors: ${consoleErrors.join('\n').slice(0, 3000)}`);
      });
    await page.waitForTimeout(3000);
    await page.screenshot({ path: path.join(shots, 'viewer-ct-mpr.png') });
    for (const id of ['mpr-axial', 'mpr-sagittal', 'mpr-coronal']) {
      await page.waitForFunction((tid) => {
        const s = (window as unknown as { __viewerStats(id: string): Stats | null }).__viewerStats(tid);
        return !!s && s.sd > 5 && s.distinct > 16;
      }, id, { timeout: 60_000 });
    }
    expect(await page.getByTestId('mpr-warning').count()).toBe(0);
    await page.keyboard.press('x');
    await page.getByTestId('stack-viewport').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('MONOCHROME1 CR (JPEG baseline): shown inverted like dcmtk shows it, air dark', async () => {
    const { page, errors } = await openStudy(studyUidOf(RADIOGRAPHS.mono1Jpeg), 1);
    await page.screenshot({ path: path.join(shots, 'viewer-cr-mono1.png') });
    const ref = dcmtkReference(RADIOGRAPHS.mono1Jpeg);
    const cmp = compare(await probe(page, 48), ref);
    expect(cmp.r).toBeGreaterThan(0.95);
    expect(cmp.meanAbs).toBeLessThan(12);
    // Where dcmtk shows black (air beside the patient), the viewer shows black too.
    const dark = cmp.b.map((v, i) => (v < 30 ? cmp.a[i] : -1)).filter((v) => v >= 0);
    expect(dark.length).toBeGreaterThan(20);
    expect(dark.reduce((s, v) => s + v, 0) / dark.length).toBeLessThan(40);
    expect(await page.getByTestId('overlay-spacing').getAttribute('data-spacing-source')).toBe('PixelSpacing');

    // Invert turns the correct picture into its negative: correlation with dcmtk flips sign.
    await page.keyboard.press('i');
    await page.waitForFunction(() => document.querySelector('[data-testid="stack-viewport"]')?.getAttribute('data-invert') === 'true');
    await page.waitForTimeout(200);
    expect(compare(await probe(page, 48), ref).r).toBeLessThan(-0.95);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid="stack-viewport"]')?.getAttribute('data-invert') === 'false');
    await page.waitForTimeout(200);
    expect(compare(await probe(page, 48), ref).r).toBeGreaterThan(0.95);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('JPEG-LS MONOCHROME1 chest, JPEG 2000 and RLE hips decode and match dcmtk', async () => {
    const cases = [
      { name: 'rle', file: RADIOGRAPHS.rg2Rle, ref: dcmtkReference(RADIOGRAPHS.rg2Rle), count: 1 },
      { name: 'jls', file: RADIOGRAPHS.rg1Jls, ref: dcmtkReference(RADIOGRAPHS.rg1Jls, 'dcml2pnm'), count: 1 },
      // dcmtk has no JPEG 2000 decoder: the lossy J2K hip is compared with the uncompressed original.
      { name: 'j2k', file: RADIOGRAPHS.rg2J2k, ref: dcmtkReference(RADIOGRAPHS.rg2Unc), count: 1 },
    ];
    for (const c of cases) {
      const { page, errors } = await openStudy(studyUidOf(c.file), c.count);
      await page.screenshot({ path: path.join(shots, `viewer-cr-${c.name}.png`) });
      const s = await stats(page);
      expect(s.distinct, c.name).toBeGreaterThan(64);
      const cmp = compare(await probe(page, 48), c.ref);
      expect(cmp.r, `${c.name} correlation`).toBeGreaterThan(0.95);
      expect(cmp.meanAbs, `${c.name} mean abs difference`).toBeLessThan(12);
      expect(errors, c.name).toEqual([]);
      await page.close();
    }
  });
});
