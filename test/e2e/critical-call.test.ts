import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertDetail, Catalogue } from '../../shared/api/critical.js';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 8, the reader's side of an escalation, in Chromium with a real deadline: a supervisor
 * publishes a catalogue version whose first item must be acknowledged within 1 minute, the hub
 * checks deadlines every second (TELEREAD_CRITICAL_JOB_SECONDS=1), rad1 raises the alert and keeps
 * the study open; nobody acknowledges, so at the deadline level 1 fires and rad1's report panel
 * prompts to phone the ordering clinician (name and number from the exam request). rad1 records
 * "no answer" with a note: the call is on the alert and in its delivery log.
 * To stay under 90 s the alert is raised as soon as the first demo study of town1 is indexed,
 * while the rest of the demo data is still being seeded.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
const contexts: BrowserContext[] = [];
const tokens = new Map<string, string>();
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 250 });

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

interface TaskRow {
  id: string;
  studyInstanceUid: string;
  kind: string;
  siteName: string | null;
  patient: { id: string | null; name: string | null; birthDate: string | null };
  request: { orderingClinician: string; contactPhone: string } | null;
}

beforeAll(async () => {
  const webRoot = process.env.TELEREAD_E2E_WEBROOT || ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot, env: { TELEREAD_CRITICAL_JOB_SECONDS: '1' } }), launchChromium()]);
}, 60_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
});

describe('reader phone prompt on escalation', () => {
  it('prompts rad1 to phone the ordering clinician at the acknowledge deadline and records the call', async () => {
    let task: TaskRow | undefined;
    await poll(async () => {
      const res = await api('/api/tasks?limit=100', { user: 'rad1' });
      const list = res.ok ? ((await res.json()) as { tasks: TaskRow[] }).tasks : [];
      task = list.find((x) => x.kind === 'imaging' && x.siteName === '东坪镇卫生院' && !!x.request?.contactPhone);
      return !!task;
    }, 60_000).toBe(true);

    // A 1-minute acknowledge deadline for the first radiology item (thresholds are data).
    const current = (await (await api('/api/critical/catalogue?domain=radiology', { user: 'admin' })).json()) as Catalogue;
    const items = current.items.map((i, n) => (n === 0 ? { ...i, notifyMin: 1, ackMin: 1 } : i));
    const put = await api('/api/critical/catalogue', { method: 'PUT', user: 'admin', body: JSON.stringify({ domain: 'radiology', note: 'e2e: 1 分钟确认时限', items }) });
    expect(put.status, await put.clone().text()).toBe(200);

    expect((await api(`/api/tasks/${task!.id}/claim`, { method: 'POST', user: 'rad1' })).status).toBe(200);
    expect((await api('/api/reports', { method: 'POST', user: 'rad1', body: JSON.stringify({ taskId: task!.id }) })).status).toBeLessThan(300);
    const raised = await api('/api/critical/alerts', {
      method: 'POST',
      user: 'rad1',
      body: JSON.stringify({
        studyInstanceUid: task!.studyInstanceUid,
        itemCodes: [items[0].code],
        note: 'e2e',
        patient: { patientId: task!.patient.id, ...(task!.patient.birthDate ? { birthDate: task!.patient.birthDate } : { name: task!.patient.name }) },
      }),
    });
    expect(raised.status, await raised.clone().text()).toBe(201);
    const alert = (await raised.json()) as Alert;
    expect(new Date(alert.ackDueAt).getTime() - new Date(alert.raisedAt).getTime()).toBe(60_000);
    expect(alert.contact).toEqual({ orderingClinician: task!.request!.orderingClinician, phone: task!.request!.contactPhone });

    const context = await chromium.newContext({ viewport: { width: 1500, height: 950 } });
    contexts.push(context);
    const page: Page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${hub.url}/`);
    await page.locator('#login-username').fill('rad1');
    await page.locator('#login-password').fill('demo');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
    await page.goto(`${hub.url}/#/read/${task!.studyInstanceUid}`);
    await page.locator(`[data-testid=rp-alert][data-state=notified]`).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('ca-call-prompt').count()).resolves.toBe(0);

    // Level 1 at the deadline: the live alert.escalated opens the prompt.
    const prompt = page.getByTestId('ca-call-prompt');
    await prompt.waitFor({ timeout: 75_000 });
    await expect(prompt.textContent()).resolves.toContain('第 1 级');
    await expect(page.getByTestId('ca-call-who').textContent()).resolves.toContain(task!.request!.orderingClinician);
    await expect(page.getByTestId('ca-call-phone').textContent()).resolves.toContain(task!.request!.contactPhone);
    await expect(page.getByTestId('ca-call-number').inputValue()).resolves.toBe(task!.request!.contactPhone);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-critical-call-prompt.png') });
    await page.getByTestId('ca-call-note').fill('无人接听，稍后再拨');
    await page.getByTestId('ca-call-no-answer').click();
    await poll(() => prompt.count()).toBe(0);
    await expect(page.getByTestId('rp-critical').count(), 'the panel is still there (no render crash)').resolves.toBe(1);

    const detail = (await (await api(`/api/critical/alerts/${alert.id}`, { user: 'rad1' })).json()) as AlertDetail;
    expect(detail.escalationLevel).toBeGreaterThanOrEqual(1);
    expect(detail.log.find((l) => l.type === 'escalation' && l.level === 1)?.detail).toMatchObject({ recipients: expect.arrayContaining(['user:town1']) });
    expect(detail.deliveries.at(-1)).toMatchObject({ channel: 'manual_phone', status: 'no_answer', recipient: task!.request!.contactPhone, detail: '无人接听，稍后再拨' });
    // The panel's delivery log shows the call.
    await poll(() => page.locator('[data-testid=ca-delivery-log] li[data-channel=manual_phone][data-status=no_answer]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
