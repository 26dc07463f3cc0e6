import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (DOMAIN.md §7.5): headless, no sandbox (we run as
 * root in CI), no background traffic. Playwright launches it with a fresh temporary
 * user-data-dir (removed on close), and every `newContext()` is a separate, incognito-like
 * profile: two users signed in side by side do not share storage.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchedChromium {
  browser: Browser;
  /** An isolated context; defaults: zh-CN, 1280×800. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(options: { extraArgs?: string[] } = {}): Promise<LaunchedChromium> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (scripts/provision.sh), or set CHROMIUM_PATH`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
  });
  return {
    browser,
    newContext: (contextOptions = {}) => browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, ...contextOptions }),
    close: () => browser.close().catch(() => undefined),
  };
}
