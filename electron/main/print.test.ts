import { describe, expect, it, vi } from 'vitest';
import { buildPrintOptions, createPrintJobs, pdfFileName, printPdf, PrintError, type PrintWindow } from './print.js';
import { createAppProtocolHandler } from './protocol.js';

// A hidden BrowserWindow cannot exist under Node; the fake records what the print flow asks of it,
// fetches the job's URL through the real app:// handler (as Chromium would) and can signal
// `-pdf-ready-to-print` like Electron's PDF viewer.
const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const noPrefs = { silent: false, deviceName: null };

function fakeWindow(jobs: ReturnType<typeof createPrintJobs>, outcome: { success: boolean; reason: string } | { loadError: string }, signalsReady = true) {
  const handler = createAppProtocolHandler({ rootDir: '/nonexistent', getHubUrl: () => null, printJobs: jobs });
  const seen: { url?: string; status?: number; type?: string | null; bytes?: Uint8Array; readyBeforePrint?: boolean } = {};
  let ready: (() => void) | null = null;
  let isReady = false;
  const window = {
    loadURL: vi.fn(async (url: string) => {
      if ('loadError' in outcome) throw new Error(outcome.loadError);
      seen.url = url;
      const res = await handler(new Request(url));
      seen.status = res.status;
      seen.type = res.headers.get('content-type');
      seen.bytes = new Uint8Array(await res.arrayBuffer());
      if (signalsReady)
        setTimeout(() => {
          isReady = true;
          ready?.();
        }, 20);
    }),
    webContents: {
      once: vi.fn((_event: '-pdf-ready-to-print', listener: () => void) => {
        ready = listener;
      }),
      print: vi.fn((_options: unknown, callback: (success: boolean, reason: string) => void) => {
        seen.readyBeforePrint = isReady;
        if ('success' in outcome) callback(outcome.success, outcome.reason);
      }),
    },
    destroy: vi.fn(),
  };
  return { window: window satisfies PrintWindow, seen };
}

describe('print options', () => {
  it('shows the dialog unless the kiosk setting says silent; the page can ask for the dialog but never for silence', () => {
    expect(buildPrintOptions(noPrefs, {})).toEqual({ silent: false, printBackground: true });
    expect(buildPrintOptions(noPrefs, { silent: true })).toEqual({ silent: false, printBackground: true });
    expect(buildPrintOptions({ silent: true, deviceName: 'HP_LaserJet_M1136' }, {})).toEqual({ silent: true, printBackground: true, deviceName: 'HP_LaserJet_M1136' });
    expect(buildPrintOptions({ silent: true, deviceName: 'HP_LaserJet_M1136' }, { silent: false, printer: 'Canon_LBP2900' })).toEqual({
      silent: false,
      printBackground: true,
      deviceName: 'Canon_LBP2900',
    });
  });
  it('makes safe PDF file names from titles', () => {
    expect(pdfFileName('报告 第 2 版')).toBe('报告 第 2 版.pdf');
    expect(pdfFileName('../../etc/passwd')).toBe('passwd.pdf');
    expect(pdfFileName('C:\\Windows\\system32\\a.PDF')).toBe('a.pdf');
    expect(pdfFileName('a<b>:c"d|e?f*g\u0007h')).toBe('a_b__c_d_e_f_g_h.pdf');
    expect(pdfFileName('...')).toBe('TeleRead-report.pdf');
    expect(pdfFileName('x'.repeat(500))).toBe(`${'x'.repeat(120)}.pdf`);
  });
});

describe('printPdf', () => {
  it('serves exactly the signed bytes once to a hidden window, waits for the PDF viewer, prints, and cleans up', async () => {
    const jobs = createPrintJobs();
    const { window, seen } = fakeWindow(jobs, { success: true, reason: '' });
    const outcome = printPdf({ job: { bytes: pdf, title: '报告 第 1 版' }, prefs: { silent: true, deviceName: 'P1' }, jobs, createHiddenWindow: () => window, readyTimeoutMs: 2000 });
    await expect(outcome).resolves.toBe('printed');
    expect(seen.url).toMatch(/^app:\/\/teleread\/__print\/[0-9a-f-]{36}\/%E6%8A%A5%E5%91%8A%20%E7%AC%AC%201%20%E7%89%88\.pdf$/);
    expect(seen).toMatchObject({ status: 200, type: 'application/pdf', readyBeforePrint: true });
    expect(Buffer.from(seen.bytes!).equals(Buffer.from(pdf))).toBe(true);
    expect(window.webContents.print).toHaveBeenCalledWith({ silent: true, printBackground: true, deviceName: 'P1' }, expect.any(Function));
    expect(window.destroy).toHaveBeenCalledOnce();
    // The bytes are gone from memory and the URL answers 404 afterwards.
    expect(jobs.size()).toBe(0);
    const after = await createAppProtocolHandler({ rootDir: '/nonexistent', getHubUrl: () => null, printJobs: jobs })(new Request(seen.url!));
    expect(after.status).toBe(404);
  });
  it('prints anyway after the timeout when the viewer never signals ready', async () => {
    const jobs = createPrintJobs();
    const { window, seen } = fakeWindow(jobs, { success: true, reason: '' }, false);
    await expect(printPdf({ job: { bytes: pdf, title: 't' }, prefs: noPrefs, jobs, createHiddenWindow: () => window, readyTimeoutMs: 30 })).resolves.toBe('printed');
    expect(seen.readyBeforePrint).toBe(false);
  });
  it('treats a cancelled dialog as the user’s choice, not an error', async () => {
    const jobs = createPrintJobs();
    const { window } = fakeWindow(jobs, { success: false, reason: 'cancelled' });
    await expect(printPdf({ job: { bytes: pdf, title: 't' }, prefs: noPrefs, jobs, createHiddenWindow: () => window })).resolves.toBe('cancelled');
    expect(window.destroy).toHaveBeenCalledOnce();
    expect(jobs.size()).toBe(0);
  });
  it('explains printer failures and load failures in both languages, and still cleans up', async () => {
    const jobs = createPrintJobs();
    const failed = fakeWindow(jobs, { success: false, reason: 'Print job failed' }).window;
    await expect(printPdf({ job: { bytes: pdf, title: 't' }, prefs: noPrefs, jobs, createHiddenWindow: () => failed })).rejects.toThrow(/打印失败.*Printing failed: Print job failed/);
    expect(failed.destroy).toHaveBeenCalledOnce();
    const broken = fakeWindow(jobs, { loadError: 'ERR_FAILED' }).window;
    const error = await printPdf({ job: { bytes: pdf, title: 't' }, prefs: noPrefs, jobs, createHiddenWindow: () => broken }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PrintError);
    expect((error as Error).message).toMatch(/无法打开报告 PDF.*could not be opened.*ERR_FAILED/);
    expect(broken.destroy).toHaveBeenCalledOnce();
    expect(jobs.size()).toBe(0);
  });
  it('the print path serves only registered jobs, never files from disk', async () => {
    const jobs = createPrintJobs(() => 'fixed-id');
    const handler = createAppProtocolHandler({ rootDir: process.cwd(), getHubUrl: () => null, printJobs: jobs });
    expect((await handler(new Request('app://teleread/__print/package.json'))).status).toBe(404);
    expect((await handler(new Request('app://teleread/__print/fixed-id/x.pdf'))).status).toBe(404);
    const { url } = jobs.add(pdf, 'x');
    expect((await handler(new Request(url))).status).toBe(200);
    expect((await handler(new Request(url.replace('teleread', 'evil')))).status).toBe(404);
  });
});
