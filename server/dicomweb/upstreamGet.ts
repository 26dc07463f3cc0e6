import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { ApiError } from '../http/errors.js';
import type { UpstreamClient } from '../store/upstream.js';

/** An upstream answer as a Node stream. */
export interface UpstreamAnswer {
  status: number;
  contentType: string | null;
  /** The upstream's Content-Length (null when it sent none, e.g. chunked). */
  contentLength: string | null;
  /** The upstream's Content-Encoding when it is not `identity` (relayed with the bytes). */
  contentEncoding: string | null;
  body: Readable;
  /** Drops an unread body (the connection is not reused). */
  discard(): void;
}

/** How long a free upstream socket is kept when the PACS announces no keep-alive timeout. */
const DEFAULT_IDLE_MS = 4_000;
const KEEPALIVE_PROBE_MS = 10_000;
/** Idle limit per socket, from the PACS's `Keep-Alive: timeout=N` on its last answer. */
const idleLimit = new WeakMap<Socket, number>();

/**
 * Keeps upstream connections for reuse even when the PACS announces a short keep-alive timeout.
 * Orthanc answers `Keep-Alive: timeout=1`, and Node's agent then closes the socket after every
 * answer (it wants a second of margin), so each frame request paid a new TCP connection on both
 * sides (bench/RESULTS.md 3a). Here a free socket is kept for the announced timeout minus 300 ms
 * (at least 200 ms): a viewer's frame requests follow each other within milliseconds. Should the
 * PACS still close a socket as it is reused, the request is sent again on a new one (`upstreamGet`).
 */
function keepForReuse(socket: Socket): boolean {
  socket.setKeepAlive(true, KEEPALIVE_PROBE_MS);
  socket.unref();
  // A free socket that stays idle this long is destroyed by the agent's own timeout listener.
  socket.setTimeout(idleLimit.get(socket) ?? DEFAULT_IDLE_MS);
  return true;
}
class UpstreamAgent extends http.Agent {
  override keepSocketAlive(socket: Socket): boolean {
    return keepForReuse(socket);
  }
}
class UpstreamHttpsAgent extends https.Agent {
  override keepSocketAlive(socket: Socket): boolean {
    return keepForReuse(socket);
  }
}

function rememberIdleLimit(res: http.IncomingMessage) {
  const hint = /^\s*timeout\s*=\s*(\d+)/i.exec(String(res.headers['keep-alive'] ?? ''))?.[1];
  if (res.socket) idleLimit.set(res.socket, hint === undefined ? DEFAULT_IDLE_MS : Math.max(200, Number(hint) * 1000 - 300));
}

/** Shared by every request: a viewer keeps 4–6 requests in flight and several readers work at once. */
const agentOptions: http.AgentOptions = { keepAlive: true, keepAliveMsecs: KEEPALIVE_PROBE_MS, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' };
const agents = { http: new UpstreamAgent(agentOptions), https: new UpstreamHttpsAgent(agentOptions) };

/** The parts of the upstream base URL, parsed once per client rather than once per request. */
interface Target {
  secure: boolean;
  hostname: string;
  port: string;
  pathPrefix: string;
  authorization: string | undefined;
}
const targets = new WeakMap<UpstreamClient, Target>();

function targetOf(client: UpstreamClient): Target {
  let t = targets.get(client);
  if (t) return t;
  const url = new URL(client.base);
  const fromClient = client.headers().authorization;
  const fromUrl = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
  t = {
    secure: url.protocol === 'https:',
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    authorization: fromClient ?? fromUrl,
  };
  targets.set(client, t);
  return t;
}

/**
 * GET `base + rel` through node:http with a shared keep-alive agent; the body is the socket's own
 * Readable (no web-stream conversion, no copy). Every proxied GET uses this: a viewer makes one
 * frame request per instance, and fetch's web stream turned back into a Node stream cost more CPU
 * than the rest of the request (bench/RESULTS.md, gateway overhead).
 *
 * Same failure rules as UpstreamClient.fetch: unreachable, 5xx, 401 and 403 are `502
 * upstream_unavailable`; `timeoutMs` bounds the wait for the answer's headers and then each silence
 * in its body (a long transfer is not cut while bytes keep coming; a PACS that stops sending is).
 * `accept-encoding: identity`: the bytes are relayed as they come, so they must not be compressed.
 */
export function upstreamGet(client: UpstreamClient, rel: string, accept: string, timeoutMs = client.timeoutMs): Promise<UpstreamAnswer> {
  const t = targetOf(client);
  const headers: http.OutgoingHttpHeaders = { accept, 'accept-encoding': 'identity' };
  if (t.authorization) headers.authorization = t.authorization;
  return once(t, rel, headers, timeoutMs).catch((err: unknown) => {
    // A kept-alive socket the PACS closed while it sat in the pool: the GET never reached it, so
    // it is sent once more, on a new connection outside the pool (the other pooled sockets may be
    // just as stale, e.g. after a PACS restart).
    if (err instanceof StaleSocket) return once(t, rel, headers, timeoutMs, false);
    throw err;
  });
}

class StaleSocket extends Error {}

function once(t: Target, rel: string, headers: http.OutgoingHttpHeaders, timeoutMs: number, pooled = true): Promise<UpstreamAnswer> {
  const agent = pooled ? (t.secure ? agents.https : agents.http) : false;
  return new Promise((resolve, reject) => {
    const req = (t.secure ? https : http).request(
      { hostname: t.hostname, port: t.port, path: t.pathPrefix + rel, method: 'GET', headers, agent },
      (res) => {
        rememberIdleLimit(res);
        const status = res.statusCode ?? 502;
        if (status >= 500 || status === 401 || status === 403) {
          res.resume();
          reject(new ApiError(502, 'upstream_unavailable'));
          return;
        }
        res.setTimeout(timeoutMs, () => res.destroy(new Error('upstream read timeout')));
        const encoding = res.headers['content-encoding'];
        resolve({
          status,
          contentType: res.headers['content-type'] ?? null,
          contentLength: res.headers['content-length'] ?? null,
          contentEncoding: encoding && encoding !== 'identity' ? encoding : null,
          body: res,
          discard: () => res.destroy(),
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('upstream timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      reject(stale ? new StaleSocket() : new ApiError(502, 'upstream_unavailable'));
    });
    req.end();
  });
}
