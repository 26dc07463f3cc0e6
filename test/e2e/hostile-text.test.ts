import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { dicomVariant, testUid } from '../harness/dicom-variant.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { api, login, stow, until } from '../harness/http.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Hostile text from a township upload — markup, event handlers, a right-to-left override, very long
 * strings — in PatientName, StudyDescription, InstitutionName, the clinical history and the
 * report findings. STOWed through the hub, then shown in Chromium on the worklist, the reading
 * screen (viewer overlay + report panel) and the township inbox, and printed in the PDF of record:
 * everywhere as text. No element is injected, no handler runs, no dialog opens; pdftotext reads
 * the literal characters. Bidi controls (a right-to-left override making "gpj.exe" read "exe.jpg")
 * are removed for display (shared/text/display.ts): the DICOM text on the worklist, the viewer
 * overlay, the township inbox and the PDF header shows in stored order, without them.
 */
const SHOTS = path.join(repoRoot, 'test-results');
const RLO = '\u202E';
// No '=' in the name: in a PN value it separates the alphabetic, ideographic and phonetic groups.
const NAME = `<script>window.__pwned(1)</script>^<b>王</b>${RLO}gpj.exe`;
const DESC = `<script>window.__pwned=2</script>${RLO}fdp.exe ${'长'.repeat(300)}`;
const INSTITUTION = `"><svg onload="window.__pwned=3"></svg>\u2067乡镇\u2069\u200F卫生院`;
const HISTORY = `<img src=x onerror=alert(4)> 咳嗽${RLO}ABC ${'病史很长'.repeat(400)}`.slice(0, 2000);
const FINDINGS = `<script>alert('findings')</script> 右肺${RLO}上叶 <iframe src="javascript:alert(5)"></iframe>`;
/** Literal fragments that must be visible as text. */
const VISIBLE = {
  name: '<script>window.__pwned(1)</script>',
  nameBold: '<b>王</b>',
  desc: '<script>window.__pwned=2</script>',
  history: '<img src=x onerror=alert(4)>',
  findings: "<script>alert('findings')</script>",
  /** The name's given-name part as shown: the override removed, the letters in stored order. */
  nameTail: '<b>王</b>gpj.exe',
  descTail: 'fdp.exe',
  institution: '</svg>乡镇卫生院',
};
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

let hub: HubProcess;
let chromium: LaunchedChromium;
const contexts: BrowserContext[] = [];
const dialogs: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-hostile-e2e-'));
let studyUid = '';
let taskId = '';
let reportId = '';

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEBROOT || ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot, env: { TELEREAD_DEMO_STUDIES: '0' } }), launchChromium()]);
  const town1 = await login(hub.url, 'town1');
  studyUid = testUid();
  const req = await api(hub.url, town1, 'PUT', '/api/exam-requests', { studyInstanceUid: studyUid, clinicalHistory: HISTORY, examRequested: '<b>胸片</b>', urgency: 'routine', orderingClinician: '<i>赵</i>' });
  expect(req.status, req.text).toBe(200);
  const put = await stow(hub.url, town1, [dicomVariant({ studyUid, patientId: 'HOSTILE-1', patientName: NAME, studyDescription: DESC, institutionName: INSTITUTION })]);
  expect(put.status, put.text).toBe(200);
  const rad1 = await login(hub.url, 'rad1');
  taskId = await until('the reading task', async () => {
    const tasks = (await api(hub.url, rad1, 'GET', '/api/tasks?limit=100')).json.tasks as Array<{ id: string; studyInstanceUid: string }>;
    return tasks.find((t) => t.studyInstanceUid === studyUid)?.id;
  });
  expect((await api(hub.url, rad1, 'POST', `/api/tasks/${taskId}/claim`)).status).toBe(200);
  const created = await api(hub.url, rad1, 'POST', '/api/reports', { taskId, templateId: 'dr-chest' });
  expect(created.status, created.text).toBe(200);
  reportId = created.json.id;
  const saved = await api(hub.url, rad1, 'PUT', `/api/reports/${reportId}/draft`, { baseVersion: created.json.version, findings: FINDINGS, impression: `<u>印象</u>${RLO}`, language: 'zh-CN', templateId: 'dr-chest' });
  expect(saved.status, saved.text).toBe(200);
  const signed = await api(hub.url, rad1, 'POST', `/api/reports/${reportId}/sign`, { baseVersion: saved.json.version });
  expect(signed.status, signed.text).toBe(200);
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function signIn(username: string): Promise<Page> {
  const context = await chromium.newContext({ viewport: { width: 1500, height: 950 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(`${username}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${hub.url}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  return page;
}

/** Nothing injected: no handler attribute, no element made from the hostile text, no flag set by it. */
async function expectInert(page: Page, where: string) {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
    imgX: document.querySelectorAll('img[src="x"]').length,
    iframes: document.querySelectorAll('iframe').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => /__pwned|alert\(/.test(s.textContent ?? '')).length,
    bold: [...document.querySelectorAll('b, i, u')].filter((e) => ['王', '胸片', '赵', '印象'].includes(e.textContent ?? '')).length,
  }));
  expect(found, where).toEqual({ pwned: null, handlers: 0, imgX: 0, iframes: 0, scripts: 0, bold: 0 });
  expect(dialogs, where).toEqual([]);
}

const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

describe('hostile text in Chromium and in the PDF', () => {
  it('the worklist shows the hostile name and description as text', async () => {
    const page = await signIn('rad2');
    await page.goto(`${hub.url}/#/worklist`);
    const row = page.locator(`[data-testid="worklist-row"][data-task-id="${taskId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain(VISIBLE.name);
    expect(await row.innerText()).toContain(VISIBLE.nameBold);
    expect(await row.innerText()).toContain(VISIBLE.nameTail);
    expect(await row.innerText()).not.toMatch(BIDI);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-hostile-worklist.png') });
    await expectInert(page, 'worklist');
  });

  it('the reading screen (viewer overlay, exam request, report) shows it as text', async () => {
    const page = await signIn('rad1');
    await page.goto(`${hub.url}/#/read/${studyUid}`);
    await page.locator('[data-testid="report-panel"][data-phase="ready"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => bodyText(page), { timeout: 30_000 }).toContain(VISIBLE.history);
    // The viewer's corner text: the name with the PN caret shown as a space.
    await expect.poll(() => bodyText(page), { timeout: 30_000 }).toContain(VISIBLE.name);
    // The overlay's corner text: name and institution in stored order, no bidi control left.
    const corner = await page.evaluate(
      (tail) => [...document.querySelectorAll('div')].filter((d) => d.children.length === 0 && (d.textContent ?? '').includes(tail)).map((d) => d.textContent ?? ''),
      VISIBLE.nameTail,
    );
    expect(corner.length).toBeGreaterThan(0);
    for (const text of corner) expect(text).not.toMatch(BIDI);
    await expect.poll(() => bodyText(page)).toContain(VISIBLE.institution);
    // The findings are in the report editor (a textarea: its value is text by construction).
    await expect.poll(() => page.getByTestId('rp-findings').inputValue(), { timeout: 15_000 }).toContain(VISIBLE.findings);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-hostile-read.png') });
    await expectInert(page, 'reading screen');
  });

  it('the township inbox shows it as text', async () => {
    const page = await signIn('town1');
    await page.goto(`${hub.url}/#/inbox`);
    const row = page.locator(`[data-testid="tw-row"][data-study-uid="${studyUid}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain(VISIBLE.name);
    expect(await row.innerText()).toContain(VISIBLE.desc);
    expect(await row.innerText()).toContain(VISIBLE.nameTail);
    expect(await row.innerText()).toContain(`${VISIBLE.descTail} 长长`);
    expect(await row.innerText()).not.toMatch(BIDI);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-hostile-inbox.png') });
    await expectInert(page, 'township inbox');
  });

  it('the PDF of record prints the literal characters (pdftotext)', async () => {
    const town1 = await login(hub.url, 'town1');
    const res = await fetch(`${hub.url}/api/reports/${reportId}/versions/1/pdf`, { headers: { authorization: `Bearer ${town1}` } });
    expect(res.status).toBe(200);
    const file = path.join(tmp, 'hostile.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const s of ["<script>alert('findings')</script>", '<iframe src="javascript:alert(5)"></iframe>']) expect(text).toContain(s);
    // The header's patient name: stored order, on one line. (pdfkit draws an override as a missing
    // glyph and pdftotext then breaks the line there: "王</b>" and "gpj.exe" came out apart.)
    expect(text).toContain(VISIBLE.nameTail);
    expect(text).not.toMatch(BIDI);
    // Markup is not interpreted in the PDF either: no JavaScript, no links from the text.
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).not.toMatch(/\/JavaScript|\/JS\s|\/URI\s*\(javascript/i);
  });
});
