import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MAX_PDF_BYTES } from '../../shared/api/bridge.js';
import { IPC_CHANNELS } from '../../shared/api/ipc.js';
import { isTrustedSender } from './guards.js';
import { IpcRefusedError, registerIpcHandlers, type IpcHandlers } from './ipc.js';

// ipcMain is replaced by a recorder (no Electron under Node); the events carry a senderFrame like Electron's.
const trusted = new Set(['app://teleread']);
const pdf = new TextEncoder().encode('%PDF-1.7\n% signed report\n%%EOF');

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
    await expect(call(IPC_CHANNELS.printPdf, 'app://teleread/', { bytes: pdf, title: '报告 第 1 版', silent: false })).resolves.toBe('ok:print:pdf');
    expect(handlers[IPC_CHANNELS.printPdf]).toHaveBeenCalledWith({ bytes: pdf, title: '报告 第 1 版', silent: false });
    // A Node Buffer is a Uint8Array too (what Electron hands main for a typed array).
    await expect(call(IPC_CHANNELS.savePdf, 'app://teleread/', { bytes: Buffer.from(pdf), suggestedName: '报告.pdf' })).resolves.toBe('ok:print:save-pdf');
    await expect(call(IPC_CHANNELS.setAttention, 'app://teleread/', { alerts: 3, reports: 0 })).resolves.toBe('ok:attention:set');
  });

  it('refuses forged senders before looking at arguments', async () => {
    const { call, handlers, log } = setup();
    await expect(call(IPC_CHANNELS.printPdf, 'https://evil.example/', { bytes: pdf, title: 'x' })).rejects.toBeInstanceOf(IpcRefusedError);
    expect(handlers[IPC_CHANNELS.printPdf]).not.toHaveBeenCalled();
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
      [IPC_CHANNELS.setAttention, [{ alerts: 1.5, reports: 0 }]],
      [IPC_CHANNELS.setAttention, [{ alerts: 1 }]],
      [IPC_CHANNELS.setAttention, [{ alerts: -1, reports: 0 }]],
      [IPC_CHANNELS.setAttention, [{ alerts: 1, reports: 0, extra: true }]],
      [IPC_CHANNELS.storeRefreshToken, [{ token: 'x' }]],
      // Printing takes the signed bytes, never a URL to fetch.
      [IPC_CHANNELS.printPdf, ['https://hub.example/r.pdf']],
      [IPC_CHANNELS.printPdf, [{ bytes: Array.from(pdf), title: '报告' }]],
      [IPC_CHANNELS.printPdf, [{ bytes: new TextEncoder().encode('<html>not a pdf'), title: '报告' }]],
      [IPC_CHANNELS.printPdf, [{ bytes: new Uint8Array(MAX_PDF_BYTES + 1).fill(0x25), title: '报告' }]],
      [IPC_CHANNELS.printPdf, [{ bytes: pdf, title: '' }]],
      [IPC_CHANNELS.printPdf, [{ bytes: pdf, title: '报告', silent: 'yes' }]],
      [IPC_CHANNELS.printPdf, [{ bytes: pdf, title: '报告', url: 'file:///etc/passwd' }]],
      [IPC_CHANNELS.savePdf, [{ bytes: pdf }]],
      [IPC_CHANNELS.savePdf, [{ bytes: new Uint8Array([0x25, 0x50, 0x44]), suggestedName: 'a.pdf' }]],
      [IPC_CHANNELS.setPrintSetup, [{ silent: true }]],
      [IPC_CHANNELS.setPrintSetup, [{ silent: true, printer: '' }]],
      [IPC_CHANNELS.readOpenedFile, ['/etc/passwd']],
      [IPC_CHANNELS.readOpenedFile, ['../f1']],
      [IPC_CHANNELS.takeOpenedFiles, ['C:\\Users\\x.dcm']],
    ];
    for (const [index, [channel, args]] of cases.entries()) {
      const result = call(channel, 'app://teleread/index.html', ...args);
      await expect(result, `case ${index}: ${channel}`).rejects.toThrow(`${channel}: invalid arguments`);
    }
    for (const channel of Object.values(IPC_CHANNELS)) expect(handlers[channel], channel).not.toHaveBeenCalled();
  });
});
