import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/api/ipc.js';
import { isTrustedSender } from './guards.js';
import { IpcRefusedError, registerIpcHandlers, type IpcHandlers } from './ipc.js';

// ipcMain is replaced by a recorder (no Electron under Node); the events carry a senderFrame like Electron's.
const trusted = new Set(['app://teleread']);

function setup() {
  const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const handlers = Object.fromEntries(Object.values(IPC_CHANNELS).map((channel) => [channel, vi.fn(async () => `ok:${channel}`)])) as unknown as IpcHandlers &
    Record<string, ReturnType<typeof vi.fn>>;
  const log = vi.fn();
  registerIpcHandlers({
    ipcMain: { handle: (channel, listener) => registered.set(channel, listener) },
    isTrustedSender: (event) => isTrustedSender(event, trusted),
    handlers,
    log,
  });
  const call = (channel: string, url: string | null, ...args: unknown[]) =>
    registered.get(channel)!({ senderFrame: url === null ? null : { url } } as unknown as IpcMainInvokeEvent, ...args);
  return { registered, handlers, call, log };
}

describe('IPC handlers', () => {
  it('registers exactly one handler per allow-listed channel', () => {
    const { registered } = setup();
    expect([...registered.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('runs a handler for a trusted sender with valid arguments', async () => {
    const { call, handlers } = setup();
    await expect(call(IPC_CHANNELS.notify, 'app://teleread/index.html', '危急值', '患者 张三：急性下壁心梗')).resolves.toBe('ok:notify:show');
    expect(handlers[IPC_CHANNELS.notify]).toHaveBeenCalledWith('危急值', '患者 张三：急性下壁心梗');
    await expect(call(IPC_CHANNELS.setHub, 'app://teleread/', 'demo')).resolves.toBe('ok:settings:set-hub');
    await expect(call(IPC_CHANNELS.storeRefreshToken, 'app://teleread/', null)).resolves.toBe('ok:secrets:store-refresh-token');
  });

  it('refuses forged senders before looking at arguments', async () => {
    const { call, handlers, log } = setup();
    for (const url of ['app://evil/index.html', 'https://evil.example/', 'http://127.0.0.1:5173.evil.com/', 'file:///tmp/x.html', null]) {
      await expect(call(IPC_CHANNELS.loadRefreshToken, url), String(url)).rejects.toBeInstanceOf(IpcRefusedError);
    }
    expect(handlers[IPC_CHANNELS.loadRefreshToken]).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('untrusted sender'));
  });

  it('refuses invalid arguments, extra arguments included, without echoing them', async () => {
    const { call, handlers } = setup();
    const cases: [string, unknown[]][] = [
      [IPC_CHANNELS.notify, [42, 'body']],
      [IPC_CHANNELS.notify, ['title']],
      [IPC_CHANNELS.notify, ['', 'body']],
      [IPC_CHANNELS.getSettings, ['unexpected']],
      [IPC_CHANNELS.setHub, ['file:///etc/passwd']],
      [IPC_CHANNELS.setHub, ['javascript:alert(1)']],
      [IPC_CHANNELS.setHub, ['https://user:secret@hub.example/']],
      [IPC_CHANNELS.setLanguage, ['fr']],
      [IPC_CHANNELS.setEcgCalibration, [-3]],
      [IPC_CHANNELS.setEcgCalibration, [Number.NaN]],
      [IPC_CHANNELS.setAttentionCount, [1.5]],
      [IPC_CHANNELS.storeRefreshToken, [{ token: 'x' }]],
      [IPC_CHANNELS.printPdf, ['x'.repeat(9000)]],
    ];
    for (const [channel, args] of cases) {
      const result = call(channel, 'app://teleread/index.html', ...args);
      await expect(result, `${channel} ${JSON.stringify(args).slice(0, 60)}`).rejects.toThrow(`${channel}: invalid arguments`);
    }
    for (const channel of Object.values(IPC_CHANNELS)) expect(handlers[channel], channel).not.toHaveBeenCalled();
  });
});
