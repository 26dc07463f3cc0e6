import type { LiveEvent } from '../../../../shared/api/worklist.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { eventsUrl } from './api.js';

/**
 * The `/api/events` client: says hello with the current token and the last seq it has seen, so
 * after any drop it reconnects (with backoff) and the hub replays what was missed — no reload.
 */
export interface LiveEventsOptions {
  url: string;
  getToken: () => Promise<string | null>;
  onEvent: (e: LiveEvent) => void;
  onStatus?: (s: 'connecting' | 'live' | 'offline') => void;
  /** The last seq already seen elsewhere (e.g. by the screen shown before): the hub replays what came after it. */
  since?: number;
  /** Injected for tests; defaults to the browser's WebSocket. */
  WebSocketImpl?: new (url: string) => WebSocketLike;
  setTimeoutImpl?: (fn: () => void, ms: number) => unknown;
}

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
}

export function connectLiveEvents(opts: LiveEventsOptions): { close(): void; lastSeq(): number } {
  const WS = opts.WebSocketImpl ?? (globalThis.WebSocket as unknown as new (url: string) => WebSocketLike);
  const later = opts.setTimeoutImpl ?? ((fn, ms) => setTimeout(fn, ms));
  let lastSeq: number | undefined = opts.since && opts.since > 0 ? opts.since : undefined;
  let attempt = 0;
  let closed = false;
  let socket: WebSocketLike | null = null;

  const open = async () => {
    if (closed) return;
    opts.onStatus?.('connecting');
    const token = await opts.getToken();
    if (!token || closed) return;
    const ws = new WS(opts.url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token, since: lastSeq }));
    ws.onmessage = (m) => {
      let msg: { type?: string; event?: LiveEvent; lastSeq?: number };
      try {
        msg = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (msg.type === 'ready') {
        attempt = 0;
        lastSeq = Math.max(lastSeq ?? 0, msg.lastSeq ?? 0);
        opts.onStatus?.('live');
      } else if (msg.type === 'event' && msg.event) {
        if (lastSeq !== undefined && msg.event.seq <= lastSeq) return;
        lastSeq = msg.event.seq;
        opts.onEvent(msg.event);
      }
    };
    ws.onclose = () => {
      if (closed) return;
      opts.onStatus?.('offline');
      // 4401: the token was refused; getToken() refreshes it before the next hello.
      later(() => void open(), backoffMs(attempt++));
    };
    ws.onerror = () => undefined;
  };
  void open();
  return {
    close() {
      closed = true;
      socket?.close(1000);
    },
    lastSeq: () => lastSeq ?? 0,
  };
}

/**
 * `connectLiveEvents` to the hub this app talks to: the desktop's hub setting, else this page's
 * origin. `close()` works before the setting has been read (nothing is opened then).
 */
export function connectHubEvents(opts: Omit<LiveEventsOptions, 'url'>): { close(): void; lastSeq(): number } {
  let conn: { close(): void; lastSeq(): number } | undefined;
  let closed = false;
  void resolvePlatform()
    .getSettings()
    .catch(() => ({ hubUrl: null }))
    .then((settings) => {
      if (!closed) conn = connectLiveEvents({ ...opts, url: eventsUrl(settings.hubUrl, window.location.href) });
    });
  return {
    close() {
      closed = true;
      conn?.close();
    },
    /** The last seq seen; before the setting was read, the `since` it was opened with. */
    lastSeq: () => conn?.lastSeq() ?? opts.since ?? 0,
  };
}
