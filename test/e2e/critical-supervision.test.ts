import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertDetail, MetricsReport } from '../../shared/api/critical.js';
import { computeMetrics } from '../../shared/critical/metrics.js';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 8, supervisor side, in Chromium: two alerts raised through the API (one acknowledged by
 * town1 with its receiver and read-back, then actioned; one left open), and admin (supervisor)
 * finds them in the 危急值登记 register, downloads it as CSV and PDF (read back with pdftotext),
 * and the dashboard's numbers equal those computed here from the alerts' own timestamps.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
let downloads: string;
const contexts: BrowserContext[] = [];
const tokens = new Map<string, string>();
const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 200 });

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

async function signIn(username: string, route: string): Promise<Page> {
  const context = await chromium.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 950 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${hub.url}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  await page.goto(`${hub.url}/#${route}`);
  return page;
}

interface TaskRow {
  studyInstanceUid: string;
  kind: string;
  patient: { id: string | null; name: string | null; birthDate: string | null };
}

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEBROOT ?? ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-critical-e2e-'));
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

describe('critical-value supervision (register, exports, metrics)', () => {
  it('admin sees the acknowledged alert with receiver and read-back, exports CSV and PDF, and the metrics match the events', async () => {
    const town1Tasks = (await (await api('/api/tasks?limit=100', { user: 'town1' })).json()) as { tasks: TaskRow[] };
    const imaging = town1Tasks.tasks.filter((x) => x.kind === 'imaging');
    expect(imaging.length, 'demo imaging studies of town1').toBeGreaterThan(0);
    const raise = async (task: TaskRow, code: string) => {
      const res = await api('/api/critical/alerts', {
        method: 'POST',
        user: 'rad1',
        body: JSON.stringify({ studyInstanceUid: task.studyInstanceUid, itemCodes: [code], note: 'e2e', patient: { patientId: task.patient.id, ...(task.patient.birthDate ? { birthDate: task.patient.birthDate } : { name: task.patient.name }) } }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as Alert;
    };
    const acked = await raise(imaging[0], 'RAD-CNS-01');
    const open = await raise(imaging[imaging.length - 1], 'RAD-CHE-02');
    const ack = await api(`/api/critical/alerts/${acked.id}/acknowledge`, { method: 'POST', user: 'town1', body: JSON.stringify({ receiverName: '刘医生', receiverPhone: '0736-5120101', readBack: '急性颅内出血' }) });
    expect(ack.status, await ack.clone().text()).toBe(200);
    const action = await api(`/api/critical/alerts/${acked.id}/action`, { method: 'POST', user: 'town1', body: JSON.stringify({ what: '甘露醇脱水，转县医院', who: '刘医生', when: new Date().toISOString() }) });
    expect(action.status).toBe(200);

    const page = await signIn('admin', '/supervision');
    await page.getByTestId('supervisor-page').waitFor();
    const row = page.locator(`[data-testid=sv-reg-row][data-alert="${acked.id}"]`);
    await row.waitFor();
    await expect(row.getByTestId('sv-reg-receiver').textContent()).resolves.toContain('刘医生');
    await expect(row.getByTestId('sv-reg-readback').textContent()).resolves.toBe('急性颅内出血');
    await expect(page.locator(`[data-testid=sv-reg-row][data-alert="${open.id}"]`).getAttribute('data-state')).resolves.toBe('notified');
    // Search by receiver: only the acknowledged alert remains.
    await page.getByTestId('sv-f-q').fill('刘医生');
    await page.getByTestId('sv-search').click();
    await poll(() => page.getByTestId('sv-reg-row').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-critical-register.png') });

    const save = async (testId: string, name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      const file = path.join(downloads, name);
      await download.saveAs(file);
      return file;
    };
    const csv = fs.readFileSync(await save('sv-dl-csv', 'register.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('复述内容 Read-back text');
    expect(csv).toContain('"急性颅内出血"');
    expect(csv).toContain('"刘医生"');
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    const pdf = await save('sv-dl-pdf', 'register.pdf');
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of ['危急值登记本', '检索 “刘医生”', '刘医生', '急性颅内出血', '甘露醇脱水', '第1页/共1页']) expect(text, s).toContain(s);
    expect(text, 'names printed without DICOM ^ separators').not.toContain('^');
    // pdftotext may drop the spaces around the count.
    expect(text).toMatch(/共\s*1\s*条/);

    // Metrics: expected values from the alerts' own timestamps and deadlines.
    const details = await Promise.all([acked, open].map(async (a) => (await (await api(`/api/critical/alerts/${a.id}`, { user: 'admin' })).json()) as AlertDetail));
    const times = details.map((a) => ({
      raisedAt: new Date(a.raisedAt),
      notifiedAt: a.notifiedAt ? new Date(a.notifiedAt) : null,
      acknowledgedAt: a.acknowledgedAt ? new Date(a.acknowledgedAt) : null,
      actionAt: a.action ? new Date(a.action.recordedAt) : null,
      closedAt: a.closedAt ? new Date(a.closedAt) : null,
      notifyMin: Math.min(...a.items.map((i) => i.notifyMin)),
      ackMin: Math.min(...a.items.map((i) => i.ackMin)),
      actMin: Math.min(...a.items.map((i) => i.actMin)),
      escalationLevel: a.escalationLevel,
      redirected: !!a.redirectReason,
      readBackMismatches: 0,
    }));
    const expected = computeMetrics(times, new Date());
    expect(expected).toMatchObject({ count: 2, open: 2, ack: { n: 1 }, action: { n: 1 }, ackWithinTargetPct: 100, escalatedPct: 0 });
    // The API agrees with that computation …
    const fromApi = (await (await api('/api/critical/metrics', { user: 'admin' })).json()) as MetricsReport;
    expect(fromApi.overall).toEqual(expected);
    // … and so does the dashboard.
    await page.getByTestId('sv-tab-metrics').click();
    const tile = (id: string) => page.getByTestId(id).textContent();
    await poll(() => tile('sv-m-count')).toBe(String(expected.count));
    await expect(tile('sv-m-open')).resolves.toBe(String(expected.open));
    await expect(tile('sv-m-ack')).resolves.toBe(String(expected.ack.median));
    await expect(tile('sv-m-notify')).resolves.toBe(String(expected.notify.median));
    await expect(tile('sv-m-action')).resolves.toBe(String(expected.action.median));
    await expect(tile('sv-m-ack-within')).resolves.toBe(`${expected.ackWithinTargetPct}%`);
    await expect(tile('sv-m-escalated')).resolves.toBe(`${expected.escalatedPct}%`);
    // Charts: one bar group per township site with alerts, and the open-alerts bar holds the count.
    await expect(page.getByTestId('sv-chart-site-open').locator('rect[data-value]').first().getAttribute('data-value')).resolves.toBe('2');
    await expect(page.getByTestId('sv-chart-period-count').locator('rect[data-value]').last().getAttribute('data-value')).resolves.toBe('2');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-critical-metrics.png'), fullPage: true });

    // Live: with nothing clicked, a new alert and its acknowledgement show on the dashboard.
    await poll(() => page.getByTestId('sv-m-live').getAttribute('data-status')).toBe('live');
    const third = await raise(imaging[0], 'RAD-CHE-02');
    await poll(() => tile('sv-m-count'), 10_000).toBe(String(expected.count + 1));
    await expect(tile('sv-m-open')).resolves.toBe(String(expected.open + 1));
    const ackThird = await api(`/api/critical/alerts/${third.id}/acknowledge`, { method: 'POST', user: 'town1', body: JSON.stringify({ receiverName: '王医生', readBack: '张力性气胸' }) });
    expect(ackThird.status, await ackThird.clone().text()).toBe(200);
    // Acknowledged is still open (no action yet), so the acknowledge count is what moves: 1 → 2.
    await poll(() => page.getByTestId('sv-m-ack').getAttribute('data-n'), 10_000).toBe(String(expected.ack.n + 1));

    // Catalogue: a bad row is refused in the user's language; a good edit publishes version 2.
    await page.getByTestId('sv-tab-catalogue').click();
    await page.getByTestId('sv-c-edit').click();
    await page.getByTestId('sv-c-ackMin-0').fill('0');
    await page.getByTestId('sv-c-note').fill('e2e 调整');
    await page.getByTestId('sv-c-publish').click();
    await poll(() => page.getByTestId('sv-c-error').textContent()).toContain('第 1 行：时限须为正整数分钟');
    await page.getByTestId('sv-c-ackMin-0').fill('12');
    await page.getByTestId('sv-c-publish').click();
    await poll(() => page.getByTestId('sv-c-notice').textContent()).toContain('已发布第 2 版');
    await expect(page.getByTestId('sv-c-ack').first().textContent()).resolves.toBe('12');
    const v1 = (await (await api('/api/critical/catalogue?domain=radiology&version=1', { user: 'admin' })).json()) as { items: Array<{ ackMin: number }> };
    expect(v1.items[0].ackMin).not.toBe(12);
  });
});
