import path from 'node:path';
import { app, BrowserWindow, ipcMain, Notification, protocol, safeStorage, session, utilityProcess } from 'electron';
import { IPC_EVENTS } from '../../shared/api/ipc.js';
import { createDeepLinkQueue, DEEP_LINK_SCHEME, findStudyDeepLink, parseStudyDeepLink } from './deeplink.js';
import { createDemoHubControl, demoHubEnv, startDemoHub } from './demoHub.js';
import { guardContents, isTrustedSender, permissionCheckHandler, permissionRequestHandler } from './guards.js';
import { createShellHandlers, currentHubUrl } from './handlers.js';
import { registerIpcHandlers } from './ipc.js';
import { createAttention } from './notifications.js';
import { printPdf } from './print.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, PRIVILEGED_SCHEMES } from './protocol.js';
import { createSecretStore } from './secrets.js';
import { openSettingsStore } from './settings.js';
import { createMainWindow, createPrintWindow } from './window.js';

/**
 * Electron entry (bundled to dist-electron/main.cjs): wires the plain modules beside it to
 * Electron. Logic lives in those modules; this file only connects them.
 */
export const DEV_SERVER_URL = 'http://127.0.0.1:5173';

const isDev = process.env.TELEREAD_DEV === '1';
const trusted: ReadonlySet<string> = new Set(isDev ? [APP_ORIGIN, DEV_SERVER_URL] : [APP_ORIGIN]);
const log = (message: string) => console.log(`[teleread] ${message}`);
const warn = (message: string) => console.warn(`[teleread] ${message}`);

// Before `ready`: the app scheme must be privileged, and every renderer sandboxed (checklist #4).
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // One instance per user: the running one receives our argv through `second-instance`.
  app.quit();
} else {
  startShell();
}

function startShell(): void {
  let mainWindow: BrowserWindow | null = null;
  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  const deepLinks = createDeepLinkQueue((uid) => {
    const window = liveWindow();
    if (!window) return false;
    window.webContents.send(IPC_EVENTS.openStudy, uid);
    return true;
  });
  const initialLink = findStudyDeepLink(process.argv);
  if (initialLink) deepLinks.open(initialLink);

  const demoHub = createDemoHubControl(() =>
    startDemoHub({
      fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
      hubModule: path.join(__dirname, 'hub.mjs'),
      userDataDir: app.getPath('userData'),
      baseEnv: demoHubEnv(process.env),
      log,
    }),
  );

  app.on('second-instance', (_event, argv) => {
    const window = liveWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
    const uid = findStudyDeepLink(argv);
    if (uid) deepLinks.open(uid);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const uid = parseStudyDeepLink(url);
    if (uid) deepLinks.open(uid);
  });
  if (!isDev) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  // Every webContents, including the hidden print windows, gets the navigation/open/webview guards.
  app.on('web-contents-created', (_event, contents) => guardContents(contents, trusted, log));
  app.on('window-all-closed', () => app.quit());

  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping || demoHub.url() === null) return;
    event.preventDefault();
    stopping = true;
    void demoHub.stop().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    const userDataDir = app.getPath('userData');
    const settings = await openSettingsStore(userDataDir, warn);
    const secrets = createSecretStore({ safeStorage, platform: process.platform, userDataDir, warn });
    const persistence = secrets.persistence();
    if (persistence.note) warn(persistence.note.en);

    session.defaultSession.setPermissionRequestHandler(permissionRequestHandler(trusted));
    session.defaultSession.setPermissionCheckHandler(permissionCheckHandler(trusted));
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: path.join(app.getAppPath(), 'dist', 'renderer'),
        getHubUrl: () => currentHubUrl(settings.get(), demoHub),
      }),
    );

    if (settings.get().hub === 'demo') {
      // Started before the first page so its CSP already names the demo hub.
      await demoHub.ensure().catch((err: Error) => warn(err.message));
    }

    const attention = createAttention({
      createNotification: (options) => new Notification(options),
      notificationsSupported: () => Notification.isSupported(),
      setBadgeCount: (count) => app.setBadgeCount(count),
      getWindow: liveWindow,
      log,
    });

    registerIpcHandlers({
      ipcMain,
      isTrustedSender: (event) => isTrustedSender(event, trusted),
      log: warn,
      handlers: createShellHandlers({
        settings,
        secrets,
        attention,
        demoHub,
        printPdf: (url, hubUrl, prefs) => printPdf({ url, hubUrl, prefs, createHiddenWindow: () => createPrintWindow(BrowserWindow) }),
        takePendingStudy: () => deepLinks.take(),
        appInfo: { version: app.getVersion(), platform: process.platform },
        onHubOriginChanged: () => {
          // Let the IPC reply reach the page first, then reload it under the new CSP.
          setTimeout(() => liveWindow()?.webContents.reload(), 50);
        },
        log,
      }),
    });

    const window = createMainWindow(BrowserWindow, path.join(__dirname, 'preload.cjs'));
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    // A reload drops the page's deep-link listener; links wait until it subscribes again.
    window.webContents.on('did-start-loading', () => deepLinks.reset());
    await window.loadURL(isDev ? DEV_SERVER_URL : APP_ENTRY_URL);
  });
}
