import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { dataFile, repoRoot } from '../harness/testdata.js';
import { demoInstance } from '../../server/demo/dicom/index.js';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 9 done-when (and the ECG half of issue 7): ecg1 opens the demo inferior-STEMI ECG, claims
 * it from the ECG screen, accepts the measurements, is prompted by the ST-elevation rule
 * (ECG-ACS-01), raises the critical value, writes from the ECG template with one-action
 * measurement insert, and signs. The signed version exists on the hub and its PDF ends with the
 * true-scale ECG page (A4 landscape; lead labels read back by pdftotext).
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
let context: BrowserContext | null = null;
/** ecg1's signed-in page (the session lives in the page, so the second test goes on in it). */
let page: Page;
let dir: string;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

async function token(user: string): Promise<string> {
  const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }) });
  return (await login.json()).accessToken as string;
}
const api = async (pathname: string, user: string) => fetch(hub.url + pathname, { headers: { authorization: `Bearer ${await token(user)}` } });

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEB_ROOT ?? ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-e2e-ecg-report-'));
  // Demo accounts only (the 134-slice CT of the full demo seed takes most of a minute on a busy
  // machine); the demo STEMI ECG is uploaded by township B as the demo seeder would.
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot, env: { TELEREAD_DEMO_STUDIES: '0' } }), launchChromium()]);
  const { body, contentType } = stowBody([demoInstance('ecg-inferior-stemi', 0)]);
  const stow = await fetch(`${hub.url}/dicomweb/studies`, { method: 'POST', body: Buffer.from(body), headers: { authorization: `Bearer ${await token('town2')}`, 'content-type': contentType } });
  expect(stow.status).toBe(200);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ECG report in Chromium', () => {
  it('ecg1 measures, raises, inserts the measurements into the template, signs; the PDF has the ECG page', async () => {
    // The upload queues the reading task (study.stored → worklist).
    let tasks = { tasks: [] as Array<{ id: string; state: string; studyInstanceUid: string; patient: { nameIdeographic: string | null; name: string | null } }> };
    await poll(async () => {
      tasks = await (await api('/api/tasks?kind=ecg&limit=100', 'admin')).json();
      return tasks.tasks.length;
    }).toBe(1);
    const stemi = tasks.tasks.find((x) =>
      `${x.patient.nameIdeographic ?? ''}${x.patient.name ?? ''}`.replace(/[\^ =]/g, '').includes('刘桂兰'),
    );
    if (!stemi) throw new Error('demo STEMI task of 刘桂兰 not found');
    expect(stemi.state).toBe('waiting');
    const uid: string = stemi.studyInstanceUid;

    context = await chromium.newContext({ viewport: { width: 1800, height: 1050 } });
    page = await context.newPage();
    await page.goto(`${hub.url}/`);
    await page.locator('#login-username').fill('ecg1');
    await page.locator('#login-password').fill('demo');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
    await page.goto(`${hub.url}/#/ecg/${uid}`);
    await page.getByTestId('ecg-screen').waitFor({ timeout: 60_000 });

    // Opened directly (not from the worklist): the task is claimed from the report side.
    await page.getByTestId('ecg-report-claim-button').click();
    const panel = page.locator('[data-testid="report-panel"][data-phase="ready"]');
    await panel.waitFor({ timeout: 30_000 });
    await poll(async () => (await api(`/api/tasks/${stemi.id}`, 'admin').then((r) => r.json())).state).toBe('claimed');
    // The reader writes from the ECG template: its measurement items are still open.
    await page.getByTestId('rp-template').selectOption('ecg-12lead');
    await poll(() => page.getByTestId('rp-findings').inputValue()).toContain('{HR}');
    // Nothing accepted yet: the insert says so and writes nothing.
    await page.getByTestId('ecg-insert-measurements').click();
    await expect(page.getByTestId('ecg-insert-note').textContent()).resolves.toContain('请先在“测量”中采纳或修改');
    await expect(page.getByTestId('rp-findings').inputValue()).resolves.toContain('{HR}');

    // Measure: the reader accepts the suggestions; the ST-elevation rule prompts ECG-ACS-01.
    await page.getByTestId('ecg-accept-all').click();
    await expect(page.getByTestId('ecg-m-heartRate').getAttribute('data-status')).resolves.toBe('accepted');
    const hr = Number((await page.getByTestId('ecg-m-heartRate-auto').textContent())?.match(/\d+/)?.[0]);
    expect(Math.abs(hr - 78)).toBeLessThanOrEqual(2);
    const qrs = Number((await page.getByTestId('ecg-m-qrs-auto').textContent())?.match(/\d+/)?.[0]);
    const hint = page.locator('[data-testid="ecg-hint"][data-code="ECG-ACS-01"]');
    await hint.waitFor();

    // Raise the critical value from the ECG screen: one place (the ECG panel with its threshold
    // prompts); the report panel beside it offers no second raise button and follows the alert.
    await page.getByTestId('rp-critical').waitFor();
    await expect(page.getByTestId('rp-critical-raise').count()).resolves.toBe(0);
    await expect(page.getByTestId('rp-critical-elsewhere').textContent()).resolves.toContain('危急值提示');
    await hint.getByTestId('ecg-raise').click();
    await page.getByTestId('ecg-raise-dialog').waitFor();
    await page.getByTestId('ecg-crit-confirm').check();
    const [raised] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/critical/alerts') && r.request().method() === 'POST'),
      page.getByTestId('ecg-crit-send').click(),
    ]);
    expect(raised.status()).toBe(201);
    await page.getByTestId('ecg-raised').waitFor();
    const alertId = await page.getByTestId('ecg-raised').getAttribute('data-alert-id');
    await page.locator('[data-testid="rp-critical"] [data-testid="rp-alert"]').first().waitFor({ timeout: 10_000 });
    await expect(page.locator('[data-testid="rp-critical"] [data-testid="rp-alert"]').count()).resolves.toBe(1);
    expect(alertId).toBeTruthy();

    // One action fills the template's measurement items with the accepted values.
    await page.getByTestId('ecg-insert-measurements').click();
    const findings = await page.getByTestId('rp-findings').inputValue();
    expect(findings).toContain(`心率 ${hr} 次/分`);
    expect(findings).toContain(`QRS 时限 ${qrs} ms`);
    expect(findings).not.toContain('{HR}');
    expect(findings).not.toContain('{QRS}');
    await page.getByTestId('rp-findings').fill(findings.replace('各导联 ST 段未见明显偏移', 'II、III、aVF 导联 ST 段抬高约 0.2 mV，aVL 导联 ST 段压低'));
    await page.getByTestId('rp-impression').fill('1. 窦性心律\n2. 急性下壁 ST 段抬高型心肌梗死（已按危急值上报）');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-report-written.png') });

    // Sign → preliminary.
    const sign = page.getByTestId('rp-sign-button');
    await poll(() => sign.isEnabled()).toBe(true);
    await sign.click();
    await poll(() => page.getByTestId('rp-status').getAttribute('data-status')).toBe('preliminary');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-report-signed.png') });

    // The signed version on the hub, with the inserted values; its PDF ends with the ECG page.
    const report = await (await api(`/api/tasks/${stemi.id}/report`, 'ecg1')).json();
    expect(report.status).toBe('preliminary');
    expect(report.versions).toHaveLength(1);
    expect(report.versions[0].findings ?? report.findings).toContain(`心率 ${hr} 次/分`);
    const pdfRes = await api(`/api/reports/${report.id}/versions/1/pdf`, 'ecg1');
    expect(pdfRes.status).toBe(200);
    const pdfPath = path.join(dir, 'ecg-report.pdf');
    fs.writeFileSync(pdfPath, Buffer.from(await pdfRes.arrayBuffer()));
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', pdfPath], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(sizes[0]).toEqual([595, 842]);
    expect(sizes[sizes.length - 1]).toEqual([842, 595]);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdfPath, '-'], { encoding: 'utf8' });
    expect(first).toContain(`心率 ${hr} 次/分`);
    const last = execFileSync('pdftotext', ['-f', String(sizes.length), '-l', String(sizes.length), '-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(last).toContain('常规12导联心电图');
    for (const lead of ['aVR', 'aVL', 'aVF', 'V1', 'V6']) expect(last).toContain(lead);
    expect(last).toContain('25 mm/s');
  });

  it('the real 12-lead file shows its median beats on request, labelled as the device computed them', async () => {
    // The Mortara file of the shared test data has a second multiplex group (MEDIAN BEAT, 1.2 s at 1000 Hz).
    const { body, contentType } = stowBody([new Uint8Array(fs.readFileSync(dataFile('ecg/waveform_ecg_12lead.dcm')))]);
    const stow = await fetch(`${hub.url}/dicomweb/studies`, { method: 'POST', body: Buffer.from(body), headers: { authorization: `Bearer ${await token('town1')}`, 'content-type': contentType } });
    expect(stow.status).toBe(200);
    const stored = await stow.json();
    const uid = String(stored['00081190'].Value[0]).match(/studies\/([\d.]+)/)![1];
    await page.goto(`${hub.url}/#/ecg/${uid}`);
    await page.getByTestId('ecg-screen').waitFor({ timeout: 60_000 });
    const median = page.getByTestId('ecg-median');
    await median.click();
    await expect(median.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('ecg-median-on').textContent()).resolves.toBe('中位心搏（1200 ms，设备计算）');
    await expect(page.getByTestId('ecg-layout').locator('button[aria-checked="true"]').count()).resolves.toBe(0);
    // 3 rows of four 30 mm beats (1.2 s at 25 mm/s) at the stated 96 dpi: a narrower page than the 10 s rhythm.
    const width = await page.locator('[data-testid="ecg-page"]').evaluate((el) => (el as HTMLCanvasElement).width);
    expect(width).toBeLessThan(Math.ceil(200 * (96 / 25.4)));
    await page.screenshot({ path: path.join(SHOTS, 'e2e-ecg-median.png') });
    // Any layout choice goes back to the rhythm record.
    await page.getByTestId('ecg-layout').locator('button[data-value="3x4+1"]').click();
    await poll(() => page.getByTestId('ecg-median-on').count()).toBe(0);
  });
});
