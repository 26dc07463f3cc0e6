import { IPC_CHANNELS } from '../../shared/api/ipc.js';
import { originOf } from './guards.js';
import type { IpcHandlers } from './ipc.js';
import type { PrintOutcome, PrintSetup, SaveOutcome } from '../../shared/api/bridge.js';
import type { Attention } from './notifications.js';
import type { DemoHubControl } from './demoHub.js';
import type { OpenedFiles } from './openedFiles.js';
import type { SecretStore } from './secrets.js';
import type { SettingsStore, ShellSettings } from './settings.js';

/**
 * What the bridge's methods do, as plain functions over injected services. main.ts builds the
 * services from Electron; tests build them from fakes and temp folders.
 */
export interface ShellServices {
  settings: SettingsStore;
  secrets: SecretStore;
  attention: Attention;
  demoHub: DemoHubControl;
  /** Prints the PDF bytes (print.ts) with the saved kiosk preferences. */
  printPdf: (job: { bytes: Uint8Array; title: string; silent?: boolean; printer?: string }, prefs: ShellSettings['print']) => Promise<Exclude<PrintOutcome, 'opened'>>;
  /** Saves the PDF bytes through the save dialog (save.ts). */
  savePdf: (request: { bytes: Uint8Array; suggestedName: string }, language: ShellSettings['language']) => Promise<SaveOutcome>;
  /** The printers the OS knows (`webContents.getPrintersAsync`). */
  listPrinters: () => Promise<PrintSetup['printers']>;
  openedFiles: OpenedFiles;
  takePendingStudy: () => string | null;
  appInfo: { version: string; platform: string };
  /** Called after the hub's origin changed: the page reloads so its CSP names the new hub. */
  onHubOriginChanged: () => void;
  log: (message: string) => void;
}

/** The hub the renderer talks to now: the saved URL, or the demo hub's URL while it runs. */
export function currentHubUrl(settings: ShellSettings, demoHub: DemoHubControl): string | null {
  return settings.hub === 'demo' ? demoHub.url() : settings.hub;
}

export function createShellHandlers(services: ShellServices): IpcHandlers {
  const { settings, secrets, attention, demoHub, log } = services;
  return {
    async [IPC_CHANNELS.getSettings]() {
      const current = settings.get();
      if (current.hub === 'demo') {
        try {
          await demoHub.ensure();
        } catch (err) {
          // The sign-in page then asks for a hub again; choosing demo retries and shows the error.
          log(`demo hub not available: ${(err as Error).message}`);
        }
      }
      return { hubUrl: currentHubUrl(current, demoHub), language: current.language };
    },
    async [IPC_CHANNELS.setHub](hub) {
      const before = currentHubUrl(settings.get(), demoHub);
      let hubUrl: string;
      if (hub === 'demo') {
        hubUrl = await demoHub.ensure();
      } else {
        await demoHub.stop();
        // Keep a path prefix (a hub behind a reverse proxy at /teleread), drop the trailing slash.
        hubUrl = hub.replace(/\/+$/, '');
      }
      await settings.update({ hub: hub === 'demo' ? 'demo' : hubUrl });
      if (originOf(before ?? '') !== originOf(hubUrl)) services.onHubOriginChanged();
      return { hubUrl };
    },
    async [IPC_CHANNELS.setLanguage](language) {
      await settings.update({ language });
    },
    [IPC_CHANNELS.getEcgCalibration]: () => ({ pxPerMm: settings.get().ecgPxPerMm }),
    async [IPC_CHANNELS.setEcgCalibration](pxPerMm) {
      await settings.update({ ecgPxPerMm: pxPerMm });
    },
    [IPC_CHANNELS.printPdf]: (job) => services.printPdf(job, settings.get().print),
    [IPC_CHANNELS.savePdf]: (request) => services.savePdf(request, settings.get().language),
    async [IPC_CHANNELS.getPrintSetup]() {
      const { print } = settings.get();
      let printers: PrintSetup['printers'] = [];
      try {
        printers = await services.listPrinters();
      } catch (err) {
        log(`printer list not available: ${(err as Error).message}`);
      }
      return { silent: print.silent, printer: print.deviceName, printers };
    },
    async [IPC_CHANNELS.setPrintSetup]({ silent, printer }) {
      await settings.update({ print: { silent, deviceName: printer } });
    },
    [IPC_CHANNELS.notify]: (title, body) => attention.notify(title, body),
    [IPC_CHANNELS.setAttention]: (counts) => attention.setAttention(counts),
    [IPC_CHANNELS.storeRefreshToken]: (token) => secrets.storeRefreshToken(token),
    [IPC_CHANNELS.loadRefreshToken]: () => secrets.loadRefreshToken(),
    [IPC_CHANNELS.getAppInfo]() {
      const persistence = secrets.persistence();
      return {
        version: services.appInfo.version,
        platform: services.appInfo.platform,
        tokenPersistence: persistence.mode,
        tokenPersistenceNote: persistence.note,
        demoHubRunning: demoHub.url() !== null,
      };
    },
    [IPC_CHANNELS.takePendingStudy]: () => services.takePendingStudy(),
    [IPC_CHANNELS.takeOpenedFiles]: () => services.openedFiles.take(),
    [IPC_CHANNELS.readOpenedFile]: (id) => services.openedFiles.read(id),
  };
}
