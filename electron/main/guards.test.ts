import { describe, expect, it, vi } from 'vitest';
import {
  denyWindowOpen,
  guardContents,
  isTrustedSender,
  navigationGuard,
  originOf,
  permissionCheckHandler,
  permissionRequestHandler,
  type GuardedContents,
} from './guards.js';

// Pure functions: no Electron needed. The events are shaped like Electron's (preventDefault + url).
const prodTrusted = new Set(['app://teleread']);
const devTrusted = new Set(['app://teleread', 'http://127.0.0.1:5173']);

function navigate(trusted: ReadonlySet<string>, url: string): boolean {
  const event = { preventDefault: vi.fn(), url };
  navigationGuard(trusted, () => undefined)(event, url);
  return event.preventDefault.mock.calls.length === 0;
}

describe('originOf', () => {
  it('rebuilds app: origins that Node reports as opaque', () => {
    expect(new URL('app://teleread/index.html').origin).toBe('null');
    expect(originOf('app://teleread/index.html')).toBe('app://teleread');
    expect(originOf('app://TeleRead/x')).toBe('app://teleread');
  });
  it('gives null for schemes without an origin of ours', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'not a url', 'about:blank']) {
      expect(originOf(url), url).toBeNull();
    }
  });
});

describe('navigation guard', () => {
  it('allows the app itself', () => {
    expect(navigate(prodTrusted, 'app://teleread/index.html#/worklist')).toBe(true);
  });
  it('refuses other origins, including look-alikes a prefix check would pass', () => {
    for (const url of [
      'app://evil/index.html',
      'app://teleread.evil/index.html',
      'app://teleread@evil/index.html',
      'https://example.com/',
      'http://127.0.0.1:5173.evil.com/',
      'http://127.0.0.1:51730/',
      'file:///C:/Windows/System32/',
      'javascript:alert(1)',
    ]) {
      expect(navigate(devTrusted, url), url).toBe(false);
    }
  });
  it('allows the dev server only when it is trusted (TELEREAD_DEV=1)', () => {
    expect(navigate(devTrusted, 'http://127.0.0.1:5173/src/main.tsx')).toBe(true);
    expect(navigate(prodTrusted, 'http://127.0.0.1:5173/')).toBe(false);
  });
  it('reads the URL from the event when Electron passes only the event', () => {
    const event = { preventDefault: vi.fn(), url: 'https://evil.example/' };
    navigationGuard(prodTrusted, () => undefined)(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('window open, webview and per-contents wiring', () => {
  it('denies every window.open', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });
  it('attaches the navigation guard, the webview block and the deny-all open handler', () => {
    const listeners = new Map<string, (event: { preventDefault(): void; url?: string }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: () => { action: string }) => {
        openHandler = handler;
      },
    };
    guardContents(contents as unknown as GuardedContents, prodTrusted, () => undefined);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const nav = { preventDefault: vi.fn() };
    listeners.get('will-navigate')?.(nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')?.(webview);
    expect(webview.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('permissions', () => {
  const ask = (permission: string, requestingUrl: string) => {
    const callback = vi.fn();
    permissionRequestHandler(prodTrusted)(null, permission, callback, { requestingUrl });
    return callback.mock.calls[0]?.[0] as boolean;
  };
  it('denies camera, microphone, geolocation and everything else by default', () => {
    for (const permission of ['media', 'camera', 'geolocation', 'midi', 'clipboard-read', 'fileSystem', 'openExternal', 'pointerLock']) {
      expect(ask(permission, 'app://teleread/index.html'), permission).toBe(false);
    }
  });
  it('allows notifications to the app only', () => {
    expect(ask('notifications', 'app://teleread/index.html')).toBe(true);
    expect(ask('notifications', 'https://evil.example/')).toBe(false);
    expect(ask('notifications', 'app://evil/')).toBe(false);
  });
  it('answers permission checks the same way', () => {
    const check = permissionCheckHandler(prodTrusted);
    expect(check(null, 'notifications', 'app://teleread')).toBe(true);
    expect(check(null, 'media', 'app://teleread')).toBe(false);
    expect(check(null, 'notifications', 'https://evil.example')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('accepts frames of our origin and refuses forged or destroyed ones', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://teleread/index.html' } }, prodTrusted)).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'app://evil/index.html' } }, prodTrusted)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'http://127.0.0.1:5173.evil.com/' } }, devTrusted)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: '' } }, prodTrusted)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, prodTrusted)).toBe(false);
  });
});
