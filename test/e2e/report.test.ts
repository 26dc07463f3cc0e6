import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 7 (report panel) end to end in Chromium: rad1 claims the demo chest CT from the worklist,
 * writes from the template and the phrase library, raises a critical result, closes the page in
 * the middle of typing and finds every character again; signs preliminary. rad2 opens the study,
 * meets the unacknowledged critical result when verifying, records the reason, and releases the
 * final report, whose PDF carries the findings.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
const contexts: BrowserContext[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-report-e2e-'));
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

async function token(user: string): Promise<string> {
  const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }) });
  return (await login.json()).accessToken;
}

async function api(pathname: string, user: string) {
  return fetch(hub.url + pathname, { headers: { authorization: `Bearer ${await token(user)}` } });
}

async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${hub.url}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  return page;
}

async function openRead(page: Page, studyUid: string) {
  await page.goto(`${hub.url}/#/read/${studyUid}`);
  await page.locator('[data-testid="report-panel"][data-phase="ready"]').waitFor({ timeout: 30_000 });
}

const panel = (page: Page) => page.getByTestId('report-panel');
const saveStatus = (page: Page) => panel(page).getByTestId('rp-save-status').getAttribute('data-status');

beforeAll(async () => {
  // TELEREAD_E2E_WEBROOT: a build of one's own while other helpers rebuild dist/renderer.
  const webRoot = process.env.TELEREAD_E2E_WEBROOT || ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('report panel in Chromium', () => {
  it('writes, survives a closed page, signs preliminary, and is verified final with the findings in the PDF', async () => {
    const tasks = (await (await api('/api/tasks?limit=100', 'rad1')).json()).tasks as Array<{ id: string; studyInstanceUid: string; modalities: string[]; patient: { id: string } }>;
    const ct = tasks.find((x) => x.modalities.includes('CT'))!;
    expect(ct).toBeDefined();

    // rad1 opens the CT from the worklist: Enter claims it and opens viewer + report side by side.
    const ctx1 = await chromium.newContext({ viewport: { width: 1600, height: 1000 } });
    contexts.push(ctx1);
    let rad1 = await signIn(ctx1, 'rad1');
    await rad1.goto(`${hub.url}/#/worklist`);
    await rad1.getByTestId('worklist-table').waitFor({ timeout: 30_000 });
    const row = rad1.locator(`[data-testid="worklist-row"][data-task-id="${ct.id}"]`);
    await row.click();
    await rad1.getByTestId('worklist-table').press('Enter');
    await poll(() => rad1.url()).toContain(`#/read/${ct.studyInstanceUid}`);
    await rad1.locator('[data-testid="report-panel"][data-phase="ready"]').waitFor({ timeout: 30_000 });

    // The exam request and the task holder are shown while writing.
    await expect(panel(rad1).getByTestId('rp-request').textContent()).resolves.toContain('胸部CT平扫+增强');
    await expect(panel(rad1).getByTestId('rp-request').textContent()).resolves.toContain('孙红梅');
    await expect(panel(rad1).getByTestId('rp-task-state').textContent()).resolves.toContain('王磊');

    // Template (chest CT), then the reader's own sentence and a phrase at the caret.
    await panel(rad1).getByTestId('rp-template').selectOption('ct-chest');
    const findings = panel(rad1).getByTestId('rp-findings');
    await poll(() => findings.inputValue()).toContain('纵隔');
    await findings.click();
    await findings.press('Control+End');
    await rad1.keyboard.type('右肺上叶见一实性结节，大小约 8 mm。');
    const impression = panel(rad1).getByTestId('rp-impression');
    await impression.click();
    await impression.press('Control+End');
    await panel(rad1).locator('details summary').first().click();
    await panel(rad1).getByTestId('rp-phrase').filter({ hasText: '建议对比' }).click();
    await poll(() => impression.inputValue()).toContain('建议结合临床及既往影像对比。');
    await poll(() => saveStatus(rad1)).toBe('saved');

    // A critical result from the panel: catalogue item, note, two patient identifiers.
    await panel(rad1).getByTestId('rp-critical-raise').click();
    await panel(rad1).locator('.rp-critical-items input[type=checkbox]').first().check();
    await panel(rad1).getByLabel('患者ID（核对）').fill(ct.patient.id);
    await panel(rad1).getByLabel('患者姓名（核对）').fill('张伟');
    await panel(rad1).getByRole('button', { name: '核对患者身份后上报' }).click();
    await poll(() => panel(rad1).getByTestId('rp-alert').first().getAttribute('data-state')).toMatch(/raised|notified/);
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-report-rad1-writing.png') });

    // Mid-typing, the page is closed (no debounce, no unload handler gets to save).
    await findings.click();
    await findings.press('Control+End');
    await rad1.keyboard.type('病灶边缘毛糙ZQX');
    await rad1.close({ runBeforeUnload: false });

    rad1 = await signIn(ctx1, 'rad1');
    await openRead(rad1, ct.studyInstanceUid);
    const findings2 = panel(rad1).getByTestId('rp-findings');
    await expect(findings2.inputValue()).resolves.toContain('病灶边缘毛糙ZQX');
    await expect(findings2.inputValue()).resolves.toContain('右肺上叶见一实性结节');
    // … and the restored draft reaches the hub.
    await poll(() => saveStatus(rad1)).toBe('saved');
    const onHub = await (await api(`/api/tasks/${ct.id}/report`, 'rad1')).json();
    expect(onHub.findings).toContain('病灶边缘毛糙ZQX');
    expect(onHub.impression).toContain('建议结合临床及既往影像对比。');

    // Network lost: the text stays local with the "will sync" banner, and syncs when it is back.
    await ctx1.setOffline(true);
    await findings2.click();
    await findings2.press('Control+End');
    await rad1.keyboard.type('离线补充');
    await poll(() => saveStatus(rad1)).toBe('offline');
    await expect(panel(rad1).getByTestId('rp-save-status').textContent()).resolves.toContain('网络恢复后将自动同步');
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-report-rad1-offline.png') });
    await ctx1.setOffline(false);
    await poll(() => saveStatus(rad1)).toBe('saved');

    // The same draft saved meanwhile from another window: a conflict naming who saved; nothing overwritten.
    const current = await (await api(`/api/tasks/${ct.id}/report`, 'rad1')).json();
    expect(current.findings).toContain('离线补充');
    const other = await fetch(`${hub.url}/api/reports/${current.id}/draft`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await token('rad1')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ baseVersion: current.version, findings: `${current.findings}（另一窗口）`, impression: current.impression, language: current.language, templateId: current.templateId }),
    });
    expect(other.status).toBe(200);
    await findings2.click();
    await findings2.press('Control+End');
    await rad1.keyboard.type('本窗口');
    await poll(() => saveStatus(rad1)).toBe('conflict');
    await expect(panel(rad1).getByTestId('rp-save-status').textContent()).resolves.toContain('王磊');
    expect((await (await api(`/api/tasks/${ct.id}/report`, 'rad1')).json()).findings).toContain('（另一窗口）');
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-report-rad1-conflict.png') });
    await panel(rad1).getByTestId('rp-keep-mine').click();
    await poll(() => saveStatus(rad1)).toBe('saved');
    expect((await (await api(`/api/tasks/${ct.id}/report`, 'rad1')).json()).findings).toContain('本窗口');

    await panel(rad1).getByTestId('rp-sign-button').click();
    await poll(() => panel(rad1).getByTestId('rp-status').getAttribute('data-status')).toBe('preliminary');
    await poll(() => panel(rad1).getByTestId('rp-task-state').getAttribute('data-state')).toBe('preliminary');
    await expect(panel(rad1).getByTestId('rp-version').count()).resolves.toBe(1);
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-report-rad1-signed.png') });

    // rad2 (senior) opens the same study and verifies; the unacknowledged alert asks for a reason.
    const ctx2 = await chromium.newContext({ viewport: { width: 1600, height: 1000 } });
    contexts.push(ctx2);
    const rad2 = await signIn(ctx2, 'rad2');
    await openRead(rad2, ct.studyInstanceUid);
    await expect(panel(rad2).getByTestId('rp-findings').inputValue()).resolves.toContain('病灶边缘毛糙ZQX');
    await panel(rad2).getByTestId('rp-verify-button').click();
    const dialog = rad2.getByTestId('rp-critical-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    await rad2.screenshot({ path: path.join(SHOTS, 'e2e-report-rad2-critical.png') });
    await dialog.locator('textarea').fill('已电话通知送检医生孙红梅，对方确认知晓');
    await dialog.getByRole('button', { name: '记录原因并发布' }).click();
    await poll(() => panel(rad2).getByTestId('rp-status').getAttribute('data-status')).toBe('final');
    await expect(panel(rad2).getByTestId('rp-verifier').textContent()).resolves.toContain('李静');
    await expect(panel(rad2).getByTestId('rp-version').count()).resolves.toBe(2);

    // The PDF of the final version, in the panel (blob URL) and from the hub.
    await panel(rad2).getByTestId('rp-version-pdf').first().click();
    await poll(() => panel(rad2).getByTestId('rp-pdf-frame').getAttribute('src')).toMatch(/^blob:/);
    const blobUrl = (await panel(rad2).getByTestId('rp-pdf-frame').getAttribute('src'))!;
    const head = await rad2.evaluate(async (u) => {
      const b = await (await fetch(u)).blob();
      return { type: b.type, magic: new TextDecoder().decode(new Uint8Array(await b.slice(0, 4).arrayBuffer())) };
    }, blobUrl);
    expect(head).toEqual({ type: 'application/pdf', magic: '%PDF' });
    await panel(rad2).getByTestId('rp-pdf-frame').scrollIntoViewIfNeeded();
    await rad2.waitForTimeout(1500); // only for the screenshot: Chromium's PDF viewer paints after load
    await rad2.screenshot({ path: path.join(SHOTS, 'e2e-report-rad2-final.png') });

    // An amendment: rad2 edits the final report with a reason → version 3, amended (the alert is still open).
    await panel(rad2).getByTestId('rp-amend-button').click();
    const imp2 = panel(rad2).getByTestId('rp-impression');
    await imp2.click();
    await imp2.press('Control+End');
    await rad2.keyboard.type('补充：建议3个月后复查。');
    await panel(rad2).getByTestId('rp-amend-reason').fill('补充随访建议');
    await panel(rad2).getByRole('button', { name: '提交修订' }).click();
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.locator('textarea').fill('危急值已电话通知，修订仅补充随访建议');
    await dialog.getByRole('button', { name: '记录原因并发布' }).click();
    await poll(() => panel(rad2).getByTestId('rp-status').getAttribute('data-status')).toBe('amended');
    await expect(panel(rad2).getByTestId('rp-version').count()).resolves.toBe(3);
    await expect(panel(rad2).getByTestId('rp-versions').textContent()).resolves.toContain('补充随访建议');

    const report = await (await api(`/api/tasks/${ct.id}/report`, 'rad2')).json();
    expect(report.versions.map((v: { status: string }) => v.status)).toEqual(['preliminary', 'final', 'amended']);
    expect(report.versions[2].impression).toContain('补充：建议3个月后复查。');
    const last = report.versions[1];
    expect(last).toMatchObject({ status: 'final', author: { username: 'rad1' }, verifier: { username: 'rad2' } });
    const pdf = Buffer.from(await (await api(`/api/reports/${report.id}/versions/${last.number}/pdf`, 'rad2')).arrayBuffer());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const file = path.join(tmp, 'report.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain('病灶边缘毛糙ZQX');
    expect(text.replace(/\s+/g, '')).toContain('右肺上叶见一实性结节');
  });
});
