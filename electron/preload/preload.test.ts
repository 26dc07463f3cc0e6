import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS } from '../../shared/api/ipc.js';
import type { WorkstationBridge } from '../../shared/api/bridge.js';

// contextBridge and ipcRenderer exist only in an Electron renderer; the mock records what the
// preload exposes and which channels it invokes.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const listeners = vi.hoisted(() => new Map<string, (event: unknown, ...args: unknown[]) => void>());
vi.mock('electron', async () => {
  const { vi } = await import('vitest');
  return {
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string) => (channel === 'deeplink:take-pending' ? '1.2.3' : `result:${channel}`)),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, listener)),
      removeListener: vi.fn((channel: string) => listeners.delete(channel)),
      send: vi.fn(),
    },
  };
});

const { ipcRenderer } = await import('electron');
let api: Required<WorkstationBridge>;
beforeAll(async () => {
  await import('./preload.js');
  api = exposed.get('workstation') as Required<WorkstationBridge>;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.workstation, made of functions only (no ipcRenderer)', () => {
    expect([...exposed.keys()]).toEqual(['workstation']);
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.keys(api)).not.toEqual(expect.arrayContaining(['invoke', 'send', 'on', 'ipcRenderer']));
  });

  it('has the five contract methods and maps each method to its own allow-listed channel', async () => {
    const calls: [keyof WorkstationBridge, unknown[], string, unknown[]][] = [
      ['getSettings', [], IPC_CHANNELS.getSettings, []],
      ['printPdf', ['https://hub/r.pdf'], IPC_CHANNELS.printPdf, ['https://hub/r.pdf']],
      ['notify', ['危急值', '正文'], IPC_CHANNELS.notify, ['危急值', '正文']],
      ['storeRefreshToken', [null], IPC_CHANNELS.storeRefreshToken, [null]],
      ['loadRefreshToken', [], IPC_CHANNELS.loadRefreshToken, []],
      ['getAppInfo', [], IPC_CHANNELS.getAppInfo, []],
      ['setHub', ['demo'], IPC_CHANNELS.setHub, ['demo']],
      ['setLanguage', ['en'], IPC_CHANNELS.setLanguage, ['en']],
      ['getEcgCalibration', [], IPC_CHANNELS.getEcgCalibration, []],
      ['setEcgCalibration', [3.8], IPC_CHANNELS.setEcgCalibration, [3.8]],
      ['setAttentionCount', [4], IPC_CHANNELS.setAttentionCount, [4]],
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
});
