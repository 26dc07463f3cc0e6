/**
 * The one typed bridge between the renderer and the desktop shell, exposed by
 * `electron/preload/preload.ts` as `window.workstation`. In a plain browser it is absent and the
 * renderer uses its browser fallback (HTTP to the hub, `window.print()`).
 *
 * The five required methods are the contract both sides build against. The optional ones exist
 * only in the desktop shell; the renderer checks for them before calling.
 */
export interface WorkstationBridge {
  getSettings(): Promise<{ hubUrl: string | null; language: 'zh-CN' | 'en' }>;
  printPdf(url: string): Promise<void>;
  notify(title: string, body: string): Promise<void>;
  storeRefreshToken(token: string | null): Promise<void>;
  loadRefreshToken(): Promise<string | null>;

  /** Shell facts the UI may show (version, whether the sign-in can be remembered, and why not). */
  getAppInfo?(): Promise<WorkstationAppInfo>;
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
  /** Unread critical alerts + new reports: taskbar/dock badge and window flash when not focused. */
  setAttentionCount?(count: number): Promise<void>;
  /** Deep links `teleread://study/<uid>`; returns an unsubscribe function. */
  onOpenStudy?(listener: (studyInstanceUid: string) => void): () => void;
}

export interface WorkstationAppInfo {
  version: string;
  platform: string;
  /** `os-keyring`: the refresh token is encrypted with the OS keyring; `memory-only`: it is forgotten on quit. */
  tokenPersistence: 'os-keyring' | 'memory-only';
  /** Why the token cannot be remembered, in both languages (null when it can). */
  tokenPersistenceNote: { 'zh-CN': string; en: string } | null;
  demoHubRunning: boolean;
}
