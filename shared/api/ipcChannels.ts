/**
 * IPC between the preload bridge and the Electron main process: the channel allow-list and the
 * argument schemas main validates every call with (ipc.ts; Electron security checklist #17). Channel
 * names are `<domain>:<verb>`; one channel per bridge method, never a generic `invoke(channel)`.
 */
export const IPC_CHANNELS = {
  getSettings: 'settings:get',
  printPdf: 'print:pdf',
  savePdf: 'print:save-pdf',
  getPrintSetup: 'print:get-setup',
  setPrintSetup: 'print:set-setup',
  notify: 'notify:show',
  storeRefreshToken: 'secrets:store-refresh-token',
  loadRefreshToken: 'secrets:load-refresh-token',
  getAppInfo: 'app:info',
  setHub: 'settings:set-hub',
  setLanguage: 'settings:set-language',
  getEcgCalibration: 'settings:get-ecg-calibration',
  setEcgCalibration: 'settings:set-ecg-calibration',
  setAttention: 'attention:set',
  takePendingStudy: 'deeplink:take-pending',
  takeOpenedFiles: 'files:take-opened',
  readOpenedFile: 'files:read-opened',
} as const;
export type IpcMethod = keyof typeof IPC_CHANNELS;
export type IpcChannel = (typeof IPC_CHANNELS)[IpcMethod];

/** Main → renderer events (sent with `webContents.send`, received by named preload listeners). */
export const IPC_EVENTS = {
  openStudy: 'deeplink:open-study',
  /** `.dcm` files opened with the app (file association, drag onto the dock icon): a nudge to take them. */
  filesOpened: 'files:opened',
} as const;
