import fs from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, session, Tray, utilityProcess } from 'electron';
import { IPC_EVENTS } from '../../shared/api/ipc.js';
import { BADGE_SIZE, badgeBitmap } from './badge.js';
import { createDeepLinkQueue, DEEP_LINK_SCHEME, findStudyDeepLink, parseStudyDeepLink } from './deeplink.js';
import { createDemoHubControl, demoHubEnv, startDemoHub } from './demoHub.js';
import { devCspListener, devServerUrl } from './devServer.js';
import { guardContents, isTrustedSender, permissionCheckHandler, permissionRequestHandler } from './guards.js';
import { createShellHandlers, currentHubUrl } from './handlers.js';
import { registerIpcHandlers } from './ipc.js';
import { createAttention } from './notifications.js';
import { createOpenedFiles, dicomPathsFromArgv } from './openedFiles.js';
import { createPrintJobs, printPdf, type PrintWindow } from './print.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, PRIVILEGED_SCHEMES } from './protocol.js';
import { createSecretStore } from './secrets.js';
import { savePdf } from './save.js';
import { openSettingsStore } from './settings.js';
import { createTrayController } from './tray.js';
import { startUpdates, updateFeedUrl } from './updates.js';
import { createMainWindow, createPrintWindow } from './window.js';

/**
 * Electron entry (bundled to dist-electron/main.cjs): wires the plain modules beside it to
 * Electron. Logic lives in those modules; this file only connects them.
 */
const isDev = process.env.TELEREAD_DEV === '1';
// Development: Vite's dev server on loopback (TELEREAD_DEV_SERVER_URL); anything else stops the start.
const devUrl = isDev ? devServerUrl(process.env) : null;
const trusted: ReadonlySet<string> = new Set(devUrl ? [APP_ORIGIN, devUrl] : [APP_ORIGIN]);
const log = (message: string) => console.log(`[teleread] ${message}`);
const warn = (message: string) => console.warn(`[teleread] ${message}`);

// Before `ready`: the app scheme must be privileged, and every renderer sandboxed (checklist #4).
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();

// Module-level so it is never garbage-collected (a collected Tray vanishes from the notification area).
let tray: Tray | null = null;

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

  // `.dcm` files opened with the app: queued by id; the page is nudged and takes them.
  const openedFiles = createOpenedFiles({ log: warn });
  const openFiles = (paths: string[]) => {
    if (paths.length === 0) return;
    void openedFiles.add(paths).then((accepted) => {
      if (accepted > 0) liveWindow()?.webContents.send(IPC_EVENTS.filesOpened);
    });
  };
  openFiles(dicomPathsFromArgv(process.argv.slice(1)));
  // macOS delivers opened files as events, possibly before `ready`.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openFiles([filePath]);
  });
  const printJobs = createPrintJobs();

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
    openFiles(dicomPathsFromArgv(argv.slice(1)));
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
        printJobs,
      }),
    );
    if (devUrl) {
      session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devUrl}/*`] }, devCspListener(devUrl, () => currentHubUrl(settings.get(), demoHub)));
    }

    if (settings.get().hub === 'demo') {
      // Started before the first page so its CSP already names the demo hub.
      await demoHub.ensure().catch((err: Error) => warn(err.message));
    }

    const language = () => settings.get().language;
    const trayIcon = (name: string) => {
      const image = nativeImage.createFromPath(path.join(__dirname, name));
      if (image.isEmpty()) warn(`tray icon ${name} missing from the package`);
      return image;
    };
    const trayImages = { normal: trayIcon('tray.png'), alert: trayIcon('tray-alert.png') };
    tray = new Tray(trayImages.normal);
    const attention = createAttention({
      createNotification: (options) => new Notification({ ...options, icon: trayImages.normal }),
      notificationsSupported: () => Notification.isSupported(),
      setBadgeCount: (count) => app.setBadgeCount(count),
      setOverlay:
        process.platform === 'win32'
          ? (count, description) => {
              const bitmap = badgeBitmap(count);
              const image = bitmap ? nativeImage.createFromBitmap(bitmap, { width: BADGE_SIZE, height: BADGE_SIZE, scaleFactor: 2 }) : null;
              liveWindow()?.setOverlayIcon(image, description);
            }
          : undefined,
      tray: createTrayController({
        tray,
        images: trayImages,
        buildMenu: (template) => Menu.buildFromTemplate(template),
        language,
        platform: process.platform,
        onOpen: () => attention.bringToFront(),
        onQuit: () => app.quit(),
      }),
      language,
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
        printPdf: (job, prefs) => printPdf({ job, prefs, jobs: printJobs, createHiddenWindow: () => asPrintWindow(createPrintWindow(BrowserWindow)) }),
        savePdf: (request, lang) => {
          const parent = liveWindow();
          return savePdf({
            request,
            language: lang,
            defaultDir: app.getPath('documents'),
            showSaveDialog: (options) => (parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options)),
            writeFile: (filePath, bytes) => fs.writeFile(filePath, bytes),
          });
        },
        listPrinters: async () => {
          const printers = (await liveWindow()?.webContents.getPrintersAsync()) ?? [];
          return printers.map((printer) => ({ name: printer.name, displayName: printer.displayName || printer.name }));
        },
        openedFiles,
        takePendingStudy: () => deepLinks.take(),
        appInfo: { version: app.getVersion(), platform: process.platform },
        onHubOriginChanged: () => {
          // Let the IPC reply reach the page first, then reload it under the new CSP.
          setTimeout(() => liveWindow()?.webContents.reload(), 50);
        },
        log,
      }),
    });

    void startUpdates({
      feedUrl: updateFeedUrl(process.env.TELEREAD_UPDATE_URL, settings.get().updateUrl, warn),
      isPackaged: app.isPackaged === true,
      loadUpdater: async () => (await import('electron-updater')).autoUpdater,
      notify: (title, body) => attention.notify(title, body),
      language,
      log,
    }).catch((err: Error) => warn(`automatic updates not started: ${err.message}`));

    const window = createMainWindow(BrowserWindow, path.join(__dirname, 'preload.cjs'));
    mainWindow = window;
    window.once('ready-to-show', () => window.show());
    // A reload drops the page's deep-link listener; links wait until it subscribes again.
    window.webContents.on('did-start-loading', () => deepLinks.reset());
    await window.loadURL(devUrl ?? APP_ENTRY_URL);
  });
}

/** The hidden print window as print.ts sees it; `-pdf-ready-to-print` is internal, hence not in the typings. */
function asPrintWindow(window: BrowserWindow): PrintWindow {
  return {
    loadURL: (url) => window.loadURL(url),
    webContents: {
      print: (options, callback) => window.webContents.print(options, callback),
      once: (event, listener) => (window.webContents as unknown as NodeJS.EventEmitter).once(event, listener),
    },
    destroy: () => window.destroy(),
  };
}
