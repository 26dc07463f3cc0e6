import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { dataFile, repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * Issue 5 end to end: rad1 and rad2 side by side on the worklist; a township upload appears live
 * on both; rad1 claims it; rad2's screen shows it taken by 王磊 without a reload.
 */
const SHOTS = path.join(repoRoot, 'test-results');
let hub: HubProcess;
let chromium: LaunchedChromium;
const contexts: BrowserContext[] = [];
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

async function api(pathname: string, init: RequestInit & { user?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.user) {
    const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: init.user, password: 'demo' }) });
    headers.set('authorization', `Bearer ${(await login.json()).accessToken}`);
  }
  return fetch(hub.url + pathname, { ...init, headers });
}

async function openWorklist(username: string): Promise<Page> {
  const context = await chromium.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${hub.url}/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill('demo');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
  await page.goto(`${hub.url}/#/worklist`);
  await page.getByTestId('worklist-table').waitFor({ timeout: 30_000 });
  await poll(() => page.getByTestId('wl-live').textContent()).toContain('实时更新');
  return page;
}

const row = (page: Page, taskId: string) => page.locator(`[data-testid="worklist-row"][data-task-id="${taskId}"]`);

beforeAll(async () => {
  const webRoot = ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await hub?.stop();
});

describe('worklist in Chromium', () => {
  it('shows the demo queue, a new upload live on two screens, and a claim on one seen on the other', async () => {
    const [rad1, rad2] = [await openWorklist('rad1'), await openWorklist('rad2')];
    // The six demo studies are waiting, urgent ones first.
    await poll(() => rad1.getByTestId('wl-count-waiting').textContent()).toBe('6');
    await expect(rad1.getByTestId('worklist-row').first().locator('.wl-prio').textContent()).resolves.toBe('急诊');

    // town1 uploads a radiograph with its exam request, through the same APIs the township app uses.
    const bytes = new Uint8Array(fs.readFileSync(dataFile('radiograph/dx-for-presentation-small.dcm')));
    const { body, contentType } = stowBody([bytes]);
    const stow = await api('/dicomweb/studies', { method: 'POST', user: 'town1', headers: { 'content-type': contentType, accept: 'application/dicom+json' }, body });
    expect(stow.status).toBe(200);
    const studyUid = ((await stow.json())['00081190'].Value[0] as string).split('/studies/')[1];
    const tasks = await (await api(`/api/tasks?limit=100`, { user: 'admin' })).json();
    const task = tasks.tasks.find((x: { studyInstanceUid: string }) => x.studyInstanceUid === studyUid);
    expect(task).toBeDefined();

    // Live on both screens, no reload.
    await row(rad1, task.id).waitFor({ timeout: 30_000 });
    await row(rad2, task.id).waitFor({ timeout: 30_000 });
    await poll(() => rad2.getByTestId('wl-count-waiting').textContent()).toBe('7');

    // rad1 claims it from the row.
    await row(rad1, task.id).getByRole('button', { name: '认领' }).click();
    await poll(() => row(rad1, task.id).getAttribute('data-state')).toBe('claimed');
    // rad2 sees it taken by 王磊.
    await poll(() => row(rad2, task.id).getByTestId('worklist-state').textContent()).toBe('阅片中');
    await expect(row(rad2, task.id).getByTestId('worklist-reader').textContent()).resolves.toBe('王磊');
    await rad2.screenshot({ path: path.join(SHOTS, 'e2e-worklist-rad2-taken.png') });

    // rad2 tries anyway with the keyboard: the hub refuses and says who holds it.
    await row(rad2, task.id).click();
    await rad2.getByTestId('worklist-table').press('c');
    await poll(() => rad2.getByTestId('wl-message').textContent()).toContain('该检查已由 王磊 认领阅片');
    // Enter still opens the study (to look at, not to report).
    await rad2.getByTestId('worklist-table').press('Enter');
    await poll(() => rad2.url()).toContain(`#/viewer/`);
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-worklist-rad1.png') });
  });
});
