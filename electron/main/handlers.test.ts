import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/api/ipc.js';
import { createShellHandlers, type ShellServices } from './handlers.js';
import { createDemoHubControl } from './demoHub.js';
import { createOpenedFiles } from './openedFiles.js';
import { openSettingsStore } from './settings.js';

// Real settings in a temp folder; the demo hub, secrets and attention are fakes (they need Electron).
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-handlers-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup(startFails = false) {
  const settings = await openSettingsStore(dir, vi.fn());
  const hubStop = vi.fn(async () => undefined);
  const demoHub = createDemoHubControl(async () => {
    if (startFails) throw new Error('演示服务器启动失败 / The demo hub exited during start-up');
    return { url: 'http://127.0.0.1:41234', dataDir: path.join(dir, 'demo-hub'), stop: hubStop };
  });
  const services: ShellServices = {
    settings,
    demoHub,
    secrets: { storeRefreshToken: vi.fn(), loadRefreshToken: vi.fn(async () => null), persistence: () => ({ mode: 'memory-only', note: { 'zh-CN': '仅内存', en: 'memory only' } }) },
    attention: { notify: vi.fn(), setAttention: vi.fn(), bringToFront: vi.fn() },
    printPdf: vi.fn(async () => 'printed' as const),
    savePdf: vi.fn(async () => ({ saved: true as const, fileName: 'r.pdf' })),
    listPrinters: vi.fn(async () => [{ name: 'HP_LaserJet_M1136', displayName: 'HP LaserJet M1136' }]),
    openedFiles: createOpenedFiles({ log: vi.fn() }),
    takePendingStudy: () => null,
    appInfo: { version: '0.1.0', platform: 'linux' },
    onHubOriginChanged: vi.fn(),
    log: vi.fn(),
  };
  return { handlers: createShellHandlers(services), services, hubStop };
}

describe('shell handlers', () => {
  it('reports no hub until one is chosen', async () => {
    const { handlers } = await setup();
    await expect(handlers[IPC_CHANNELS.getSettings]()).resolves.toEqual({ hubUrl: null, language: 'zh-CN' });
  });

  it('choosing demo starts the embedded hub, saves the choice, and reloads for the new CSP', async () => {
    const { handlers, services } = await setup();
    await expect(handlers[IPC_CHANNELS.setHub]('demo')).resolves.toEqual({ hubUrl: 'http://127.0.0.1:41234' });
    expect(services.settings.get().hub).toBe('demo');
    expect(services.onHubOriginChanged).toHaveBeenCalledOnce();
    await expect(handlers[IPC_CHANNELS.getSettings]()).resolves.toEqual({ hubUrl: 'http://127.0.0.1:41234', language: 'zh-CN' });
    expect(await handlers[IPC_CHANNELS.getAppInfo]()).toMatchObject({ demoHubRunning: true, tokenPersistence: 'memory-only' });
  });

  it('switching to a real hub stops the demo hub and keeps a path prefix', async () => {
    const { handlers, services, hubStop } = await setup();
    await handlers[IPC_CHANNELS.setHub]('demo');
    await expect(handlers[IPC_CHANNELS.setHub]('https://hub.qsx.example/teleread/')).resolves.toEqual({ hubUrl: 'https://hub.qsx.example/teleread' });
    expect(hubStop).toHaveBeenCalledOnce();
    expect(services.settings.get().hub).toBe('https://hub.qsx.example/teleread');
    expect(services.onHubOriginChanged).toHaveBeenCalledTimes(2);
    await handlers[IPC_CHANNELS.setHub]('https://hub.qsx.example/other');
    expect(services.onHubOriginChanged).toHaveBeenCalledTimes(2); // same origin: no reload
  });

  it('surfaces a failed demo start to the caller and leaves settings unchanged', async () => {
    const { handlers, services } = await setup(true);
    await expect(handlers[IPC_CHANNELS.setHub]('demo')).rejects.toThrow(/演示服务器启动失败/);
    expect(services.settings.get().hub).toBeNull();
  });

  it('prints and saves the bytes with the saved print preferences and language', async () => {
    const { handlers, services } = await setup();
    const bytes = new TextEncoder().encode('%PDF-1.7');
    await handlers[IPC_CHANNELS.setPrintSetup]({ silent: true, printer: 'P1' });
    await expect(handlers[IPC_CHANNELS.printPdf]({ bytes, title: '报告' })).resolves.toBe('printed');
    expect(services.printPdf).toHaveBeenCalledWith({ bytes, title: '报告' }, { silent: true, deviceName: 'P1' });
    await handlers[IPC_CHANNELS.setLanguage]('en');
    await handlers[IPC_CHANNELS.savePdf]({ bytes, suggestedName: 'r.pdf' });
    expect(services.savePdf).toHaveBeenCalledWith({ bytes, suggestedName: 'r.pdf' }, 'en');
  });

  it('print setup: saved kiosk choice plus the OS printers (an empty list when the OS cannot say)', async () => {
    const { handlers, services } = await setup();
    await handlers[IPC_CHANNELS.setPrintSetup]({ silent: true, printer: 'HP_LaserJet_M1136' });
    await expect(handlers[IPC_CHANNELS.getPrintSetup]()).resolves.toEqual({
      silent: true,
      printer: 'HP_LaserJet_M1136',
      printers: [{ name: 'HP_LaserJet_M1136', displayName: 'HP LaserJet M1136' }],
    });
    // Persisted in the settings file: a restart keeps the kiosk setup.
    expect((await openSettingsStore(dir, vi.fn())).get().print).toEqual({ silent: true, deviceName: 'HP_LaserJet_M1136' });
    vi.mocked(services.listPrinters).mockRejectedValueOnce(new Error('no window'));
    await expect(handlers[IPC_CHANNELS.getPrintSetup]()).resolves.toMatchObject({ printers: [] });
  });

  it('attention counts reach the attention service', async () => {
    const { handlers, services } = await setup();
    handlers[IPC_CHANNELS.setAttention]({ alerts: 2, reports: 5 });
    expect(services.attention.setAttention).toHaveBeenCalledWith({ alerts: 2, reports: 5 });
  });

  it('stores language and ECG calibration', async () => {
    const { handlers } = await setup();
    await handlers[IPC_CHANNELS.setLanguage]('en');
    await handlers[IPC_CHANNELS.setEcgCalibration](3.9);
    expect(await handlers[IPC_CHANNELS.getEcgCalibration]()).toEqual({ pxPerMm: 3.9 });
    expect((await handlers[IPC_CHANNELS.getSettings]()).language).toBe('en');
  });
});
