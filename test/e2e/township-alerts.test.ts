import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dataFile, testDataDir } from '../harness/testdata.js';
import { poll, SHOTS, townshipE2E, type TaskRow } from './township-support.js';

/**
 * Issue 10 / issue 8 in Chromium, the parts beside the main flow (township.test.ts): the critical
 * alert modal in detail (wrong read-back refused with the hub's message, two alerts queued, "not my
 * patient", town2 never sees it, the action taken on the alerts list) and the upload of every
 * malformed sample from ../shared/data/malformed (each reported, the rest sent). Then the station
 * with the desktop shell's bridge (issue 11, renderer side): .dcm files opened with the app reaching
 * the upload screen, also from another screen (a radiologist is told it is for township staff);
 * Save as PDF (the signed bytes, a name without the patient's; a download in a browser); the tray
 * counts (unacknowledged alerts, unseen final reports); this PC's print setup (absent in a browser).
 */

/**
 * The desktop shell cannot run here (no Electron binary): its bridge is stood in for with the
 * methods electron/preload exposes, recording what the page hands to it.
 */
const DESKTOP_STAND_IN = `
  window.__opened = {};
  window.__calls = { savePdf: [], setAttention: [], setPrintSetup: [] };
  let printSetup = { silent: false, printer: null };
  window.teleread = {
    getSettings: async () => ({ hubUrl: null, language: 'zh-CN' }),
    printPdf: async () => 'cancelled',
    notify: async () => undefined,
    storeRefreshToken: async (t) => (t ? sessionStorage.setItem('standin.rt', t) : sessionStorage.removeItem('standin.rt')),
    loadRefreshToken: async () => sessionStorage.getItem('standin.rt'),
    savePdf: async ({ bytes, suggestedName }) => {
      window.__calls.savePdf.push({ bytes: Array.from(bytes), suggestedName });
      return { saved: true, fileName: suggestedName };
    },
    getPrintSetup: async () => ({ ...printSetup, printers: [{ name: 'HP_LaserJet_1020', displayName: 'HP LaserJet 1020' }, { name: 'Kiosk_Printer', displayName: '自助打印机' }] }),
    setPrintSetup: async (setup) => { window.__calls.setPrintSetup.push(setup); printSetup = setup; },
    setAttention: async (counts) => { window.__calls.setAttention.push(counts); },
    onOpenFiles: (listener) => { window.__openFiles = listener; return () => { window.__openFiles = undefined; }; },
    readOpenedFile: async (id) => { if (!window.__opened[id]) throw new Error('gone: ' + id); return window.__opened[id]; },
  };`;

type Calls = { savePdf: Array<{ bytes: number[]; suggestedName: string }>; setAttention: Array<{ alerts: number; reports: number }>; setPrintSetup: unknown[] };
const calls = (page: Page) => page.evaluate(() => (window as unknown as { __calls: Calls }).__calls);
const lastAttention = async (page: Page) => (await calls(page)).setAttention.at(-1) ?? null;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Hands a .dcm file to the page as the shell does when the user opens one with the app. */
async function openWithApp(page: Page, name: string) {
  await poll(() => page.evaluate(() => typeof (window as unknown as { __openFiles?: unknown }).__openFiles)).toBe('function');
  const b64 = fs.readFileSync(dataFile('radiograph/dx-for-presentation-small.dcm')).toString('base64');
  await page.evaluate(
    ({ data, name }) => {
      const w = window as unknown as { __opened: Record<string, Uint8Array>; __openFiles(files: Array<{ id: string; name: string; size: number }>): void };
      w.__opened.f1 = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      w.__openFiles([{ id: 'f1', name, size: w.__opened.f1.length }]);
    },
    { data: b64, name },
  );
}

const e2e = townshipE2E();
/** The demo CT of town1 and its final report (desktop test → browser test). */
let demoCt: TaskRow;
let report: { id: string; version: number; versions: Array<{ number: number; pdfSha256: string }> };

describe('township alerts and malformed uploads in Chromium', () => {
  it('shows a critical alert modal to town1 only, refuses a wrong read-back, closes on the right one, queues two and records "not my patient"', async () => {
    const [town1, town2] = [await e2e.signIn('town1'), await e2e.signIn('town2')];
    // A radiograph of town1's site, as rad1 sees it on the worklist.
    const list = (await (await e2e.api('/api/tasks?limit=100', { user: 'rad1' })).json()) as { tasks: TaskRow[] };
    const town1Tasks = (await (await e2e.api('/api/tasks?limit=100', { user: 'town1' })).json()) as { tasks: TaskRow[] };
    const mine = new Set(town1Tasks.tasks.map((x) => x.studyInstanceUid));
    const task = list.tasks.find((x) => x.kind === 'imaging' && mine.has(x.studyInstanceUid));
    expect(task, 'a demo imaging study of town1').toBeDefined();
    const catalogue = await (await e2e.api('/api/critical/catalogue?domain=radiology', { user: 'rad1' })).json();
    const item = catalogue.items[0] as { code: string; zh: string };
    // The ward location (科室/床号) on the study's exam request, as the township form now collects it.
    const located = await e2e.api('/api/exam-requests', {
      method: 'PUT',
      user: 'town1',
      body: JSON.stringify({ urgency: task!.priority, ...task!.request, studyInstanceUid: task!.studyInstanceUid, department: '内科', bed: '12' }),
    });
    expect(located.status, await located.clone().text()).toBe(200);

    const raised = await e2e.api('/api/critical/alerts', {
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
    // Where it stands on the ladder (first notice: no reminder, not escalated) and where the patient is.
    await expect(town1.getByTestId('critical-ladder').getAttribute('data-stage')).resolves.toBe('first');
    await expect(town1.getByTestId('critical-ladder').textContent()).resolves.toBe('首次通知');
    await expect(town1.getByTestId('critical-location').textContent()).resolves.toBe('内科 / 12床');
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
    const after = await (await e2e.api(`/api/critical/alerts/${alert.id}`, { user: 'rad1' })).json();
    expect(after.state).toBe('acknowledged');
    expect(after.receiverName).toBe('张医生');

    // town2 never saw it.
    await expect(town2.getByTestId('critical-modal').count()).resolves.toBe(0);
    await town2.screenshot({ path: path.join(SHOTS, 'e2e-township-town2.png') });

    // Two alerts at once queue in one modal; "not my patient" records the reason and shows the next.
    const raise = async (code: string) => {
      const r = await e2e.api('/api/critical/alerts', {
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
    const redirected = await (await e2e.api(`/api/critical/alerts/${first}`, { user: 'rad1' })).json();
    expect(redirected.redirectReason).toBe('患者已转院');
    const other = first === a2.id ? a3 : a2;
    const otherItem = other.id === a2.id ? item : second;
    await town1.getByTestId('critical-receiver').fill('张医生');
    await town1.getByTestId('critical-readback').fill(otherItem.zh);
    await town1.getByTestId('critical-ack').click();
    await poll(() => modal.count(), 10_000).toBe(0);
    // The redirected alert stays open on the hub (reminders go on); it is acknowledged here so the next test starts clean.
    const redirectedItem = first === a2.id ? item : second;
    const ack = await e2e.api(`/api/critical/alerts/${first}/acknowledge`, { method: 'POST', user: 'town1', body: JSON.stringify({ receiverName: '李医生', readBack: redirectedItem.zh }) });
    expect(ack.status).toBe(200);

    // Later, the action taken (处理措施) on the site's alert list.
    await town1.goto(`${e2e.hub.url}/#/alerts`);
    const row = town1.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    // The row says where the patient is; the ladder stage is shown only while an alert awaits acknowledgement.
    await expect(row.getByTestId('alert-row-location').textContent()).resolves.toBe('内科 / 12床');
    await expect(row.getByTestId('alert-row-stage').count()).resolves.toBe(0);
    await row.getByTestId('alert-action-what').fill('已转上级医院神经外科');
    await row.getByTestId('alert-action-save').click();
    await poll(() => row.getAttribute('data-state')).toBe('actioned');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-alerts.png'), fullPage: true });
    const done = await (await e2e.api(`/api/critical/alerts/${alert.id}`, { user: 'rad1' })).json();
    expect(done.action.what).toBe('已转上级医院神经外科');
    expect(done.action.who).toBe('张医生');
  });

  it('uploads the malformed samples folder: each file reported (unreadable, or refused by the hub with its reason), the rest sent', async () => {
    const town1 = await e2e.signIn('town1', '/upload');
    await town1.getByTestId('upload-folder').setInputFiles(path.join(testDataDir(), 'malformed'));
    await town1.getByTestId('upload-found').waitFor({ timeout: 30_000 });
    const unreadable = await town1.getByTestId('upload-unreadable-file').count();
    expect(unreadable).toBeGreaterThanOrEqual(8);
    await town1.getByTestId('req-examRequested').fill('测试');
    await town1.getByTestId('req-orderingClinician').fill('张医生');
    await town1.getByTestId('req-contactPhone').fill('0851-1234567');
    await town1.getByTestId('req-department').fill('外科');
    await town1.getByTestId('req-bed').fill('加3床');
    await town1.getByTestId('upload-send').click();
    await poll(() => town1.locator('[data-testid="upload-sent"], [data-testid="upload-incomplete"]').count(), 60_000).toBe(1);
    const statuses = await town1.getByTestId('upload-file').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length + unreadable).toBe(fs.readdirSync(path.join(testDataDir(), 'malformed')).length);
    expect(statuses.every((x) => x === 'stored' || x === 'skipped' || x === 'failed'), statuses.join()).toBe(true);
    expect(statuses.filter((x) => x === 'stored').length).toBeGreaterThan(0);
    // The request went to the hub with its ward location: the reader's task carries it.
    const sent = (await e2e.tasks('rad1')).filter((x) => x.request?.examRequested === '测试');
    expect(sent.length).toBeGreaterThan(0);
    for (const x of sent) expect(x.request).toMatchObject({ department: '外科', bed: '加3床' });
    for (const text of await town1.locator('[data-testid="upload-file"][data-status="failed"]').allTextContents()) expect(text).toMatch(/失败：.{4,}/);
    await town1.locator('.tw-send details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-malformed.png'), fullPage: true });
  });

  it('takes .dcm files opened with the desktop app into the upload screen, and says so when one cannot be read', async () => {
    const town1 = await e2e.signIn('town1', '/upload', DESKTOP_STAND_IN);
    await poll(() => town1.evaluate(() => typeof (window as unknown as { __openFiles?: unknown }).__openFiles)).toBe('function');
    const b64 = fs.readFileSync(dataFile('radiograph/dx-for-presentation-small.dcm')).toString('base64');
    await town1.evaluate((data) => {
      const w = window as unknown as { __opened: Record<string, Uint8Array>; __openFiles(files: Array<{ id: string; name: string; size: number }>): void };
      w.__opened.a = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      w.__openFiles([{ id: 'a', name: 'IM0001.dcm', size: w.__opened.a.length }]);
    }, b64);
    await poll(() => town1.getByTestId('upload-study').count()).toBe(1);
    await expect(town1.getByTestId('upload-found').textContent()).resolves.toContain('找到 1 个检查，1 个影像文件');
    await town1.evaluate(() => (window as unknown as { __openFiles(files: Array<{ id: string; name: string; size: number }>): void }).__openFiles([{ id: 'missing', name: 'X.dcm', size: 1 }]));
    await poll(() => town1.getByTestId('upload-opened-error').textContent()).toContain('无法读取用本程序打开的文件');
  });

  it('desktop: print setup saved to the shell, alert and report counts on the tray, Save as PDF hands over the signed bytes, an opened .dcm file switches to the upload screen, an amendment made meanwhile is counted at once and announced on return', async () => {
    const town1 = await e2e.signIn('town1', '/inbox', DESKTOP_STAND_IN);
    await poll(() => town1.getByTestId('tw-live').textContent()).toBe('实时更新');

    // This PC's print setup (kiosk): silent printing to a chosen printer, stored by the shell.
    await town1.getByTestId('print-setup').locator('summary').click();
    await poll(() => town1.getByTestId('print-setup-printer').locator('option').count()).toBe(3);
    await town1.getByTestId('print-setup-silent').check();
    await town1.getByTestId('print-setup-printer').selectOption('Kiosk_Printer');
    await town1.getByTestId('print-setup-save').click();
    await town1.getByTestId('print-setup-saved').waitFor();
    expect((await calls(town1)).setPrintSetup).toEqual([{ silent: true, printer: 'Kiosk_Printer' }]);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-desktop-print-setup.png'), fullPage: true });

    // A critical alert counts on the tray until it is acknowledged. (The malformed upload above added
    // studies of other patients; the demo CT is the one with the DPZ patient ID.)
    demoCt = (await e2e.tasks('town1')).find((x) => x.kind === 'imaging' && x.patient.id?.startsWith('DPZ'))!;
    expect(demoCt, 'the demo CT of town1').toBeDefined();
    const catalogue = await e2e.json<{ items: Array<{ code: string; zh: string }> }>('rad1', 'GET', '/api/critical/catalogue?domain=radiology');
    const item = catalogue.items[0];
    const patient = { patientId: demoCt.patient.id, ...(demoCt.patient.birthDate ? { birthDate: demoCt.patient.birthDate } : { name: demoCt.patient.name }) };
    const alert = await e2e.json<{ id: string }>('rad1', 'POST', '/api/critical/alerts', { studyInstanceUid: demoCt.studyInstanceUid, itemCodes: [item.code], note: '', patient });
    await town1.getByTestId('critical-modal').waitFor({ timeout: 10_000 });
    await poll(() => lastAttention(town1)).toEqual({ alerts: 1, reports: 0 });
    await e2e.json('town1', 'POST', `/api/critical/alerts/${alert.id}/acknowledge`, { receiverName: '张医生', readBack: item.zh });
    await poll(() => town1.getByTestId('critical-modal').count()).toBe(0);
    await poll(() => lastAttention(town1)).toEqual({ alerts: 0, reports: 0 });

    // A final report counts until it is opened.
    type Rep = typeof report;
    await e2e.json('rad1', 'POST', `/api/tasks/${demoCt.id}/claim`);
    let r = await e2e.json<Rep>('rad1', 'POST', '/api/reports', { taskId: demoCt.id });
    r = await e2e.json<Rep>('rad1', 'PUT', `/api/reports/${r.id}/draft`, { baseVersion: r.version, language: 'zh-CN', findings: '双肺纹理清晰。', impression: '未见明显异常。' });
    r = await e2e.json<Rep>('rad1', 'POST', `/api/reports/${r.id}/sign`, { baseVersion: r.version });
    r = await e2e.json<Rep>('rad2', 'POST', `/api/reports/${r.id}/verify`, { baseVersion: r.version });
    report = await e2e.json<Rep>('rad1', 'GET', `/api/reports/${r.id}`);
    await poll(() => lastAttention(town1)).toEqual({ alerts: 0, reports: 1 });
    await town1.getByTestId('tw-news').getByRole('button', { name: '查看报告' }).click();
    await poll(() => lastAttention(town1)).toEqual({ alerts: 0, reports: 0 });

    // Save as PDF: exactly the signed bytes, named by accession and version, not by patient.
    await town1.getByTestId('report-pdf').waitFor({ timeout: 15_000 });
    await town1.getByTestId('report-save').click();
    await poll(() => town1.getByTestId('report-saved').textContent()).toMatch(/^已保存：报告_.+_v\d+\.pdf$/);
    const [saved] = (await calls(town1)).savePdf;
    const latest = report.versions.at(-1)!;
    expect(sha256(Uint8Array.from(saved.bytes))).toBe(latest.pdfSha256);
    expect(saved.suggestedName).toMatch(new RegExp(`^报告_[^_]+_v${latest.number}\\.pdf$`));
    for (const part of [demoCt.patient.id, ...(demoCt.patient.name ?? '').split('^')].filter((p): p is string => !!p && p.length > 1)) expect(saved.suggestedName).not.toContain(part);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-desktop-report-saved.png'), fullPage: true });

    // A .dcm file opened with the app while the inbox is shown: the upload screen takes it. The report is
    // amended at that very moment (the inbox stops listening, the upload screen's watcher is still
    // connecting): counted on the tray all the same, and announced in the inbox on return.
    await openWithApp(town1, 'IM0001.dcm');
    await e2e.json('rad2', 'POST', `/api/reports/${report.id}/amend`, { baseVersion: report.version, language: 'zh-CN', findings: '右下肺小结节。', impression: '右下肺小结节，建议随访。', reason: '补充结节描述' });
    report = await e2e.json<Rep>('rad1', 'GET', `/api/reports/${report.id}`);
    await poll(() => town1.evaluate(() => window.location.hash)).toBe('#/upload');
    await poll(() => town1.getByTestId('upload-study').count()).toBe(1);
    await expect(town1.getByTestId('upload-found').textContent()).resolves.toContain('找到 1 个检查，1 个影像文件');
    await poll(() => lastAttention(town1)).toEqual({ alerts: 0, reports: 1 });
    await expect(town1.evaluate(() => window.location.hash)).resolves.toBe('#/upload');
    await town1.evaluate(() => (window.location.hash = '/inbox'));
    await poll(() => town1.getByTestId('tw-news').textContent()).toContain('已修订');
    await poll(() => lastAttention(town1)).toEqual({ alerts: 0, reports: 1 });
  });

  it('browser: Save as PDF downloads the signed bytes, no print setup; desktop radiologist: told the upload screen is for township staff', async () => {
    expect(report, 'the desktop test ran first').toBeDefined();
    const town1 = await e2e.signIn('town1', '/inbox');
    await town1.locator(`[data-testid="tw-row"][data-task-id="${demoCt.id}"] [data-testid="tw-open"]`).click();
    await town1.getByTestId('report-pdf').waitFor({ timeout: 15_000 });
    await expect(town1.getByTestId('print-setup').count()).resolves.toBe(0);
    const download = town1.waitForEvent('download', { timeout: 15_000 });
    await town1.getByTestId('report-save').click();
    const file = await download;
    const latest = report.versions.at(-1)!;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^报告_[^_]+_v${latest.number}\\.pdf$`));
    expect(sha256(fs.readFileSync((await file.path())!))).toBe(latest.pdfSha256);

    const rad1 = await e2e.signIn('rad1', '/worklist', DESKTOP_STAND_IN);
    await openWithApp(rad1, 'IM0001.dcm');
    await poll(() => rad1.getByTestId('opened-files-notice').textContent()).toContain('上传检查仅供乡镇卫生院人员使用');
    await expect(rad1.evaluate(() => window.location.hash)).resolves.toBe('#/worklist');
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-desktop-opened-not-township.png') });
  });
});
