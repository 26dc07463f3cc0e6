import type { PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import { APP_ORIGIN } from './protocol.js';
import { originOf } from './guards.js';
import type { ShellSettings } from './settings.js';

/**
 * Printing the signed report PDF (the document of record: printed as-is, never re-rendered).
 * The PDF is loaded into a hidden, sandboxed window and printed through the system dialog, or
 * silently to the chosen printer on township kiosks. Page geometry lives in CSS (`@page`) for
 * HTML pages, hence `preferCSSPageSize` (DOMAIN.md §7.4).
 */
export function buildPrintOptions(prefs: ShellSettings['print']): WebContentsPrintOptions {
  return {
    silent: prefs.silent,
    printBackground: true,
    ...(prefs.deviceName ? { deviceName: prefs.deviceName } : {}),
  };
}

/** `webContents.printToPDF` options for HTML pages: A4 unless the page's CSS says otherwise. */
export function buildPdfOptions(): PrintToPDFOptions {
  return {
    pageSize: 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    // Inches, not pixels; zero so the page's `@page { margin }` decides.
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    generateTaggedPDF: true,
  };
}

/** Only PDFs from the app itself or from the hub the user signed in to may be printed. */
export function isPrintableUrl(url: string, hubUrl: string | null): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return origin === APP_ORIGIN || (hubUrl !== null && origin === originOf(hubUrl));
}

export class PrintError extends Error {
  override name = 'PrintError';
}

/** The parts of a hidden `BrowserWindow` the print flow uses. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: { print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void };
  destroy(): void;
}

export interface PrintPdfOptions {
  url: string;
  hubUrl: string | null;
  prefs: ShellSettings['print'];
  createHiddenWindow: () => PrintWindow;
}

/** Resolves when printed or when the user cancels the dialog; rejects with a message the user can act on. */
export async function printPdf(options: PrintPdfOptions): Promise<'printed' | 'cancelled'> {
  if (!isPrintableUrl(options.url, options.hubUrl)) {
    throw new PrintError('只能打印本系统或当前服务器上的报告。 / Only reports from TeleRead or the connected hub can be printed.');
  }
  const window = options.createHiddenWindow();
  try {
    try {
      await window.loadURL(options.url);
    } catch (err) {
      throw new PrintError(
        `无法加载报告 PDF，请检查网络后重试。 / The report PDF could not be loaded; check the connection and try again. (${(err as Error).message})`,
      );
    }
    return await new Promise<'printed' | 'cancelled'>((resolve, reject) => {
      window.webContents.print(buildPrintOptions(options.prefs), (success, failureReason) => {
        if (success) resolve('printed');
        else if (failureReason === 'cancelled') resolve('cancelled');
        else
          reject(
            new PrintError(
              `打印失败：${failureReason}。请检查打印机是否开机、联网并已选中。 / Printing failed: ${failureReason}. Check that the printer is on, connected and selected.`,
            ),
          );
      });
    });
  } finally {
    window.destroy();
  }
}
