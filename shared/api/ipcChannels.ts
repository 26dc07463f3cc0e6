/**
 * IPC between the preload bridge and the Electron main process: the channel allow-list and the
 * argument schemas main validates every call with (ipc.ts; Electron security checklist #17). Channel
 * names are `<domain>:<verb>`; one channel per bridge method, never a generic `invoke(channel)`.
 */
export const IPC_CHANNELS = {
  getSettings: 'settings:get',
  printPdf: 'print:pdf',
  notify: 'notify:show',
  storeRefreshToken: 'secrets:store-refresh-token',
  loadRefreshToken: 'secrets:load-refresh-token',
  getAppInfo: 'app:info',
  setHub: 'settings:set-hub',
  setLanguage: 'settings:set-language',
  getEcgCalibration: 'settings:get-ecg-calibration',
  setEcgCalibration: 'settings:set-ecg-calibration',
  setAttentionCount: 'attention:set-count',
  takePendingStudy: 'deeplink:take-pending',
} as const;
export type IpcMethod = keyof typeof IPC_CHANNELS;
export type IpcChannel = (typeof IPC_CHANNELS)[IpcMethod];

/** Main → renderer events (sent with `webContents.send`, received by named preload listeners). */
export const IPC_EVENTS = {
  openStudy: 'deeplink:open-study',
} as const;

