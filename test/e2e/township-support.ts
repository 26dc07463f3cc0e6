import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/** Shared set-up of the township e2e files: a demo hub, Chromium, signed-in pages, API calls as a user. */
export const SHOTS = path.join(repoRoot, 'test-results');
export const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 200 });

export interface TaskRow {
  id: string;
  studyInstanceUid: string;
  modalities: string[];
  kind: string;
  state: string;
  priority: string;
  siteName: string | null;
  patient: { id: string | null; name: string | null; birthDate: string | null };
  request: { orderingClinician: string; examRequested: string } | null;
}

export interface TownshipE2E {
  readonly hub: HubProcess;
  api(pathname: string, init?: RequestInit & { user?: string }): Promise<Response>;
  /** A JSON call that must succeed (status < 300). */
  json<T = unknown>(user: string, method: string, url: string, body?: unknown): Promise<T>;
  tasks(user: string): Promise<TaskRow[]>;
  /** A new browser context signed in as `username`; `initScript` runs before the app's scripts (a stand-in desktop bridge). */
  signIn(username: string, route?: string, initScript?: string): Promise<Page>;
}

/** Registers beforeAll/afterAll for the file and returns its helpers. */
export function townshipE2E(): TownshipE2E {
  let hub: HubProcess | undefined;
  let chromium: LaunchedChromium | undefined;
  const contexts: BrowserContext[] = [];
  const tokens = new Map<string, string>();

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

  const env: TownshipE2E = {
    get hub() {
      if (!hub) throw new Error('hub not started');
      return hub;
    },
    async api(pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (init.user) {
        if (!tokens.has(init.user)) {
          const login = await fetch(`${env.hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: init.user, password: 'demo' }) });
          tokens.set(init.user, (await login.json()).accessToken);
        }
        headers.set('authorization', `Bearer ${tokens.get(init.user)}`);
      }
      if (init.body && typeof init.body === 'string') headers.set('content-type', 'application/json');
      return fetch(env.hub.url + pathname, { ...init, headers });
    },
    async json<T>(user: string, method: string, url: string, body?: unknown) {
      const r = await env.api(url, { method, user, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      expect(r.status, `${method} ${url}: ${await r.clone().text()}`).toBeLessThan(300);
      return (await r.json()) as T;
    },
    async tasks(user) {
      return (await env.json<{ tasks: TaskRow[] }>(user, 'GET', '/api/tasks?limit=200')).tasks;
    },
    async signIn(username, route = '/', initScript) {
      if (!chromium) throw new Error('chromium not started');
      const context = await chromium.newContext();
      contexts.push(context);
      if (initScript) await context.addInitScript(initScript);
      const page = await context.newPage();
      await page.goto(`${env.hub.url}/`);
      await page.locator('#login-username').fill(username);
      await page.locator('#login-password').fill('demo');
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('language-switch').waitFor({ timeout: 60_000 });
      if (route !== '/') await page.goto(`${env.hub.url}/#${route}`);
      return page;
    },
  };
  return env;
}
