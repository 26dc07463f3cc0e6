import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { repoRoot } from '../harness/testdata.js';
import { ensureRendererBuild } from './webBuild.js';

/**
 * The web build served by a real demo hub, driven in Debian's Chromium: sign-in errors in the
 * user's language, the signed-in shell, language switch, token refresh and resume, sign-out.
 */
const SHOTS = path.join(repoRoot, 'test-results');

let hub: HubProcess;
let chromium: LaunchedChromium;
let context: BrowserContext;

beforeAll(async () => {
  const webRoot = ensureRendererBuild();
  fs.mkdirSync(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startHub({ demo: true, webRoot }), launchChromium()]);
  context = await chromium.newContext();
  // Demo studies are generated and stored after the hub is ready; on a loaded 2-core machine that
  // stalls the hub for seconds at a time, so the UI tests start once it is done.
  await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
});

/** UI assertions poll; the default 1 s is too short on a busy CI machine. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

async function openLogin(options: { fakeClock?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  // Playwright's clock: time flows normally, and fastForward() jumps to fire the refresh timer.
  if (options.fakeClock) await page.clock.install();
  await page.goto(hub.url + '/');
  await page.getByLabel('用户名').waitFor({ timeout: 60_000 });
  return page;
}

async function signIn(page: Page, username: string, password = 'demo') {
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
}

describe('login and app shell in Chromium', () => {
  it('serves the UI at / and deep links fall back to it', async () => {
    for (const p of ['/', '/worklist/some/deep/link']) {
      const res = await fetch(hub.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<div id="root">');
    }
    // API paths keep their JSON 404 in the caller's language; they never get the app shell.
    const api404 = await fetch(hub.url + '/api/no-such-thing', { headers: { 'Accept-Language': 'en' } });
    expect(api404.status).toBe(404);
    expect(await api404.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
    const page = await openLogin();
    expect(await page.title()).toBe('远程阅片');
    await expect(page.locator('h1').textContent()).resolves.toContain('远程阅片');
    await expect(page.getByTestId('demo-accounts').textContent()).resolves.toContain('town1');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-login-zh.png') });
    await page.close();
  });

  it('a wrong password shows the hub message in the UI language, and the button is usable again', async () => {
    const page = await openLogin();
    await signIn(page, 'rad1', 'wrong-password');
    await poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await expect(page.locator('form button[type=submit]').isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'e2e-login-error-zh.png') });

    await page.getByTestId('language-switch').selectOption('en');
    await poll(() => page.locator('form button[type=submit]').textContent()).toBe('Sign in');
    await signIn(page, 'rad1', 'wrong-password');
    await poll(() => page.getByTestId('login-error').textContent()).toBe('Wrong user name or password.');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.close();
  });

  it('rad1 signs in: top bar shows name, role and site; English switch, refresh, reload and sign-out work', async () => {
    const page = await openLogin({ fakeClock: true });
    const refreshes: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.status());
    });
    await signIn(page, 'rad1');
    await poll(() => page.getByTestId('user-name').textContent()).toBe('王磊');
    await expect(page.getByTestId('user-site').textContent()).resolves.toBe('青山县人民医院');
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('放射科医师');
    await expect(page.locator('.app-shell').getAttribute('data-theme')).resolves.toBe('dark');
    await poll(() => page.getByTestId('sites-table').locator('tbody tr').count()).toBe(3);
    await expect(page.getByTestId('sites-table').textContent()).resolves.toContain('东坪镇卫生院');
    await expect(page.getByTestId('permissions').textContent()).resolves.toContain('认领影像阅片任务');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-rad1-zh.png') });

    await page.getByTestId('language-switch').selectOption('en');
    await poll(() => page.getByTestId('logout').textContent()).toBe('Sign out');
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('Radiologist');
    await expect(page.getByTestId('sites-table').textContent()).resolves.toContain('Dongping Township Health Centre');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-rad1-en.png') });

    // The refresh timer fires a minute before the 15-min access token expires and rotates the
    // refresh token (the hub's clock is real; only the page's timers jump).
    const firstToken = await page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'));
    expect(firstToken).toBeTruthy();
    expect(refreshes).toEqual([]);
    await page.clock.fastForward('14:05');
    await poll(() => refreshes).toEqual([200]);
    await poll(() => page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'))).not.toBe(firstToken);

    // A reload resumes the session with the rotated token (a reused one would be revoked) and
    // keeps the language choice.
    await page.reload();
    await poll(() => page.getByTestId('user-name').textContent()).toBe('王磊');
    await expect(page.getByTestId('logout').textContent()).resolves.toBe('Sign out');
    expect(refreshes.every((s) => s === 200)).toBe(true);

    await page.getByTestId('logout').click();
    await page.locator('#login-username').waitFor();
    await expect(page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'))).resolves.toBeNull();
    await page.reload();
    await page.locator('#login-username').waitFor();
    await expect(page.locator('form button[type=submit]').textContent()).resolves.toBe('Sign in');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.close();
  });

  it('a demo account picked from the hint signs in with Enter alone', async () => {
    const page = await openLogin();
    await page.getByRole('button', { name: '使用 rad2 登录' }).click();
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('user-name').textContent()).toBe('李静');
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('审核医师(上级医师)');
    await page.getByTestId('logout').click();
    await page.locator('#login-username').waitFor();
    await page.close();
  });

  it('town1 (keyboard only) sees the township role on the light theme, with access to its own site only', async () => {
    const page = await openLogin();
    // The user-name field has the focus on arrival; Tab to the password; Enter submits.
    await page.keyboard.type('town1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('user-role').textContent()).toBe('乡镇卫生院人员');
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('赵芳');
    await expect(page.getByTestId('user-site').textContent()).resolves.toBe('东坪镇卫生院');
    await expect(page.locator('.app-shell').getAttribute('data-theme')).resolves.toBe('light');
    const rows = page.getByTestId('sites-table').locator('tbody tr');
    await poll(() => rows.count()).toBe(3);
    const access = Object.fromEntries(
      await Promise.all((await rows.all()).map(async (r) => [await r.locator('code').textContent(), await r.locator('td').last().textContent()])),
    );
    expect(access).toEqual({ 'QSX-RMYY': '无', 'QSX-DPZ': '全部检查与报告', 'QSX-XHX': '无' });
    await page.screenshot({ path: path.join(SHOTS, 'e2e-home-town1-zh.png') });
    await page.getByTestId('logout').click();
    await page.locator('#login-username').waitFor();
    await page.close();
  });

  it('a stolen refresh token used elsewhere ends the session here with the hub’s explanation', async () => {
    const page = await openLogin({ fakeClock: true });
    await signIn(page, 'rad1');
    await poll(() => page.getByTestId('user-name').textContent()).toBe('王磊');
    const token = await page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'));
    // Someone else, on another machine (here: another loopback address), spends the token first: the hub rotates it for
    // them... (From this tab's own address, seconds later, it would be taken for a reload that lost the answer.)
    const thief = await new Promise<number>((resolve, reject) => {
      const req = http.request(hub.url + '/api/auth/refresh', { method: 'POST', localAddress: '127.0.0.2', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ refreshToken: token }));
    });
    expect(thief).toBe(200);
    // ...so when this tab's timer refreshes, that is a reuse: the hub revokes the session.
    await page.clock.fastForward('14:05');
    await page.locator('#login-username').waitFor({ timeout: 20_000 });
    await poll(() => page.getByTestId('login-error').textContent()).toContain('检测到会话令牌被重复使用');
    await expect(page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'))).resolves.toBeNull();
    await page.close();
  });

  it('desktop: with no hub saved the hub picker comes first; the refresh token goes to the shell, not the page', async () => {
    // A stand-in for the Electron preload (window.teleread), persisted in localStorage so it
    // survives reloads like the shell's settings file does. Electron itself cannot run here.
    const desktop = await chromium.newContext();
    await desktop.addInitScript(() => {
      type Shell = { hub: string | null; token: string | null };
      const read = (): Shell => JSON.parse(localStorage.getItem('fakeShell') ?? '{"hub":null,"token":null}') as Shell;
      const write = (patch: Partial<Shell>) => localStorage.setItem('fakeShell', JSON.stringify({ ...read(), ...patch }));
      (window as unknown as { teleread: unknown }).teleread = {
        getSettings: async () => ({ hubUrl: read().hub, language: 'zh-CN' }),
        printPdf: async () => undefined,
        notify: async () => undefined,
        storeRefreshToken: async (token: string | null) => write({ token }),
        loadRefreshToken: async () => read().token,
        getAppInfo: async () => ({
          version: '0.1.0',
          platform: 'linux',
          tokenPersistence: 'memory-only',
          tokenPersistenceNote: { 'zh-CN': '本机没有系统密钥环，退出程序后需要重新登录。', en: 'No OS keyring: sign in again after quitting.' },
          demoHubRunning: false,
        }),
        setHub: async (hub: string) => {
          if (hub === 'demo') throw new Error("Error invoking remote method 'settings:setHub': Error: 演示服务器无法启动（测试）");
          write({ hub });
          return { hubUrl: hub };
        },
      };
    });
    const page = await desktop.newPage();
    const shell = () => page.evaluate(() => JSON.parse(localStorage.getItem('fakeShell') ?? '{}') as { hub?: string; token?: string | null });
    await page.goto(hub.url + '/');
    await page.getByTestId('hub-picker').waitFor({ timeout: 60_000 });
    await poll(() => page.getByTestId('token-note').textContent()).toBe('本机没有系统密钥环，退出程序后需要重新登录。');
    await page.getByTestId('hub-demo').click();
    await poll(() => page.getByTestId('hub-error').textContent()).toBe('无法切换服务器：演示服务器无法启动（测试）');
    await page.locator('#hub-address').fill('ftp://hub.example.cn');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('hub-error').textContent()).toContain('请输入以 http:// 或 https:// 开头的服务器地址');
    await page.screenshot({ path: path.join(SHOTS, 'e2e-desktop-hub-picker-zh.png') });

    await page.locator('#hub-address').fill(hub.url.replace('http://', '') + '/');
    await page.keyboard.press('Enter');
    await page.locator('#login-username').waitFor({ timeout: 60_000 });
    await expect(shell()).resolves.toMatchObject({ hub: hub.url });
    await expect(page.getByTestId('hub-url').textContent()).resolves.toBe(`服务器：${hub.url}`);

    await signIn(page, 'ecg1');
    await poll(() => page.getByTestId('user-name').textContent()).toBe('张敏');
    await expect(page.getByTestId('user-role').textContent()).resolves.toBe('心电图医师');
    await expect(shell().then((s) => s.token)).resolves.toMatch(/.{10,}/);
    await expect(page.evaluate(() => sessionStorage.getItem('teleread.refreshToken'))).resolves.toBeNull();
    await page.reload();
    await poll(() => page.getByTestId('user-name').textContent()).toBe('张敏');
    await page.getByTestId('logout').click();
    await page.locator('#login-username').waitFor();
    await expect(shell().then((s) => s.token)).resolves.toBeNull();
    await desktop.close();
  });

  // Last: stops the hub.
  it('when the hub goes away, signing in says the hub cannot be reached (not a crash, not a wrong password)', async () => {
    const page = await openLogin();
    await hub.stop();
    await signIn(page, 'rad1');
    await poll(() => page.getByTestId('login-error').textContent()).toBe('无法连接服务器，请检查网络连接或服务器地址后重试。');
    await expect(page.locator('form button[type=submit]').isEnabled()).resolves.toBe(true);
    await page.close();
  });
});
