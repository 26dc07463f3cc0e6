import { describe, expect, it, vi } from 'vitest';
import { startUpdates, UPDATE_CHECK_INTERVAL_MS, updateFeedUrl, type UpdaterLike } from './updates.js';

// electron-updater needs a packaged Electron app; a recorder stands in for its autoUpdater.
function fakeUpdater() {
  const listeners = new Map<string, (arg: never) => void>();
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => null),
    on: vi.fn((event: string, listener: (arg: never) => void) => listeners.set(event, listener)),
  };
  return { updater: updater as typeof updater & UpdaterLike, listeners };
}

describe('automatic updates', () => {
  it('feed: environment first, then settings; https only; off when neither is set', () => {
    const warn = vi.fn();
    expect(updateFeedUrl(undefined, null, warn)).toBeNull();
    expect(updateFeedUrl('https://updates.qsx.example/teleread/', 'https://other.example/', warn)).toBe('https://updates.qsx.example/teleread/');
    expect(updateFeedUrl(' ', 'https://other.example/feed', warn)).toBe('https://other.example/feed');
    expect(warn).not.toHaveBeenCalled();
    for (const bad of ['http://updates.qsx.example/', 'file:///srv/updates', 'https://u:p@updates.example/', 'nonsense']) {
      expect(updateFeedUrl(bad, null, warn), bad).toBeNull();
    }
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls[0][0]).toMatch(/https:\/\/.*updates stay off/);
  });

  it('stays off, without loading the updater, when no feed is set or the app is not packaged', async () => {
    const loadUpdater = vi.fn();
    const common = { loadUpdater, notify: vi.fn(), language: () => 'zh-CN' as const, log: vi.fn() };
    await expect(startUpdates({ ...common, feedUrl: null, isPackaged: true })).resolves.toBe('off');
    await expect(startUpdates({ ...common, feedUrl: 'https://updates.qsx.example/', isPackaged: false })).resolves.toBe('off');
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('with a feed: generic provider, background download, install on quit, a check now and every 6 hours, the user told when ready', async () => {
    const { updater, listeners } = fakeUpdater();
    const notify = vi.fn();
    const log = vi.fn();
    const timers: [() => void, number][] = [];
    await expect(
      startUpdates({
        feedUrl: 'https://updates.qsx.example/teleread/',
        isPackaged: true,
        loadUpdater: async () => updater,
        notify,
        language: () => 'zh-CN',
        log,
        setInterval: (callback, ms) => timers.push([callback, ms]),
      }),
    ).resolves.toBe('on');
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.qsx.example/teleread/' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
    expect(timers.map(([, ms]) => ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    timers[0][0]();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    (listeners.get('update-downloaded') as (info: { version: string }) => void)({ version: '0.2.0' });
    expect(notify).toHaveBeenCalledWith('TeleRead 更新已下载', '新版本 0.2.0 将在退出程序后安装。');
    (listeners.get('error') as (error: Error) => void)(new Error('net::ERR_NAME_NOT_RESOLVED'));
    expect(log).toHaveBeenCalledWith('update check failed: net::ERR_NAME_NOT_RESOLVED');
  });
});
