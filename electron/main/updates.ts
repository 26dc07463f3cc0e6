/**
 * Automatic updates: off unless a feed is configured. The feed is a generic electron-builder feed
 * (a static folder with latest.yml etc. on the alliance's server), named by `TELEREAD_UPDATE_URL`
 * in the environment or `updateUrl` in settings.json, and only `https:` (the feed says which
 * installer to trust). Only a packaged app checks; development never does. An update downloads in
 * the background and installs when the app quits, never while someone is reading; the user is told
 * once it is ready.
 */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The feed URL in use, or null when updates are off (with the reason logged when a value was refused). */
export function updateFeedUrl(envValue: string | undefined, settingsValue: string | null, warn: (message: string) => void): string | null {
  const raw = envValue?.trim() || settingsValue;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' && !url.username && !url.password) return url.href;
  } catch {
    // refused below
  }
  warn(`update feed refused (must be an https:// URL without credentials): ${raw.slice(0, 200)}; automatic updates stay off`);
  return null;
}

export interface StartUpdatesOptions {
  feedUrl: string | null;
  isPackaged: boolean;
  /** Loaded only when updates are on (electron-updater reads the app's files at load). */
  loadUpdater: () => Promise<UpdaterLike>;
  notify: (title: string, body: string) => void;
  language: () => 'zh-CN' | 'en';
  log: (message: string) => void;
  setInterval?: (callback: () => void, ms: number) => unknown;
}

export async function startUpdates(options: StartUpdatesOptions): Promise<'off' | 'on'> {
  if (!options.feedUrl || !options.isPackaged) {
    options.log(options.feedUrl ? 'automatic updates off: not a packaged app' : 'automatic updates off: no feed configured');
    return 'off';
  }
  const updater = await options.loadUpdater();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  updater.on('update-downloaded', ({ version }) => {
    const zh = options.language() === 'zh-CN';
    options.notify(
      zh ? 'TeleRead 更新已下载' : 'TeleRead update downloaded',
      zh ? `新版本 ${version} 将在退出程序后安装。` : `Version ${version} will be installed when you quit TeleRead.`,
    );
  });
  // A feed that cannot be reached is not the user's problem; it is logged and retried later.
  updater.on('error', (error) => options.log(`update check failed: ${error.message}`));
  const check = () => void updater.checkForUpdates().catch((error: Error) => options.log(`update check failed: ${error.message}`));
  check();
  (options.setInterval ?? setInterval)(check, UPDATE_CHECK_INTERVAL_MS);
  return 'on';
}
