import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import os from 'node:os';
import { dataFile, repoRoot, testDataDir } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 10 / issue 8 end to end in Chromium: rad1 raises a critical alert on a study of town1's
 * site; town1's modal appears, refuses a wrong read-back with the hub's message and closes on the
 * right one; town2 (the other township) never sees it.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
const contexts: BrowserContext[] = [];
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 200 });
const tokens = new Map<string, string>();
let uploadedUids: string[] = [];

async function api(pathname: string, init: RequestInit & { user?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.user) {
    if (!tokens.has(init.user)) {
      const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: init.user, password: 'demo' }) });
      tokens.set(init.user, (await login.json()).accessToken);
    }
    headers.set('authorization', `Bearer ${tokens.get(init.user)}`);
  }
  if (init.body && typeof init.body === 'string') headers.set('content-type', 'application/json');
  return fetch(hub.url + pathname, { ...init, headers });
}

async function signIn(username: string, route = '/'): Promise<Page> {
  const context = await chromium.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${hub.url}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  if (route !== '/') await page.goto(`${hub.url}/#${route}`);
  return page;
}

interface TaskRow {
  id: string;
  studyInstanceUid: string;
  modalities: string[];
  kind: string;
  siteName: string | null;
  patient: { id: string | null; name: string | null; birthDate: string | null };
}

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEBROOT ?? ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
});

/** A folder as a CD would give it: nested, one file without an extension, one broken file. */
function makeUploadFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'township-e2e-'));
  const root = path.join(dir, 'CDROM');
  fs.mkdirSync(path.join(root, 'IMAGES', 'SUB'), { recursive: true });
  fs.copyFileSync(dataFile('radiograph/dx-for-presentation-small.dcm'), path.join(root, 'IMAGES', 'IM000001'));
  fs.copyFileSync(dataFile('radiograph/cr-mono1-jpeg-baseline.dcm'), path.join(root, 'IMAGES', 'SUB', 'cr.dcm'));
  fs.copyFileSync(dataFile('malformed/derived_truncated_inside_meta_200b.dcm'), path.join(root, 'IMAGES', 'broken.dcm'));
  return root;
}

describe('township station in Chromium', () => {
  it('uploads a folder with an exam request: two studies confirmed, the broken file flagged, the tasks on rad1', async () => {
    const folder = makeUploadFolder();
    try {
      const town1 = await signIn('town1', '/upload');
      await town1.getByTestId('upload-folder').setInputFiles(folder);
      await poll(() => town1.getByTestId('upload-study').count()).toBe(2);
      await expect(town1.getByTestId('upload-found').textContent()).resolves.toContain('找到 2 个检查，2 个影像文件');
      const broken = town1.getByTestId('upload-unreadable-file');
      await expect(broken.count()).resolves.toBe(1);
      await expect(broken.textContent()).resolves.toMatch(/broken\.dcm.*(文件损坏|不是 DICOM)/);
      // The form says what is missing before anything is sent.
      await town1.getByTestId('upload-send').click();
      await expect(town1.getByText('请填写申请医生姓名（危急值将通知此人）。').count()).resolves.toBe(1);
      await town1.getByTestId('req-clinicalHistory').fill('外伤后胸痛2小时');
      await town1.getByTestId('req-examRequested').fill('胸部X线');
      await town1.getByTestId('req-urgency').selectOption('urgent');
      await town1.getByTestId('req-orderingClinician').fill('张医生');
      await town1.getByTestId('req-contactPhone').fill('0851-1234567');
      await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-review.png'), fullPage: true });
      await town1.getByTestId('upload-send').click();
      await town1.getByTestId('upload-sent').waitFor({ timeout: 30_000 });
      await expect(town1.getByTestId('upload-sent').textContent()).resolves.toContain('服务器已确认全部 2 个影像');
      await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-sent.png'), fullPage: true });

      const uids = await town1.getByTestId('upload-study').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-uid') ?? ''));
      uploadedUids = uids;
      const list = (await (await api('/api/tasks?limit=200', { user: 'rad1' })).json()) as { tasks: Array<TaskRow & { priority: string; request: { orderingClinician: string } | null }> };
      for (const uid of uids) {
        const task = list.tasks.find((x) => x.studyInstanceUid === uid);
        expect(task, `task for ${uid}`).toBeDefined();
        expect(task!.priority).toBe('urgent');
        expect(task!.request?.orderingClinician).toBe('张医生');
      }
      // The malformed samples: each one reported (unreadable here, or refused by the hub with its reason), the rest sent.
      await town1.getByRole('button', { name: '再上传一批' }).click();
      await town1.getByTestId('upload-folder').setInputFiles(path.join(testDataDir(), 'malformed'));
      await town1.getByTestId('upload-found').waitFor({ timeout: 30_000 });
      const unreadable = await town1.getByTestId('upload-unreadable-file').count();
      expect(unreadable).toBeGreaterThanOrEqual(8);
      await town1.getByTestId('req-examRequested').fill('测试');
      await town1.getByTestId('req-orderingClinician').fill('张医生');
      await town1.getByTestId('req-contactPhone').fill('0851-1234567');
      await town1.getByTestId('upload-send').click();
      await poll(() => town1.locator('[data-testid="upload-sent"], [data-testid="upload-incomplete"]').count(), 60_000).toBe(1);
      const statuses = await town1.getByTestId('upload-file').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
      expect(statuses.length + unreadable).toBe(fs.readdirSync(path.join(testDataDir(), 'malformed')).length);
      expect(statuses.every((x) => x === 'stored' || x === 'skipped' || x === 'failed'), statuses.join()).toBe(true);
      expect(statuses.filter((x) => x === 'stored').length).toBeGreaterThan(0);
      for (const text of await town1.locator('[data-testid="upload-file"][data-status="failed"]').allTextContents()) expect(text).toMatch(/失败：.{4,}/);
      await town1.locator('.tw-send details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-malformed.png'), fullPage: true });

      // The inbox lists them as sent.
      await town1.goto(`${hub.url}/#/inbox`);
      await poll(() => town1.locator(`[data-testid="tw-row"][data-study-uid="${uids[0]}"] [data-testid="tw-state"]`).textContent()).toBe('已发送');
      await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-inbox.png'), fullPage: true });
    } finally {
      fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });

  it('shows a critical alert modal to town1 only, refuses a wrong read-back, closes on the right one, queues two and records "not my patient"', async () => {
    const [town1, town2] = [await signIn('town1'), await signIn('town2')];
    // A radiograph of town1's site, as rad1 sees it on the worklist.
    const list = (await (await api('/api/tasks?limit=100', { user: 'rad1' })).json()) as { tasks: TaskRow[] };
    const town1Tasks = (await (await api('/api/tasks?limit=100', { user: 'town1' })).json()) as { tasks: TaskRow[] };
    const mine = new Set(town1Tasks.tasks.map((x) => x.studyInstanceUid));
    const task = list.tasks.find((x) => x.kind === 'imaging' && mine.has(x.studyInstanceUid));
    expect(task, 'a demo imaging study of town1').toBeDefined();
    const catalogue = await (await api('/api/critical/catalogue?domain=radiology', { user: 'rad1' })).json();
    const item = catalogue.items[0] as { code: string; zh: string };

    const raised = await api('/api/critical/alerts', {
      method: 'POST',
      user: 'rad1',
      body: JSON.stringify({
        studyInstanceUid: task!.studyInstanceUid,
        itemCodes: [item.code],
        note: '请立即处理',
        patient: { patientId: task!.patient.id, ...(task!.patient.birthDate ? { birthDate: task!.patient.birthDate } : { name: task!.patient.name }) },
      }),
    });
    expect(raised.status, await raised.clone().text()).toBe(201);
    const alert = await raised.json();

    const modal = town1.getByTestId('critical-modal');
    await modal.waitFor({ timeout: 5_000 });
    await expect(modal.getAttribute('data-alert-id')).resolves.toBe(alert.id);
    await expect(town1.getByTestId('critical-findings').textContent()).resolves.toContain(item.zh);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-critical-modal.png') });

    // Escape does not dismiss it.
    await town1.keyboard.press('Escape');
    await expect(modal.isVisible()).resolves.toBe(true);

    // A wrong read-back is refused with the hub's message; the modal stays.
    await town1.getByTestId('critical-receiver').fill('张医生');
    await town1.getByTestId('critical-readback').fill('骨折');
    await town1.getByTestId('critical-ack').click();
    await poll(() => town1.getByTestId('critical-error').textContent()).toContain('复述内容与危急值项目不一致');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-critical-mismatch.png') });

    // The right read-back acknowledges; the modal closes.
    await town1.getByTestId('critical-readback').fill(item.zh);
    await town1.getByTestId('critical-ack').click();
    await poll(() => modal.count(), 10_000).toBe(0);
    const after = await (await api(`/api/critical/alerts/${alert.id}`, { user: 'rad1' })).json();
    expect(after.state).toBe('acknowledged');
    expect(after.receiverName).toBe('张医生');

    // town2 never saw it.
    await expect(town2.getByTestId('critical-modal').count()).resolves.toBe(0);
    await town2.screenshot({ path: path.join(SHOTS, 'e2e-township-town2.png') });

    // Two alerts at once queue in one modal; "not my patient" records the reason and shows the next.
    const raise = async (code: string) => {
      const r = await api('/api/critical/alerts', {
        method: 'POST',
        user: 'rad1',
        body: JSON.stringify({ studyInstanceUid: task!.studyInstanceUid, itemCodes: [code], note: '', patient: { patientId: task!.patient.id, ...(task!.patient.birthDate ? { birthDate: task!.patient.birthDate } : { name: task!.patient.name }) } }),
      });
      expect(r.status).toBe(201);
      return r.json();
    };
    const second = catalogue.items[1] as { code: string; zh: string };
    const [a2, a3] = [await raise(item.code), await raise(second.code)];
    await poll(() => town1.getByTestId('critical-queue').textContent(), 10_000).toContain('共 2 条');
    const first = await modal.getAttribute('data-alert-id');
    await town1.getByTestId('critical-redirect').click();
    await town1.getByTestId('critical-redirect-reason').fill('患者已转院');
    await town1.getByRole('button', { name: '提交转交说明' }).click();
    await poll(() => modal.getAttribute('data-alert-id')).not.toBe(first);
    const redirected = await (await api(`/api/critical/alerts/${first}`, { user: 'rad1' })).json();
    expect(redirected.redirectReason).toBe('患者已转院');
    const other = first === a2.id ? a3 : a2;
    const otherItem = other.id === a2.id ? item : second;
    await town1.getByTestId('critical-receiver').fill('张医生');
    await town1.getByTestId('critical-readback').fill(otherItem.zh);
    await town1.getByTestId('critical-ack').click();
    await poll(() => modal.count(), 10_000).toBe(0);
    // The redirected alert stays open on the hub (reminders go on); it is acknowledged here so the next test starts clean.
    const redirectedItem = first === a2.id ? item : second;
    const ack = await api(`/api/critical/alerts/${first}/acknowledge`, { method: 'POST', user: 'town1', body: JSON.stringify({ receiverName: '李医生', readBack: redirectedItem.zh }) });
    expect(ack.status).toBe(200);

    // Later, the action taken (处理措施) on the site's alert list.
    await town1.goto(`${hub.url}/#/alerts`);
    const row = town1.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await row.getByTestId('alert-action-what').fill('已转上级医院神经外科');
    await row.getByTestId('alert-action-save').click();
    await poll(() => row.getAttribute('data-state')).toBe('actioned');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-alerts.png'), fullPage: true });
    const done = await (await api(`/api/critical/alerts/${alert.id}`, { user: 'rad1' })).json();
    expect(done.action.what).toBe('已转上级医院神经外科');
    expect(done.action.who).toBe('张医生');
  });

  it('announces the final report live, shows the signed PDF, prints it (audited) and marks an amendment with the older version viewable', async () => {
    expect(uploadedUids.length, 'the upload test ran first').toBeGreaterThan(0);
    const town1 = await signIn('town1', '/inbox');
    await poll(() => town1.getByTestId('tw-live').textContent()).toBe('实时更新');
    const list = (await (await api('/api/tasks?limit=200', { user: 'rad1' })).json()) as { tasks: TaskRow[] };
    const task = list.tasks.find((x) => x.studyInstanceUid === uploadedUids[0])!;
    const json = (user: string, method: string, url: string, body?: unknown) =>
      api(url, { method, user, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (r) => {
        expect(r.status, `${method} ${url}: ${await r.clone().text()}`).toBeLessThan(300);
        return r.json();
      });
    await json('rad1', 'POST', `/api/tasks/${task.id}/claim`);
    let report = await json('rad1', 'POST', '/api/reports', { taskId: task.id });
    report = await json('rad1', 'PUT', `/api/reports/${report.id}/draft`, { baseVersion: report.version, language: 'zh-CN', findings: '双肺纹理清晰，未见实变。', impression: '胸部未见明显异常。' });
    report = await json('rad1', 'POST', `/api/reports/${report.id}/sign`, { baseVersion: report.version });
    report = await json('rad2', 'POST', `/api/reports/${report.id}/verify`, { baseVersion: report.version });

    // Announced live, without a reload.
    await poll(() => town1.getByTestId('tw-news').count()).toBeGreaterThan(0);
    const row = town1.locator(`[data-testid="tw-row"][data-task-id="${task.id}"]`);
    await poll(() => row.getByTestId('tw-state').textContent()).toBe('已审核');
    await row.getByTestId('tw-open').click();
    await town1.getByTestId('report-pdf').waitFor({ timeout: 15_000 });
    const src = await town1.getByTestId('report-pdf').getAttribute('src');
    expect(src).toMatch(/^blob:/);
    // The frame holds exactly the signed bytes (sha256 on the version).
    const digest = await town1.evaluate(async (u) => {
      const buf = await (await fetch(u!)).arrayBuffer();
      return [...new Uint8Array(await crypto.subtle.digest('SHA-256', buf))].map((b) => b.toString(16).padStart(2, '0')).join('');
    }, src);
    const signed = await json('rad1', 'GET', `/api/reports/${report.id}`);
    expect(digest).toBe(signed.versions.at(-1).pdfSha256);
    // What the township prints reads as the report (poppler's pdftotext on the frame's bytes).
    const b64 = await town1.evaluate(async (u) => {
      const bytes = new Uint8Array(await (await fetch(u!)).arrayBuffer());
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      return btoa(bin);
    }, src);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(b64, 'base64') }).toString('utf8');
    expect(text.replace(/\s+/g, '')).toContain('胸部未见明显异常');
    await town1.waitForTimeout(500);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-report.png'), fullPage: true });

    // Print: the browser opens the PDF itself; the hub audits the print.
    const popup = town1.context().waitForEvent('page', { timeout: 10_000 });
    await town1.getByTestId('report-print').click();
    expect((await popup).url()).toMatch(/^blob:/);
    await poll(async () => (await json('admin', 'GET', `/api/audit?action=report.print&studyUid=${task.studyInstanceUid}`)).length).toBe(1);
    // Batch printing of the day's final reports: this one is today's only final; printed again, audited again.
    await expect(town1.getByTestId('tw-print-today').textContent()).resolves.toContain('（1）');
    const batchPopup = town1.context().waitForEvent('page', { timeout: 10_000 });
    await town1.getByTestId('tw-print-today').click();
    expect((await batchPopup).url()).toMatch(/^blob:/);
    await poll(async () => (await json('admin', 'GET', `/api/audit?action=report.print&studyUid=${task.studyInstanceUid}`)).length).toBe(2);

    // An amendment: marked, and the older version still viewable.
    await json('rad2', 'POST', `/api/reports/${report.id}/amend`, { baseVersion: signed.version, language: 'zh-CN', findings: '右下肺小结节。', impression: '右下肺小结节，建议随访。', reason: '补充结节描述' });
    await poll(() => row.getByTestId('tw-state').textContent()).toBe('已修订');
    await town1.getByTestId('report-viewer').getByRole('button', { name: '关闭' }).click();
    await row.getByTestId('tw-open').click();
    await poll(() => town1.getByTestId('report-amended').textContent()).toContain('补充结节描述');
    // Preliminary (1), final (2), amended (3): every signed version stays viewable.
    await expect(town1.getByTestId('report-version').locator('option').count()).resolves.toBe(3);
    await town1.getByTestId('report-version').selectOption('2');
    await poll(() => town1.getByText('您正在查看旧版本').count()).toBe(1);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-report-amended.png'), fullPage: true });
  });
});
