import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInstance } from '../../server/demo/dicom/index.js';
import { DEMO_STUDY_SPECS } from '../../server/demo/dicom/patients.js';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { startHub, type HubUnderTest } from '../system/dicomweb-harness.js';
import { dicomVariant, testUid } from '../harness/dicom-variant.js';
import { dicomFiles, repoRoot, testDataDir } from '../harness/testdata.js';
import { buildViewerHarness, launchViewerChromium } from './viewer-support.js';

// Layouts, the chest CT hanging protocol, a prior of the same patient (seeded here through STOW,
// with one slice deleted and markup in the name), synchronised scrolling by position, help overlay,
// tag browser, slab and the next-task prefetch, in Debian Chromium with software WebGL against an in-process hub.

interface Stats {
  mean: number;
  sd: number;
  distinct: number;
  nonBlack: number;
}

const shots = path.join(repoRoot, 'test-results');
const CT_SPEC = DEMO_STUDY_SPECS.find((s) => s.key === 'ct-chest');
const CT_SLICES = 128;
const PRIOR_SLICES = 40;
const DELETED = 20;
const priorStudy = testUid();
const priorSeries = `${priorStudy}.1`;
// Markup in a name (no '=': that separates PN component groups) must show as text, never as elements.
const HOSTILE_NAME = 'Zhang^<b>Wei</b><img src onerror>';

let hub: HubUnderTest;
let webRoot: string;
let browser: Browser;
let currentStudy = '';
const dxCurrent = testUid();
const dxPrior = testUid();

async function stow(files: Uint8Array[], token: string) {
  for (let i = 0; i < files.length; i += 16) {
    const { body, contentType } = stowBody(files.slice(i, i + 16));
    const res = await fetch(`${hub.url}/dicomweb/studies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/dicom+json' },
      body,
    });
    if (res.status !== 200) throw new Error(`STOW failed: HTTP ${res.status} ${(await res.text()).slice(0, 400)}`);
  }
}

beforeAll(async () => {
  if (!CT_SPEC) throw new Error('demo chest CT spec missing');
  webRoot = await buildViewerHarness();
  hub = await startHub({ webRoot });
  // The demo chest CT, generated as the hub's demo seeder does, uploaded by the township (town1).
  const ct = Array.from({ length: CT_SLICES }, (_, i) => demoInstance('ct-chest', i));
  await stow(ct, hub.tokens.town1);
  const q = await hub.fetch('rad1', `/dicomweb/studies?PatientID=${CT_SPEC.patient.id}`);
  currentStudy = ((await q.json()) as { '0020000D': { Value: string[] } }[])[0]['0020000D'].Value[0];
  // A prior of the same patient: 40 real CT slices (3 mm apart) with new UIDs, slice 20 left out.
  const source = dicomFiles('ct-series/pancreas-ct-cb-001').slice(0, PRIOR_SLICES);
  const prior = source
    .filter((_, i) => i !== DELETED)
    .map((file, i) =>
      dicomVariant(
        { studyUid: priorStudy, seriesUid: priorSeries, sopUid: `${priorSeries}.${i + 1}`, patientId: CT_SPEC.patient.id, patientName: HOSTILE_NAME, studyDescription: '胸部CT平扫（既往）' },
        path.relative(testDataDir(), file),
      ),
    );
  await stow(prior, hub.tokens.town1);
  // Two radiographs of another patient: today's and a prior.
  await stow(
    [dxCurrent, dxPrior].map((studyUid) => dicomVariant({ studyUid, patientId: 'DX-PRIOR-1', patientName: 'Li^Na', studyDescription: 'DR 胸部正位' })),
    hub.tokens.town1,
  );
  browser = await launchViewerChromium();
  fs.mkdirSync(shots, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

const cell = (page: Page, i: number) => page.locator(`[data-testid="viewport-cell"][data-cell-index="${i}"]`);
const cellAttr = async (page: Page, i: number, name: string) => (await cell(page, i).getByTestId('stack-viewport').getAttribute(name)) ?? '';
const statsOf = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const id = `probe-${Math.random().toString(36).slice(2)}`;
    const old = el.getAttribute('data-testid');
    el.setAttribute('data-testid', id);
    try {
      return (window as unknown as { __viewerStats(id: string): Stats | null }).__viewerStats(id);
    } finally {
      if (old) el.setAttribute('data-testid', old);
    }
  }, selector);

describe('viewer layouts, hanging protocol, priors', () => {
  it('hangs the demo chest CT, lists and hangs the prior, syncs by position, switches layouts, helps, shows tags as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/#study=${encodeURIComponent(currentStudy)}&token=${encodeURIComponent(hub.tokens.rad1)}&hp=auto`);

    // Chest CT protocol: 2×2, axial lung + axial mediastinum + coronal, and the prior in the 4th.
    await page.locator('[data-testid="viewer"][data-protocol="ct-chest"][data-layout="2x2"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('viewport-cell').count()).toBe(4);
    await page.waitForFunction(() => document.querySelector('[data-cell-index="0"] [data-testid="stack-viewport"]')?.getAttribute('data-window-width') === '1500', undefined, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-cell-index="1"] [data-testid="stack-viewport"]')?.getAttribute('data-window-width') === '350', undefined, { timeout: 60_000 });
    expect(await cellAttr(page, 0, 'data-window-center')).toBe('-600');
    expect(await cell(page, 2).getAttribute('data-view')).toBe('coronal');
    await page.locator('[data-testid="plane-coronal"][data-ready="true"]').waitFor({ timeout: 90_000 });
    expect(await cell(page, 0).getAttribute('data-active')).toBe('true');
    expect(await cell(page, 1).getAttribute('data-active')).toBe('false');

    // The prior is listed (QIDO by Patient ID through the hub) and hung in the 4th viewport.
    await page.locator(`[data-testid="prior-item"][data-study-uid="${priorStudy}"]`).waitFor();
    expect(await cell(page, 3).getAttribute('data-study-uid')).toBe(priorStudy);
    expect(await cell(page, 3).getAttribute('data-prior')).toBe('true');
    await cell(page, 3).locator(`[data-testid="stack-viewport"][data-slice-count="${PRIOR_SLICES - 1}"]`).waitFor({ timeout: 60_000 });
    // Bad input on one viewport: the deleted slice is reported there; the others have no warning.
    const warning = cell(page, 3).getByTestId('series-warning');
    await warning.waitFor();
    expect(await warning.getAttribute('data-kinds')).toContain('missingSlices');
    expect(await warning.textContent()).toContain('缺层');
    for (const i of [0, 1, 2]) expect(await cell(page, i).getByTestId('series-warning').count()).toBe(0);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __viewerStats(id: string): Stats | null }).__viewerStats('plane-coronal');
      return !!s && s.sd > 5 && s.distinct > 16;
    }, undefined, { timeout: 60_000 });
    const axialStats = await statsOf(page, '[data-cell-index="0"] [data-testid="stack-viewport"]');
    expect(axialStats?.sd).toBeGreaterThan(5);
    // Overlays: orientation markers (axial: patient right on the left), scale bar, series/instance.
    const markers = cell(page, 0).getByTestId('orientation-markers');
    expect([await markers.getAttribute('data-left'), await markers.getAttribute('data-right'), await markers.getAttribute('data-top')]).toEqual(['R', 'L', 'A']);
    expect(Number(await cell(page, 0).getByTestId('scale-bar').getAttribute('data-mm'))).toBeGreaterThan(0);
    expect(await cell(page, 0).getByTestId('overlay-series').textContent()).toMatch(/2.*1/);
    await page.screenshot({ path: path.join(shots, 'viewer-layout-chest-ct.png') });

    // Synchronised scrolling by slice position: 10 slices of 2.5 mm = 25 mm = 8 prior slices of 3 mm.
    for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.querySelector('[data-cell-index="0"] [data-testid="stack-viewport"]')?.getAttribute('data-slice-index') === '10');
    await page.waitForFunction(() => document.querySelector('[data-cell-index="3"] [data-testid="stack-viewport"]')?.getAttribute('data-slice-index') === '8', undefined, { timeout: 10_000 });
    // The mediastinum viewport shows the same series: it is not dragged along.
    expect(await cellAttr(page, 1, 'data-slice-index')).toBe('0');

    // Slab on the coronal reformat: ] makes it a 15 mm MIP, shown in the overlay.
    await page.keyboard.press(']');
    await page.locator('[data-testid="plane-coronal"][data-slab="mip:15"]').waitFor();
    expect(await page.getByTestId('plane-slab').textContent()).toContain('15 mm');

    // Layouts by key: 1×1 keeps the first viewport; 2×2 gives empty cells; a series goes into the active one.
    await page.keyboard.press('F2');
    await page.locator('[data-testid="viewer"][data-layout="1x1"]').waitFor();
    expect(await page.getByTestId('viewport-cell').count()).toBe(1);
    await page.keyboard.press('F4');
    await page.locator('[data-testid="viewer"][data-layout="2x2"]').waitFor();
    expect(await page.getByTestId('viewport-cell').count()).toBe(4);
    await cell(page, 1).click();
    expect(await cell(page, 1).getAttribute('data-active')).toBe('true');
    expect(await cell(page, 0).getAttribute('data-active')).toBe('false');
    await page.getByTestId('series-item').first().click();
    await cell(page, 1).locator(`[data-testid="stack-viewport"][data-slice-count="${CT_SLICES}"]`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'viewer-layout-2x2.png') });
    await page.keyboard.press('F3');
    await page.locator('[data-testid="viewer"][data-layout="1x2"]').waitFor();

    // Help overlay: every command with its shortcut, from the command tables.
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    expect(await help.getByTestId('help-row').count()).toBeGreaterThan(40);
    expect(await help.locator('[data-command="layout.2x2"]').textContent()).toContain('F4');
    expect(await help.locator('[data-command="view.invert"]').textContent()).toContain('I');
    expect(await help.locator('[data-command="preset.lung"]').textContent()).toContain('4');
    expect(await help.getByTestId('help-cache').textContent()).toMatch(/768 MB/);
    await page.screenshot({ path: path.join(shots, 'viewer-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Tag browser on the prior: PatientName shown as the literal text, markup and all, never run.
    await page.getByTestId('prior-open').first().waitFor();
    await page.keyboard.press('F2');
    await page.keyboard.press('P');
    await page.locator('[data-testid="viewer"][data-layout="1x2"]').waitFor();
    await cell(page, 1).locator(`[data-testid="stack-viewport"][data-slice-count="${PRIOR_SLICES - 1}"]`).waitFor({ timeout: 30_000 });
    await cell(page, 1).click();
    await page.keyboard.press('T');
    const tags = page.getByTestId('tag-browser');
    await tags.waitFor();
    await page.getByTestId('tag-search').fill('PatientName');
    const row = tags.locator('[data-testid="tag-row"][data-tag="(0010,0010)"]');
    await row.waitFor();
    expect(await row.getAttribute('data-keyword')).toBe('PatientName');
    expect(await row.getByTestId('tag-value').textContent()).toBe(HOSTILE_NAME);
    expect(await tags.locator('img, b').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'viewer-tags.png') });
    await page.keyboard.press('Escape');
    await tags.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('DR: hangs the current radiograph beside the prior', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${hub.url}/#study=${encodeURIComponent(dxCurrent)}&token=${encodeURIComponent(hub.tokens.rad1)}&hp=auto`);
    await page.locator('[data-testid="viewer"][data-protocol="dr-prior"][data-layout="1x2"]').waitFor({ timeout: 60_000 });
    expect(await cell(page, 0).getAttribute('data-study-uid')).toBe(dxCurrent);
    expect(await cell(page, 1).getAttribute('data-study-uid')).toBe(dxPrior);
    for (const i of [0, 1]) await cell(page, i).locator('[data-testid="stack-viewport"][data-slice-count="1"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'viewer-layout-dr-prior.png') });
    await page.close();
  }, 60_000);

  it('prefetches the first frames of the next waiting task (worklist order) within the budget', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // One viewport with the current study only: the prior is not on screen, so its frames come from the prefetch.
    await page.goto(`${hub.url}/#study=${encodeURIComponent(currentStudy)}&token=${encodeURIComponent(hub.tokens.rad1)}&hp=single&prefetch=1`);
    await page.getByTestId('stack-viewport').waitFor({ timeout: 60_000 });
    const handle = await page.waitForFunction(() => (window as unknown as { __telereadPrefetch?: unknown }).__telereadPrefetch, undefined, { timeout: 60_000 });
    const result = (await handle.jsonValue()) as { studyUid: string; framesLoaded: number; bytes: number; failed: number; stoppedBy: string };
    expect(result.studyUid).toBe(priorStudy);
    expect(result.stoppedBy).toBe('frames');
    expect(result.framesLoaded).toBe(24);
    expect(result.failed).toBe(0);
    // 24 decoded 512×512 16-bit slices, fetched (not found in the cache), under the 64 MB budget.
    expect(result.bytes).toBeGreaterThanOrEqual(24 * 512 * 512 * 2);
    expect(result.bytes).toBeLessThan(64 * 1024 * 1024);
    expect(await page.getByTestId('viewport-cell').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
