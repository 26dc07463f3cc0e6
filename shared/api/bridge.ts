/**
 * The one typed bridge between the renderer and the desktop shell, exposed by
 * `electron/preload/preload.ts` as `window.teleread`. In a plain browser it is absent and the
 * renderer uses its browser fallback (HTTP to the hub, the browser's PDF viewer for printing).
 *
 * The five required methods are the contract both sides build against. The optional ones exist
 * only in the desktop shell; the renderer checks for them before calling.
 */
export interface TeleReadBridge {
  getSettings(): Promise<{ hubUrl: string | null; language: 'zh-CN' | 'en' }>;
  /**
   * Prints exactly these signed PDF bytes (`%PDF…`, at most {@link MAX_PDF_BYTES}): the system
   * print dialog, or straight to the kiosk printer when the shell's print setup says silent.
   * `silent: false` forces the dialog even on a kiosk; a page cannot switch silent printing on.
   * The browser fallback opens the PDF in the browser's viewer (`'opened'`).
   */
  printPdf(job: PdfPrintJob): Promise<PrintOutcome>;
  notify(title: string, body: string): Promise<void>;
  storeRefreshToken(token: string | null): Promise<void>;
  loadRefreshToken(): Promise<string | null>;

  /** Saves exactly these PDF bytes where the user picks (system save dialog). */
  savePdf?(request: PdfSaveRequest): Promise<SaveOutcome>;
  /** The kiosk print setup (silent printing, printer) and the printers the OS knows. */
  getPrintSetup?(): Promise<PrintSetup>;
  setPrintSetup?(setup: { silent: boolean; printer: string | null }): Promise<void>;
  /** Shell facts the UI may show (version, whether the sign-in can be remembered, and why not). */
  getAppInfo?(): Promise<TeleReadAppInfo>;
  /**
   * Picks the hub: an `http(s)://` URL, or `'demo'` to start the embedded demo hub (rejects with a
   * zh-CN / en message if it cannot start). Resolves with the URL in use; when the hub's origin
   * changed, the shell then reloads the page so its Content-Security-Policy names the new hub.
   */
  setHub?(hub: string): Promise<{ hubUrl: string }>;
  setLanguage?(language: 'zh-CN' | 'en'): Promise<void>;
  /** ECG display calibration: screen pixels per millimetre, `null` when not calibrated. */
  getEcgCalibration?(): Promise<{ pxPerMm: number | null }>;
  setEcgCalibration?(pxPerMm: number | null): Promise<void>;
  /**
   * Unacknowledged critical alerts and unread new reports: tray tooltip and icon, taskbar/dock
   * badge (Windows overlay icon), and a window flash when the alert count grows while unfocused.
   */
  setAttention?(counts: AttentionCounts): Promise<void>;
  /** Deep links `teleread://study/<uid>`; returns an unsubscribe function. */
  onOpenStudy?(listener: (studyInstanceUid: string) => void): () => void;
  /** `.dcm` files opened with the app (file association); returns an unsubscribe function. */
  onOpenFiles?(listener: (files: OpenedFile[]) => void): () => void;
  /** The bytes of a file announced by `onOpenFiles` (each can be read while the app runs). */
  readOpenedFile?(id: string): Promise<Uint8Array>;
}

/** A signed report PDF is a few hundred KB; 50 MiB leaves room for embedded key images. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

export interface PdfPrintJob {
  bytes: Uint8Array;
  /** The print job's name in the OS queue, e.g. `报告 1.2.840… 第 2 版`. */
  title: string;
  silent?: boolean;
  printer?: string;
}

/** `opened`: the browser fallback showed the PDF in the browser's viewer, whose print button prints it. */
export type PrintOutcome = 'printed' | 'cancelled' | 'opened';

export interface PdfSaveRequest {
  bytes: Uint8Array;
  /** A file name suggestion (no folders); `.pdf` is added when missing. */
  suggestedName: string;
}

export type SaveOutcome = { saved: true; fileName: string } | { saved: false };

export interface AttentionCounts {
  alerts: number;
  reports: number;
}

export interface PrintSetup {
  silent: boolean;
  printer: string | null;
  printers: { name: string; displayName: string }[];
}

export interface OpenedFile {
  id: string;
  name: string;
  size: number;
}

export interface TeleReadAppInfo {
  version: string;
  platform: string;
  /** `os-keyring`: the refresh token is encrypted with the OS keyring; `memory-only`: it is forgotten on quit. */
  tokenPersistence: 'os-keyring' | 'memory-only';
  /** Why the token cannot be remembered, in both languages (null when it can). */
  tokenPersistenceNote: { 'zh-CN': string; en: string } | null;
  demoHubRunning: boolean;
}
