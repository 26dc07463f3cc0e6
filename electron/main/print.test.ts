import { describe, expect, it, vi } from 'vitest';
import { buildPdfOptions, buildPrintOptions, isPrintableUrl, printPdf, PrintError, type PrintWindow } from './print.js';

// A hidden BrowserWindow cannot exist under Node; the fake records what the print flow asks of it.
function fakeWindow(outcome: { success: boolean; reason: string } | { loadError: string }) {
  const window = {
    loadURL: vi.fn(async () => {
      if ('loadError' in outcome) throw new Error(outcome.loadError);
    }),
    webContents: {
      print: vi.fn((_options: unknown, callback: (success: boolean, reason: string) => void) => {
        if ('success' in outcome) callback(outcome.success, outcome.reason);
      }),
    },
    destroy: vi.fn(),
  };
  return window satisfies PrintWindow;
}

const hub = 'https://hub.qsx.example';
const prefs = { silent: false, deviceName: null };

describe('print options', () => {
  it('uses the dialog by default and prints silently to the named printer on kiosks', () => {
    expect(buildPrintOptions(prefs)).toEqual({ silent: false, printBackground: true });
    expect(buildPrintOptions({ silent: true, deviceName: 'HP_LaserJet_M1136' })).toEqual({ silent: true, printBackground: true, deviceName: 'HP_LaserJet_M1136' });
  });
  it('makes A4 PDFs whose geometry comes from the page CSS', () => {
    expect(buildPdfOptions()).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  });
  it('prints only from the app or the connected hub', () => {
    expect(isPrintableUrl('https://hub.qsx.example/api/reports/1/pdf', hub)).toBe(true);
    expect(isPrintableUrl('app://teleread/print/report.pdf', hub)).toBe(true);
    expect(isPrintableUrl('https://hub.qsx.example.evil.com/r.pdf', hub)).toBe(false);
    expect(isPrintableUrl('file:///etc/passwd', hub)).toBe(false);
    expect(isPrintableUrl('https://hub.qsx.example/r.pdf', null)).toBe(false);
  });
});

describe('printPdf', () => {
  it('loads the PDF in a hidden window, prints it, and closes the window', async () => {
    const window = fakeWindow({ success: true, reason: '' });
    await expect(printPdf({ url: `${hub}/r.pdf`, hubUrl: hub, prefs: { silent: true, deviceName: 'P1' }, createHiddenWindow: () => window })).resolves.toBe('printed');
    expect(window.loadURL).toHaveBeenCalledWith(`${hub}/r.pdf`);
    expect(window.webContents.print).toHaveBeenCalledWith({ silent: true, printBackground: true, deviceName: 'P1' }, expect.any(Function));
    expect(window.destroy).toHaveBeenCalledOnce();
  });
  it('treats a cancelled dialog as the user’s choice, not an error', async () => {
    const window = fakeWindow({ success: false, reason: 'cancelled' });
    await expect(printPdf({ url: `${hub}/r.pdf`, hubUrl: hub, prefs, createHiddenWindow: () => window })).resolves.toBe('cancelled');
    expect(window.destroy).toHaveBeenCalledOnce();
  });
  it('explains printer failures and load failures in both languages', async () => {
    const failed = fakeWindow({ success: false, reason: 'Print job failed' });
    await expect(printPdf({ url: `${hub}/r.pdf`, hubUrl: hub, prefs, createHiddenWindow: () => failed })).rejects.toThrow(/打印失败.*Printing failed: Print job failed/);
    expect(failed.destroy).toHaveBeenCalledOnce();
    const unreachable = fakeWindow({ loadError: 'ERR_CONNECTION_REFUSED' });
    await expect(printPdf({ url: `${hub}/r.pdf`, hubUrl: hub, prefs, createHiddenWindow: () => unreachable })).rejects.toThrow(/无法加载报告.*ERR_CONNECTION_REFUSED/);
    expect(unreachable.destroy).toHaveBeenCalledOnce();
  });
  it('refuses foreign URLs before opening any window', async () => {
    const create = vi.fn();
    await expect(printPdf({ url: 'https://evil.example/x.pdf', hubUrl: hub, prefs, createHiddenWindow: create })).rejects.toBeInstanceOf(PrintError);
    expect(create).not.toHaveBeenCalled();
  });
});
