import { buildCsp } from './protocol.js';

/**
 * Development mode (`TELEREAD_DEV=1`): the window loads Vite's dev server instead of `app://`, so
 * edits reload live. The dev server must be on this machine (loopback, plain http), and its pages
 * get a CSP from the shell (`webRequest.onHeadersReceived`): the production policy plus the dev
 * server's HMR WebSocket and inline scripts (Vite's React Refresh preamble). Scripts from any
 * other origin stay forbidden, exactly as in production.
 */
export const DEFAULT_DEV_SERVER_URL = 'http://127.0.0.1:5173';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The dev server URL from `TELEREAD_DEV_SERVER_URL` (default 127.0.0.1:5173); throws for anything not on loopback. */
export function devServerUrl(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env.TELEREAD_DEV_SERVER_URL?.trim() || DEFAULT_DEV_SERVER_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TELEREAD_DEV_SERVER_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.username || url.password) {
    throw new Error(`TELEREAD_DEV_SERVER_URL must be http:// on 127.0.0.1, localhost or [::1] (got ${url.origin})`);
  }
  return url.origin;
}

interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[] | string>;
}

/**
 * The `onHeadersReceived` listener: responses from the dev server get the dev CSP (replacing any
 * the server sent); every other response passes unchanged.
 */
export function devCspListener(devOrigin: string, getHubUrl: () => string | null) {
  return (details: HeadersDetails, callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void): void => {
    let origin: string | null = null;
    try {
      origin = new URL(details.url).origin;
    } catch {
      origin = null;
    }
    if (origin !== devOrigin) {
      callback({});
      return;
    }
    const headers: Record<string, string[] | string> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [buildCsp(getHubUrl(), { devServerUrl: devOrigin })];
    callback({ responseHeaders: headers });
  };
}
