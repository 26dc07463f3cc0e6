import type { Event as ElectronEvent, IpcMainInvokeEvent, PermissionCheckHandlerHandlerDetails, PermissionRequest, WebContents } from 'electron';

/**
 * Origin checks for navigation, new windows, permissions and IPC senders (Electron security
 * checklist #5, #13, #14, #17). Everything compares parsed origins, never string prefixes:
 * `app://teleread.evil` or `http://127.0.0.1:5173.evil.com` must not pass as ours.
 */

/**
 * `scheme://host[:port]` of a URL, or null when it has none. Node's WHATWG URL gives the opaque
 * origin `"null"` for non-special schemes such as `app:`, whereas Chromium gives `app://host` for
 * a registered standard scheme, so `app:` is rebuilt from protocol and host here.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'app:') return parsed.host ? `app://${parsed.host.toLowerCase()}` : null;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin === 'null' ? null : parsed.origin;
}

/** The origins whose pages may navigate, call IPC and ask for permissions: the app, and the dev server in development. */
export type TrustedOrigins = ReadonlySet<string>;

export function isTrustedUrl(url: string | undefined | null, trusted: TrustedOrigins): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return origin !== null && trusted.has(origin);
}

/** The part of an IPC event the sender check reads: the frame that sent it (null once destroyed). */
export interface SenderEvent {
  senderFrame: { url: string } | null;
}

/** True when the IPC message comes from a live frame of one of our own origins (checklist #17). */
export function isTrustedSender(event: SenderEvent | IpcMainInvokeEvent, trusted: TrustedOrigins): boolean {
  const frame = event.senderFrame;
  return frame != null && isTrustedUrl(frame.url, trusted);
}

/** `will-navigate`: a page-initiated navigation stays within our origins or is cancelled (checklist #13). */
export function navigationGuard(trusted: TrustedOrigins, log: (message: string) => void) {
  return (event: ElectronEvent<{ url?: string }> | { preventDefault(): void; url?: string }, url?: string): void => {
    const target = ('url' in event && typeof event.url === 'string' ? event.url : undefined) ?? url;
    if (!isTrustedUrl(target, trusted)) {
      event.preventDefault();
      log(`navigation blocked: ${originOf(target ?? '') ?? 'unparseable URL'}`);
    }
  };
}

/** `setWindowOpenHandler`: no page opens a window (checklist #14). Links to the outside are not opened either (#15). */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permissions granted at all, and only to our origins: OS notifications for critical alerts. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** `session.setPermissionRequestHandler`: deny by default (checklist #5). */
export function permissionRequestHandler(trusted: TrustedOrigins) {
  return (
    _webContents: WebContents | null,
    permission: string,
    callback: (granted: boolean) => void,
    details: PermissionRequest | { requestingUrl?: string },
  ): void => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(details.requestingUrl, trusted));
  };
}

/** `session.setPermissionCheckHandler`: the synchronous twin of the request handler. */
export function permissionCheckHandler(trusted: TrustedOrigins) {
  return (
    _webContents: WebContents | null,
    permission: string,
    requestingOrigin: string,
    _details?: PermissionCheckHandlerHandlerDetails,
  ): boolean => ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(requestingOrigin, trusted);
}

/** The subset of `WebContents` the guards attach to (typed narrowly so tests can pass a fake). */
export interface GuardedContents {
  on(event: 'will-navigate', listener: ReturnType<typeof navigationGuard>): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** Attaches every per-contents guard; main calls it from `web-contents-created`, so no window is missed. */
export function guardContents(contents: GuardedContents, trusted: TrustedOrigins, log: (message: string) => void): void {
  // `will-navigate` covers links, form posts and `location` changes made by a page; `loadURL` from
  // main (the app entry, the hidden print window) is ours and does not pass through it.
  contents.on('will-navigate', navigationGuard(trusted, log));
  // Checklist #11–12: TeleRead uses no <webview>; refuse any attempt to attach one.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview blocked');
  });
  contents.setWindowOpenHandler(denyWindowOpen);
}
