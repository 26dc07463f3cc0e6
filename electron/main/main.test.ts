import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/api/ipc.js';

// The Electron binary cannot run here, so `electron` is mocked: the test imports the real main.ts
// and checks what it asks Electron to do, before and after `ready`.
const state = vi.hoisted(() => ({
  userData: '',
  lock: true,
  windows: [] as { options: Record<string, unknown>; loadURL: ReturnType<typeof import('vitest').vi.fn> }[],
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  calls: [] as string[],
  trays: [] as Record<string, unknown>[],
}));

vi.mock('electron', async () => {
  const { vi } = await import('vitest');
  class BrowserWindow {
    webContents = { on: vi.fn(), send: vi.fn(), reload: vi.fn(), getPrintersAsync: vi.fn(async () => []) };
    setOverlayIcon = vi.fn();
    isFocused = () => true;
    loadURL = vi.fn(async () => undefined);
    once = vi.fn();
    isDestroyed = () => false;
    constructor(public options: Record<string, unknown>) {
      state.windows.push(this);
    }
  }
  return {
    app: {
      enableSandbox: vi.fn(() => state.calls.push('enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => state.lock),
      quit: vi.fn(() => state.calls.push('quit')),
      on: vi.fn((event: string, listener: (...args: unknown[]) => void) => state.appListeners.set(event, listener)),
      setAsDefaultProtocolClient: vi.fn(() => true),
      whenReady: vi.fn(async () => state.calls.push('ready')),
      getPath: vi.fn(() => state.userData),
      getAppPath: vi.fn(() => '/opt/TeleRead/resources/app.asar'),
      getVersion: vi.fn(() => '0.1.0'),
      setBadgeCount: vi.fn(() => true),
    },
    BrowserWindow,
    Tray: vi.fn(function (this: Record<string, unknown>, image: unknown) {
      Object.assign(this, { image, setToolTip: vi.fn(), setImage: vi.fn(), setContextMenu: vi.fn(), setTitle: vi.fn(), on: vi.fn() });
      state.trays.push(this);
    }),
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })) },
    nativeImage: {
      createFromPath: vi.fn((file: string) => ({ file, isEmpty: () => false })),
      createFromBitmap: vi.fn(() => ({ bitmap: true })),
    },
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: true })) },
    ipcMain: { handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => state.ipc.set(channel, listener)) },
    Notification: Object.assign(vi.fn(), { isSupported: () => true }),
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => state.calls.push('registerSchemesAsPrivileged')),
      handle: vi.fn(),
    },
    safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: vi.fn(), decryptString: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
    utilityProcess: { fork: vi.fn() },
  };
});

const electron = await import('electron');

async function loadMain(env: { dev?: boolean; devUrl?: string; lock?: boolean } = {}) {
  vi.resetModules();
  state.lock = env.lock ?? true;
  if (env.dev) process.env.TELEREAD_DEV = '1';
  else delete process.env.TELEREAD_DEV;
  if (env.devUrl) process.env.TELEREAD_DEV_SERVER_URL = env.devUrl;
  else delete process.env.TELEREAD_DEV_SERVER_URL;
  await import('./main.js');
  // Let the `ready` chain finish inside the test that started it.
  if (state.lock) await vi.waitFor(() => expect(state.windows[0]?.loadURL).toHaveBeenCalled());
}

beforeEach(() => {
  vi.clearAllMocks();
  state.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-main-'));
  state.windows.length = 0;
  state.appListeners.clear();
  state.ipc.clear();
  state.calls.length = 0;
  state.trays.length = 0;
});
afterAll(() => {
  delete process.env.TELEREAD_DEV;
  delete process.env.TELEREAD_DEV_SERVER_URL;
});

describe('main process wiring', () => {
  it('before ready: privileged app:// scheme, sandbox for all renderers, single-instance lock', async () => {
    await loadMain();
    expect(state.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'ready']);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
  });

  it('after ready: deny-by-default permissions, app:// handler, all IPC channels, a secure window on app://', async () => {
    await loadMain();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...state.ipc.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    const [window] = state.windows;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(window.loadURL).toHaveBeenCalledWith('app://teleread/index.html');
    expect(state.appListeners.has('web-contents-created')).toBe(true);
    expect(state.appListeners.has('second-instance')).toBe(true);
  });

  it('the wired IPC refuses a forged sender and answers ours', async () => {
    await loadMain();
    const getSettings = state.ipc.get(IPC_CHANNELS.getSettings)!;
    await expect(getSettings({ senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow('sender not allowed');
    await expect(getSettings({ senderFrame: { url: 'app://teleread/index.html' } })).resolves.toEqual({ hubUrl: null, language: 'zh-CN' });
    // The mocked safeStorage reports basic_text: the app says the token stays in memory.
    const info = await state.ipc.get(IPC_CHANNELS.getAppInfo)!({ senderFrame: { url: 'app://teleread/' } });
    expect(info).toMatchObject({ tokenPersistence: 'memory-only' });
  });

  it('every new webContents gets the guards', async () => {
    await loadMain();
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    state.appListeners.get('web-contents-created')!({}, contents);
    expect(contents.on).toHaveBeenCalledWith('will-navigate', expect.any(Function));
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.setWindowOpenHandler.mock.calls[0][0]()).toEqual({ action: 'deny' });
  });

  it('a second instance quits at once', async () => {
    await loadMain({ lock: false });
    expect(state.calls).toContain('quit');
    expect(electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('dev mode loads Vite, trusts it, and gives its pages the dev CSP', async () => {
    await loadMain({ dev: true });
    expect(state.windows[0].loadURL).toHaveBeenCalledWith('http://127.0.0.1:5173');
    const getSettings = state.ipc.get(IPC_CHANNELS.getSettings)!;
    await expect(getSettings({ senderFrame: { url: 'http://127.0.0.1:5173/' } })).resolves.toBeTruthy();
    await expect(getSettings({ senderFrame: { url: 'http://127.0.0.1:5173.evil.com/' } })).rejects.toThrow();
    const onHeaders = vi.mocked(electron.session.defaultSession.webRequest.onHeadersReceived);
    expect(onHeaders).toHaveBeenCalledWith({ urls: ['http://127.0.0.1:5173/*'] }, expect.any(Function));
    const listener = (onHeaders.mock.calls[0] as unknown[])[1] as (details: unknown, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
    let headers: Record<string, string[]> | undefined;
    listener({ url: 'http://127.0.0.1:5173/src/main.tsx', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy'][0]).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'");
  });

  it('production sets no dev CSP hook; a dev server URL off this machine stops the start', async () => {
    await loadMain();
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).not.toHaveBeenCalled();
    vi.resetModules();
    process.env.TELEREAD_DEV = '1';
    process.env.TELEREAD_DEV_SERVER_URL = 'http://10.0.0.5:5173';
    await expect(import('./main.js')).rejects.toThrow(/TELEREAD_DEV_SERVER_URL must be http:\/\/ on 127\.0\.0\.1/);
  });

  it('tray, badge and Windows overlay follow the counts the page sends; the tray outlives a minimised window', async () => {
    await loadMain();
    expect(state.trays).toHaveLength(1);
    const tray = state.trays[0] as { setImage: ReturnType<typeof vi.fn>; setToolTip: ReturnType<typeof vi.fn> };
    expect(electron.nativeImage.createFromPath).toHaveBeenCalledWith(expect.stringMatching(/tray\.png$/));
    const setAttention = state.ipc.get(IPC_CHANNELS.setAttention)!;
    await setAttention({ senderFrame: { url: 'app://teleread/index.html' } }, { alerts: 2, reports: 1 });
    expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(3);
    expect(tray.setImage).toHaveBeenLastCalledWith(expect.objectContaining({ file: expect.stringMatching(/tray-alert\.png$/) }));
    expect(tray.setToolTip).toHaveBeenLastCalledWith('TeleRead 远程阅片 · 未确认危急值 2 条 · 新报告 1 份');
    const overlay = (state.windows[0] as unknown as { setOverlayIcon: ReturnType<typeof vi.fn> }).setOverlayIcon;
    if (process.platform === 'win32') expect(overlay).toHaveBeenCalled();
    else expect(overlay).not.toHaveBeenCalled();
    await expect(setAttention({ senderFrame: { url: 'app://teleread/' } }, { alerts: -1, reports: 0 })).rejects.toThrow('invalid arguments');
  });

  it('serves print jobs from memory through the app:// handler and listens for opened .dcm files', async () => {
    await loadMain();
    const handler = vi.mocked(electron.protocol.handle).mock.calls[0][1] as (request: Request) => Promise<Response>;
    expect((await handler(new Request('app://teleread/__print/unknown/x.pdf'))).status).toBe(404);
    expect(state.appListeners.has('open-file')).toBe(true);
    const take = state.ipc.get(IPC_CHANNELS.takeOpenedFiles)!;
    await expect(take({ senderFrame: { url: 'app://teleread/' } })).resolves.toEqual([]);
  });
});
