import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS } from '../../shared/api/ipcChannels.js';
import type { WorkstationAppInfo, WorkstationBridge } from '../../shared/api/bridge.js';

/**
 * The only thing the sandboxed preload does: expose `window.workstation`, one named method per
 * allow-listed channel. `ipcRenderer` itself never crosses the bridge (no generic invoke/send/on),
 * and listeners receive the payload only, never the IPC event (which carries `sender`).
 */
export const workstation: Required<WorkstationBridge> = {
  getSettings: () => ipcRenderer.invoke(IPC_CHANNELS.getSettings),
  printPdf: (url: string) => ipcRenderer.invoke(IPC_CHANNELS.printPdf, url),
  notify: (title: string, body: string) => ipcRenderer.invoke(IPC_CHANNELS.notify, title, body),
  storeRefreshToken: (token: string | null) => ipcRenderer.invoke(IPC_CHANNELS.storeRefreshToken, token),
  loadRefreshToken: () => ipcRenderer.invoke(IPC_CHANNELS.loadRefreshToken),
  getAppInfo: (): Promise<WorkstationAppInfo> => ipcRenderer.invoke(IPC_CHANNELS.getAppInfo),
  setHub: (hub: string) => ipcRenderer.invoke(IPC_CHANNELS.setHub, hub),
  setLanguage: (language: 'zh-CN' | 'en') => ipcRenderer.invoke(IPC_CHANNELS.setLanguage, language),
  getEcgCalibration: () => ipcRenderer.invoke(IPC_CHANNELS.getEcgCalibration),
  setEcgCalibration: (pxPerMm: number | null) => ipcRenderer.invoke(IPC_CHANNELS.setEcgCalibration, pxPerMm),
  setAttentionCount: (count: number) => ipcRenderer.invoke(IPC_CHANNELS.setAttentionCount, count),
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
};

contextBridge.exposeInMainWorld('workstation', workstation);
