import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS } from '../../shared/api/ipcChannels.js';
import type { OpenedFile, TeleReadBridge } from '../../shared/api/bridge.js';

/**
 * The only thing the sandboxed preload does: expose `window.teleread`, one named method per
 * allow-listed channel. `ipcRenderer` itself never crosses the bridge (no generic invoke/send/on),
 * and listeners receive the payload only, never the IPC event (which carries `sender`).
 * Arguments are validated in main (shared/api/ipc.ts); the preload stays zod-free and small.
 */
export const teleread: Required<TeleReadBridge> = {
  getSettings: () => ipcRenderer.invoke(IPC_CHANNELS.getSettings),
  printPdf: (job) => ipcRenderer.invoke(IPC_CHANNELS.printPdf, job),
  savePdf: (request) => ipcRenderer.invoke(IPC_CHANNELS.savePdf, request),
  getPrintSetup: () => ipcRenderer.invoke(IPC_CHANNELS.getPrintSetup),
  setPrintSetup: (setup) => ipcRenderer.invoke(IPC_CHANNELS.setPrintSetup, setup),
  notify: (title, body) => ipcRenderer.invoke(IPC_CHANNELS.notify, title, body),
  storeRefreshToken: (token) => ipcRenderer.invoke(IPC_CHANNELS.storeRefreshToken, token),
  loadRefreshToken: () => ipcRenderer.invoke(IPC_CHANNELS.loadRefreshToken),
  getAppInfo: () => ipcRenderer.invoke(IPC_CHANNELS.getAppInfo),
  setHub: (hub) => ipcRenderer.invoke(IPC_CHANNELS.setHub, hub),
  setLanguage: (language) => ipcRenderer.invoke(IPC_CHANNELS.setLanguage, language),
  getEcgCalibration: () => ipcRenderer.invoke(IPC_CHANNELS.getEcgCalibration),
  setEcgCalibration: (pxPerMm) => ipcRenderer.invoke(IPC_CHANNELS.setEcgCalibration, pxPerMm),
  setAttention: (counts) => ipcRenderer.invoke(IPC_CHANNELS.setAttention, counts),
  readOpenedFile: (id) => ipcRenderer.invoke(IPC_CHANNELS.readOpenedFile, id),
  onOpenStudy(listener: (studyInstanceUid: string) => void): () => void {
    const forward = (_event: IpcRendererEvent, uid: unknown) => {
      if (typeof uid === 'string') listener(uid);
    };
    ipcRenderer.on(IPC_EVENTS.openStudy, forward);
    // A link that arrived before the UI subscribed (cold start from a link) is delivered now.
    void ipcRenderer.invoke(IPC_CHANNELS.takePendingStudy).then((uid: unknown) => {
      if (typeof uid === 'string') listener(uid);
    });
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS.openStudy, forward);
    };
  },
  onOpenFiles(listener: (files: OpenedFile[]) => void): () => void {
    // Main only nudges; the list is taken through the validated channel, so files opened before
    // the UI subscribed (a double-clicked .dcm starting the app) are delivered too.
    const take = () =>
      void ipcRenderer.invoke(IPC_CHANNELS.takeOpenedFiles).then((files: unknown) => {
        if (Array.isArray(files) && files.length > 0) listener(files as OpenedFile[]);
      });
    const nudge = () => take();
    ipcRenderer.on(IPC_EVENTS.filesOpened, nudge);
    take();
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS.filesOpened, nudge);
    };
  },
};

contextBridge.exposeInMainWorld('teleread', teleread);
