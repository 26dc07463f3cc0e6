import { randomUUID } from 'node:crypto';
import type { WebContentsPrintOptions } from 'electron';
import type { PrintOutcome } from '../../shared/api/bridge.js';
import { APP_ORIGIN, PRINT_PATH_PREFIX } from './protocol.js';
import type { ShellSettings } from './settings.js';

/**
 * Printing the signed report PDF: the document of record, printed from exactly the bytes the hub
 * signed, never re-rendered or re-laid-out by TeleRead.
 *
 * How (docs/electron-security.md, "Printing"): main keeps the bytes in memory under a one-time
 * `app://teleread/__print/<uuid>/<title>.pdf` URL, loads it into a hidden sandboxed window where
 * Chromium's own PDF viewer renders it, waits until the viewer says it is ready to print, and calls
 * `webContents.print()` (system dialog, or silently to the kiosk printer). Not blob: URLs: they
 * belong to the renderer that made them and a main-process `loadURL` cannot read them
 * (electron/electron#10503). Printing a PDF document this way printed blank pages until
 * electron/electron#43309 (Electron 30–32 and later); the viewer also finishes rendering after
 * `did-finish-load` (electron/electron#40797), which is what `-pdf-ready-to-print`
 * (electron/electron#43436) reports. That event is internal, so a timeout backs it up.
 */
export { PRINT_PATH_PREFIX };

/** Where the PDF bytes of the print jobs in flight wait for the hidden window to fetch them. */
export interface PrintJobs {
  /** Registers the bytes; returns the URL to load and the id to drop them with. */
  add(bytes: Uint8Array, title: string): { id: string; url: string };
  /** The bytes for an `app://` path (`/__print/<id>/<name>.pdf`), or undefined. */
  get(pathname: string): Uint8Array | undefined;
  delete(id: string): void;
  size(): number;
}

export function createPrintJobs(newId: () => string = randomUUID): PrintJobs {
  const jobs = new Map<string, Uint8Array>();
  return {
    add(bytes, title) {
      const id = newId();
      jobs.set(id, bytes);
      // The file name becomes the job's name in the OS print queue.
      return { id, url: `${APP_ORIGIN}${PRINT_PATH_PREFIX}${id}/${encodeURIComponent(pdfFileName(title))}` };
    },
    get(pathname) {
      if (!pathname.startsWith(PRINT_PATH_PREFIX)) return undefined;
      const id = pathname.slice(PRINT_PATH_PREFIX.length).split('/')[0];
      return jobs.get(id);
    },
    delete: (id) => void jobs.delete(id),
    size: () => jobs.size,
  };
}

/**
 * A file name from a title or suggestion: no folders, no characters Windows, macOS or Linux refuse
 * in names, no control characters, at most 120 characters, ending in `.pdf`.
 */
export function pdfFileName(suggested: string): string {
  const last = suggested.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  let name = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (name.toLowerCase().endsWith('.pdf')) name = name.slice(0, -4).replace(/[\s.]+$/g, '');
  name = [...name].slice(0, 120).join('');
  return `${name || 'TeleRead-report'}.pdf`;
}

/** Silent only when the shell's kiosk setting says so and the page did not ask for the dialog. */
export function buildPrintOptions(prefs: ShellSettings['print'], job: { silent?: boolean; printer?: string }): WebContentsPrintOptions {
  const deviceName = job.printer ?? prefs.deviceName;
  return {
    silent: prefs.silent && job.silent !== false,
    printBackground: true,
    ...(deviceName ? { deviceName } : {}),
  };
}

export class PrintError extends Error {
  override name = 'PrintError';
}

/** The parts of a hidden `BrowserWindow` the print flow uses. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
    once(event: '-pdf-ready-to-print', listener: () => void): unknown;
  };
  destroy(): void;
}

export interface PrintPdfOptions {
  job: { bytes: Uint8Array; title: string; silent?: boolean; printer?: string };
  prefs: ShellSettings['print'];
  jobs: PrintJobs;
  createHiddenWindow: () => PrintWindow;
  /** How long to wait for the viewer's ready signal after the load before printing anyway. */
  readyTimeoutMs?: number;
}

/** Resolves when printed or when the user cancels the dialog; rejects with a message the user can act on. */
export async function printPdf(options: PrintPdfOptions): Promise<Exclude<PrintOutcome, 'opened'>> {
  const { id, url } = options.jobs.add(options.job.bytes, options.job.title);
  const window = options.createHiddenWindow();
  try {
    const ready = new Promise<void>((resolve) => {
      window.webContents.once('-pdf-ready-to-print', () => resolve());
    });
    try {
      await window.loadURL(url);
    } catch (err) {
      throw new PrintError(`无法打开报告 PDF 进行打印，请重试。 / The report PDF could not be opened for printing; try again. (${(err as Error).message})`);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.readyTimeoutMs ?? 5000)))]);
    clearTimeout(timer);
    return await new Promise<'printed' | 'cancelled'>((resolve, reject) => {
      window.webContents.print(buildPrintOptions(options.prefs, options.job), (success, failureReason) => {
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
    options.jobs.delete(id);
    window.destroy();
  }
}
