import { IPC_CHANNELS } from '../../shared/api/ipc.js';
import { originOf } from './guards.js';
import type { IpcHandlers } from './ipc.js';
import type { Attention } from './notifications.js';
import type { DemoHubControl } from './demoHub.js';
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
  printPdf: (url: string, hubUrl: string | null, prefs: ShellSettings['print']) => Promise<unknown>;
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
    async [IPC_CHANNELS.printPdf](url) {
      const current = settings.get();
      await services.printPdf(url, currentHubUrl(current, demoHub), current.print);
    },
    [IPC_CHANNELS.notify]: (title, body) => attention.notify(title, body),
    [IPC_CHANNELS.setAttentionCount]: (count) => attention.setCount(count),
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
  };
}
