import type { TeleReadBridge } from '../../../shared/api/bridge.js';

export type { TeleReadBridge };

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    teleread?: TeleReadBridge;
  }
}

export const BROWSER_REFRESH_TOKEN_KEY = 'teleread.refreshToken';

/**
 * The browser stand-in for the desktop bridge (Element's WebPlatform pattern).
 *
 * The refresh token goes to sessionStorage, not localStorage: township PCs are shared, so the
 * sign-in must not outlive the browser tab on disk; and refresh tokens rotate (each works once),
 * so two tabs sharing one token through localStorage would race, and the hub treats a reused token
 * as theft and revokes the session. sessionStorage is per tab and still survives a page reload.
 */
export function browserFallback(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeSessionStorage()): TeleReadBridge {
  return {
    async getSettings() {
      // Same origin: the hub serves this page.
      return { hubUrl: null, language: 'zh-CN' };
    },
    async printPdf({ bytes }) {
      // The browser's own PDF viewer shows exactly the signed PDF; its print button prints it.
      // (A hidden iframe + print() is unreliable for PDFs across browsers; `noopener` would make
      // window.open return null, so the opener link is cut by hand.)
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
      const w = window.open(url, '_blank');
      if (w) w.opener = null;
      else window.location.assign(url);
      // The viewer has loaded the blob long before this; revoking frees the memory.
      setTimeout(() => URL.revokeObjectURL(url), 120_000);
      return 'opened';
    },
    async notify(title: string, body: string) {
      if (typeof Notification === 'undefined') return;
      if (Notification.permission === 'default') await Notification.requestPermission();
      if (Notification.permission === 'granted') new Notification(title, { body });
    },
    async storeRefreshToken(token: string | null) {
      if (!storage) return;
      if (token) storage.setItem(BROWSER_REFRESH_TOKEN_KEY, token);
      else storage.removeItem(BROWSER_REFRESH_TOKEN_KEY);
    },
    async loadRefreshToken() {
      return storage?.getItem(BROWSER_REFRESH_TOKEN_KEY) ?? null;
    },
  };
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the session then ends with the page
  }
}

/** The desktop bridge when running in Electron, else the browser fallback. */
export function resolvePlatform(): TeleReadBridge {
  return window.teleread ?? browserFallback();
}

/** True when running inside the desktop shell. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.teleread !== undefined;
}
