import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createMainWindow, createPrintWindow, type BrowserWindowCtor } from './window.js';

// BrowserWindow cannot be constructed under Node; a recording constructor captures the literal.
function capture(create: (ctor: BrowserWindowCtor) => unknown): BrowserWindowConstructorOptions {
  let captured: BrowserWindowConstructorOptions | undefined;
  const Recorder = function (this: unknown, options: BrowserWindowConstructorOptions) {
    captured = options;
  } as unknown as BrowserWindowCtor;
  create(Recorder);
  return captured!;
}

const SECURE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

describe('window options', () => {
  it('main window: secure webPreferences, the preload, and no Blink feature switched on', () => {
    const options = capture((ctor) => createMainWindow(ctor, '/app/dist-electron/preload.cjs'));
    expect(options.webPreferences).toMatchObject({ ...SECURE, preload: '/app/dist-electron/preload.cjs', backgroundThrottling: false });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.title).toBe('TeleRead 远程阅片');
    expect(options.show).toBe(false);
  });
  it('print window: same flags, no preload (no bridge), PDF viewer plugin on', () => {
    const options = capture((ctor) => createPrintWindow(ctor));
    expect(options.webPreferences).toMatchObject({ ...SECURE, plugins: true });
    expect(options.webPreferences).not.toHaveProperty('preload');
    expect(options.show).toBe(false);
  });
});
