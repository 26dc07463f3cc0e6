import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS } from '../../shared/api/ipc.js';
import type { TeleReadBridge } from '../../shared/api/bridge.js';

// contextBridge and ipcRenderer exist only in an Electron renderer; the mock records what the
// preload exposes and which channels it invokes.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const listeners = vi.hoisted(() => new Map<string, (event: unknown, ...args: unknown[]) => void>());
vi.mock('electron', async () => {
  const { vi } = await import('vitest');
  return {
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string) => {
        if (channel === 'deeplink:take-pending') return '1.2.3';
        if (channel === 'files:take-opened') return [{ id: 'f1', name: 'CT0001.dcm', size: 528_000 }];
        return `result:${channel}`;
      }),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, listener)),
      removeListener: vi.fn((channel: string) => listeners.delete(channel)),
      send: vi.fn(),
    },
  };
});

const { ipcRenderer } = await import('electron');
let api: Required<TeleReadBridge>;
beforeAll(async () => {
  await import('./preload.js');
  api = exposed.get('teleread') as Required<TeleReadBridge>;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.teleread, made of functions only (no ipcRenderer)', () => {
    expect([...exposed.keys()]).toEqual(['teleread']);
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.keys(api)).not.toEqual(expect.arrayContaining(['invoke', 'send', 'on', 'ipcRenderer']));
  });

  it('has the five contract methods and maps each method to its own allow-listed channel', async () => {
    const job = { bytes: new TextEncoder().encode('%PDF-1.7 signed'), title: '报告 第 1 版' };
    const fileId = '5f0c7c57-4c2a-4d5e-9a39-6a1f0c3d2b10';
    const calls: [keyof TeleReadBridge, unknown[], string, unknown[]][] = [
      ['getSettings', [], IPC_CHANNELS.getSettings, []],
      ['printPdf', [job], IPC_CHANNELS.printPdf, [job]],
      ['savePdf', [{ bytes: job.bytes, suggestedName: '报告.pdf' }], IPC_CHANNELS.savePdf, [{ bytes: job.bytes, suggestedName: '报告.pdf' }]],
      ['getPrintSetup', [], IPC_CHANNELS.getPrintSetup, []],
      ['setPrintSetup', [{ silent: true, printer: 'P1' }], IPC_CHANNELS.setPrintSetup, [{ silent: true, printer: 'P1' }]],
      ['notify', ['危急值', '正文'], IPC_CHANNELS.notify, ['危急值', '正文']],
      ['storeRefreshToken', [null], IPC_CHANNELS.storeRefreshToken, [null]],
      ['loadRefreshToken', [], IPC_CHANNELS.loadRefreshToken, []],
      ['getAppInfo', [], IPC_CHANNELS.getAppInfo, []],
      ['setHub', ['demo'], IPC_CHANNELS.setHub, ['demo']],
      ['setLanguage', ['en'], IPC_CHANNELS.setLanguage, ['en']],
      ['getEcgCalibration', [], IPC_CHANNELS.getEcgCalibration, []],
      ['setEcgCalibration', [3.8], IPC_CHANNELS.setEcgCalibration, [3.8]],
      ['setAttention', [{ alerts: 2, reports: 1 }], IPC_CHANNELS.setAttention, [{ alerts: 2, reports: 1 }]],
      ['readOpenedFile', [fileId], IPC_CHANNELS.readOpenedFile, [fileId]],
    ];
    for (const [method, args, channel, sent] of calls) {
      vi.mocked(ipcRenderer.invoke).mockClear();
      const result = await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      expect(result, method).toBe(`result:${channel}`);
      expect(ipcRenderer.invoke).toHaveBeenCalledWith(channel, ...sent);
    }
    const allowed = new Set<string>(Object.values(IPC_CHANNELS));
    for (const [channel] of vi.mocked(ipcRenderer.invoke).mock.calls) expect(allowed.has(channel)).toBe(true);
  });

  it('deep-link listener gets the pending link and later ones, never the IPC event', async () => {
    const seen: unknown[] = [];
    const unsubscribe = api.onOpenStudy((uid) => seen.push(uid));
    await vi.waitFor(() => expect(seen).toEqual(['1.2.3']));
    listeners.get(IPC_EVENTS.openStudy)!({ sender: 'the IPC event must not leak' }, '1.2.4');
    expect(seen).toEqual(['1.2.3', '1.2.4']);
    unsubscribe();
    expect(listeners.has(IPC_EVENTS.openStudy)).toBe(false);
  });

  it('opened .dcm files: taken at subscription (cold start) and again on each nudge, never with the IPC event', async () => {
    const seen: unknown[] = [];
    const unsubscribe = api.onOpenFiles((files) => seen.push(files));
    await vi.waitFor(() => expect(seen).toEqual([[{ id: 'f1', name: 'CT0001.dcm', size: 528_000 }]]));
    listeners.get(IPC_EVENTS.filesOpened)!({ sender: 'the IPC event must not leak' });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(vi.mocked(ipcRenderer.invoke).mock.calls.filter(([channel]) => channel === IPC_CHANNELS.takeOpenedFiles)).toHaveLength(2);
    unsubscribe();
    expect(listeners.has(IPC_EVENTS.filesOpened)).toBe(false);
  });
});
