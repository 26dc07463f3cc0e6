import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 9 end to end: ecg1 opens the demo inferior-STEMI ECG (patient 刘桂兰, township B), the page
 * is drawn on paper, HR ≈ 78 and the ECG-ACS-01 hint are shown, 50 mm/s redraws the page, a time
 * caliper measures, and the raised critical value reaches the township site (QSX-XHX, town2).
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
let context: BrowserContext | null = null;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

async function token(user: string): Promise<string> {
  const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }) });
  return (await login.json()).accessToken as string;
}

async function api(pathname: string, user: string) {
  return fetch(hub.url + pathname, { headers: { authorization: `Bearer ${await token(user)}` } });
}

/** The canvas as pixels: how many look like grid (pink/red) and how many like the black trace. */
async function pagePixels(page: Page) {
  return page.locator('[data-testid="ecg-page"]').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let grid = 0;
    let trace = 0;
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      if (r > 200 && g > 110 && g < 210 && b > 100 && b < 205 && r - g > 30) grid++;
      if (r < 80 && g < 80 && b < 80) trace++;
      hash = (hash * 31 + r + 7 * g + 13 * b) | 0;
    }
    return { width: c.width, height: c.height, grid, trace, hash, draws: Number(c.dataset.drawCount ?? 0) };
  });
}

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEB_ROOT ?? ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
});

describe('ECG reading screen in Chromium', () => {
  it('shows the STEMI ECG on paper, measures, and raises the critical value to the township', async () => {
    const tasks = await (await api('/api/tasks?kind=ecg&limit=100', 'admin')).json();
    const stemi = tasks.tasks.find((x: { patient: { nameIdeographic: string | null; name: string | null } }) =>
      `${x.patient.nameIdeographic ?? ''}${x.patient.name ?? ''}`.replace(/[\^ =]/g, '').includes('刘桂兰'),
    );
    expect(stemi, 'demo STEMI task of 刘桂兰').toBeDefined();
    const uid: string = stemi.studyInstanceUid;

    context = await chromium.newContext({ viewport: { width: 1700, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${hub.url}/`);
    await page.locator('#login-username').fill('ecg1');
    await page.locator('#login-password').fill('demo');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
    await page.goto(`${hub.url}/#/ecg/${uid}`);
    await page.getByTestId('ecg-screen').waitFor({ timeout: 60_000 });

    // Drawn on paper: grid colour and a black trace, not a blank canvas.
    await poll(async () => (await pagePixels(page)).trace).toBeGreaterThan(2000);
    const at25 = await pagePixels(page);
    expect(at25.grid).toBeGreaterThan(20_000);
    await expect(page.getByTestId('ecg-patient').textContent()).resolves.toContain('刘桂兰');
    await expect(page.getByTestId('ecg-scale').textContent()).resolves.toBe('25 mm/s · 10 mm/mV · 标称比例，未校准');

    // Heart rate near 78 (the generator's rate), as a suggestion; the inferior STEMI hint.
    const hr = Number((await page.getByTestId('ecg-m-heartRate-auto').textContent())?.match(/\d+/)?.[0]);
    expect(Math.abs(hr - 78)).toBeLessThanOrEqual(2);
    const hint = page.locator('[data-testid="ecg-hint"][data-code="ECG-ACS-01"]');
    await hint.waitFor();
    await expect(hint.textContent()).resolves.toContain('ST');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-stemi-25mms.png') });

    // 50 mm/s: the page is redrawn twice as long.
    await page.getByTestId('ecg-speed').locator('button[data-value="50"]').click();
    await poll(async () => (await pagePixels(page)).draws).toBeGreaterThan(at25.draws);
    const at50 = await pagePixels(page);
    expect(at50.width / at25.width).toBeCloseTo(510 / 260, 1);
    expect(at50.hash).not.toBe(at25.hash);
    await expect(page.getByTestId('ecg-scale').textContent()).resolves.toContain('50 mm/s');

    // Time caliper: drag 40 mm along lead I at 50 mm/s = 800 ms.
    const box = (await page.getByTestId('ecg-overlay').boundingBox())!;
    const pxPerMm = 96 / 25.4;
    const y = box.y + 15 * pxPerMm;
    await page.mouse.move(box.x + 30 * pxPerMm, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 50 * pxPerMm, y, { steps: 5 });
    await page.mouse.move(box.x + 70 * pxPerMm, y, { steps: 5 });
    await page.mouse.up();
    const readout = (await page.getByTestId('ecg-caliper-readout').textContent()) ?? '';
    const ms = Number(readout.match(/(\d+) ms/)?.[1]);
    expect(readout).toContain('I:');
    expect(Math.abs(ms - 800)).toBeLessThanOrEqual(10);
    expect(readout).toMatch(/7[45] 次\/分/);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-stemi-50mms-caliper.png') });

    // Amplitude caliper: 10 mm straight up on lead II at 10 mm/mV = 1.00 mV.
    await page.getByTestId('ecg-tool').locator('button[data-value="amplitude"]').click();
    await page.mouse.move(box.x + 90 * pxPerMm, box.y + 50 * pxPerMm);
    await page.mouse.down();
    await page.mouse.move(box.x + 90 * pxPerMm, box.y + 40 * pxPerMm, { steps: 5 });
    await page.mouse.up();
    const amp = (await page.getByTestId('ecg-caliper-readout').textContent()) ?? '';
    expect(amp).toContain('II:');
    expect(Math.abs(Number(amp.match(/([\d.]+) mV/)?.[1]) - 1)).toBeLessThanOrEqual(0.02);
    await page.getByTestId('ecg-tool').locator('button[data-value="time"]').click();

    // The reader accepts the suggested rate; a display filter is labelled while on.
    await page.getByTestId('ecg-m-heartRate').getByRole('button', { name: '采纳' }).click();
    await expect(page.getByTestId('ecg-m-heartRate').getAttribute('data-status')).resolves.toBe('accepted');
    await expect(page.getByTestId('ecg-filters-on').count()).resolves.toBe(0);
    await page.getByTestId('ecg-filters').getByLabel('基线漂移 0.5 Hz').check();
    await poll(() => page.getByTestId('ecg-filters-on').textContent()).toContain('基线漂移 0.5 Hz');
    await page.getByTestId('ecg-filters').getByLabel('基线漂移 0.5 Hz').uncheck();
    await poll(() => page.getByTestId('ecg-filters-on').count()).toBe(0);

    // A click on lead II zooms to it (magnified, so never "calibrated"); a second click goes back.
    await page.mouse.click(box.x + 60 * pxPerMm, box.y + 45 * pxPerMm);
    await poll(() => page.getByTestId('ecg-scale').textContent()).toContain('放大 ×2');
    await expect(page.getByTestId('ecg-layout').locator('button[aria-checked="true"]').textContent()).resolves.toBe('单导联 II');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-single-lead.png') });
    await page.mouse.click(box.x + 60 * pxPerMm, box.y + 20 * pxPerMm);
    await poll(() => page.getByTestId('ecg-layout').locator('button[aria-checked="true"]').textContent()).toBe('3×4 + II 节律条');

    // The other layouts draw all twelve leads (6×2: two columns of 5 s; 12×1: one strip each).
    for (const [kind, shot] of [['6x2', 'e2e-ecg-6x2.png'], ['12x1', 'e2e-ecg-12x1.png']] as const) {
      const before = (await pagePixels(page)).draws;
      await page.getByTestId('ecg-layout').locator(`button[data-value="${kind}"]`).click();
      await poll(async () => (await pagePixels(page)).draws).toBeGreaterThan(before);
      expect((await pagePixels(page)).trace).toBeGreaterThan(2000);
      await page.screenshot({ path: path.join(SHOTS, shot) });
    }
    await page.getByTestId('ecg-layout').locator('button[data-value="3x4+1"]').click();

    // Raise the suggested critical value; patient identifiers are prefilled and confirmed by the reader.
    await hint.getByTestId('ecg-raise').click();
    const dialog = page.getByTestId('ecg-raise-dialog');
    await dialog.waitFor();
    await expect(page.getByTestId('ecg-crit-name').inputValue()).resolves.toBe('刘桂兰');
    await expect(page.getByTestId('ecg-crit-pid').inputValue()).resolves.toBe('XHX0200733');
    // Without the confirmation tick the reader is told what is missing; nothing is sent.
    await page.getByTestId('ecg-crit-send').click();
    await expect(page.getByTestId('ecg-crit-error').textContent()).resolves.toContain('勾选已核对');
    await page.getByTestId('ecg-crit-confirm').check();
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-raise-dialog.png') });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/critical/alerts') && r.request().method() === 'POST'),
      page.getByTestId('ecg-crit-send').click(),
    ]);
    expect(response.status()).toBe(201);
    await page.getByTestId('ecg-raised').waitFor();
    await expect(page.getByTestId('ecg-raised').textContent()).resolves.toContain('ECG-ACS-01');

    // The township of the study (QSX-XHX, town2) sees it open.
    const seen = await (await api(`/api/critical/alerts?studyUid=${uid}&open=true`, 'town2')).json();
    const alerts = (seen.alerts ?? seen) as { items: { code: string }[]; studyInstanceUid: string }[];
    expect(alerts.some((a) => a.studyInstanceUid === uid && a.items.some((i) => i.code === 'ECG-ACS-01'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-raised.png') });
    // One-time ruler calibration: the 400 px bar measured as 100 mm → 4 px/mm, kept for this display.
    await page.getByTestId('ecg-calibrate').click();
    await page.getByTestId('ecg-calibration').getByRole('textbox').fill('100');
    await page.getByTestId('ecg-calibration').getByRole('button', { name: '保存校准' }).click();
    await poll(() => page.getByTestId('ecg-scale').textContent()).toBe('50 mm/s · 10 mm/mV · 已校准实际尺寸');
    await expect(page.evaluate(() => localStorage.getItem('teleread.ecg.pxPerMm'))).resolves.toBe('4');
    await poll(async () => (await pagePixels(page)).width).toBe(Math.ceil(517 * 4));
  });
  it('in English the ECG screen, its critical-value panel and the report side show no Chinese interface text', async () => {
    const tasks = await (await api('/api/tasks?kind=ecg&limit=100', 'admin')).json();
    const stemi = tasks.tasks.find((x: { patient: { nameIdeographic: string | null; name: string | null } }) =>
      `${x.patient.nameIdeographic ?? ''}${x.patient.name ?? ''}`.replace(/[\^ =]/g, '').includes('刘桂兰'),
    );
    const en = await chromium.newContext({ viewport: { width: 1700, height: 1000 } });
    try {
      await en.addInitScript(() => localStorage.setItem('teleread.language', 'en'));
      const page = await en.newPage();
      await page.goto(`${hub.url}/`);
      await page.locator('#login-username').fill('ecg1');
      await page.locator('#login-password').fill('demo');
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
      await page.goto(`${hub.url}/#/ecg/${stemi.studyInstanceUid}`);
      await page.getByTestId('ecg-screen').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="ecg-hint"][data-code="ECG-ACS-01"]').waitFor();
      // The raise dialog too (its catalogue items in English), then the median-beat view's labels.
      await page.getByTestId('ecg-raise').first().click();
      await page.getByTestId('ecg-raise-dialog').waitFor();
      await poll(() => page.locator('[data-testid="ecg-raise-dialog"] .ecg-item').count()).toBeGreaterThan(1);
      await expect(page.getByTestId('ecg-crit-send').textContent()).resolves.not.toMatch(/[\u4e00-\u9fff]/);
      await page.getByTestId('ecg-crit-send').click();
      await page.getByTestId('ecg-crit-error').waitFor();
      // Data, not interface text: people's names (the patient 刘桂兰, the reader 张敏) and the device's
      // own statements read from the file.
      let text = (await page.getByTestId('ecg-read').innerText()).replace(/刘桂兰|张敏/g, '');
      for (const statement of await page.locator('.ecg-statements li').allInnerTexts()) text = text.split(statement).join('');
      const cjk = text.split('\n').filter((line) => /[\u4e00-\u9fff]/.test(line));
      await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-english.png') });
      expect(cjk, 'lines with Chinese characters on the English ECG screen').toEqual([]);
    } finally {
      await en.close();
    }
  });
});
