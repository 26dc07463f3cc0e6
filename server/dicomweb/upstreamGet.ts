import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { ApiError } from '../http/errors.js';
import type { UpstreamClient } from '../store/upstream.js';

/** An upstream answer as a Node stream, whichever way it was fetched. */
export interface UpstreamAnswer {
  status: number;
  contentType: string | null;
  body: Readable;
  /** Drops an unread body (the connection is not reused). */
  discard(): void;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 32 }), https: new https.Agent({ keepAlive: true, maxSockets: 32 }) };

/**
 * GET through node:http with a keep-alive agent, body as the socket's own Readable. The frame and
 * bulk-data routes use this instead of fetch(): a viewer makes one such request per instance, and
 * fetch's web stream turned back into a Node stream cost more CPU than the rest of the request
 * (bench/RESULTS.md, gateway overhead). Same failure rules as UpstreamClient.fetch: unreachable,
 * timeout, 5xx, 401 and 403 are `502 upstream_unavailable`.
 */
export function upstreamGet(client: UpstreamClient, rel: string, accept: string, timeoutMs = client.timeoutMs): Promise<UpstreamAnswer> {
  const url = new URL(client.base + rel);
  const secure = url.protocol === 'https:';
  const headers = client.headers({ accept });
  if (url.username || url.password) headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers, agent: secure ? agents.https : agents.http },
      (res) => {
        const status = res.statusCode ?? 502;
        if (status >= 500 || status === 401 || status === 403) {
          res.resume();
          reject(new ApiError(502, 'upstream_unavailable'));
          return;
        }
        const type = res.headers['content-type'];
        res.setTimeout(timeoutMs, () => res.destroy(new Error('upstream read timeout')));
        resolve({ status, contentType: type ?? null, body: res, discard: () => res.destroy() });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('upstream timeout')));
    req.on('error', () => reject(new ApiError(502, 'upstream_unavailable')));
    req.end();
  });
}

/** The same shape from a fetch() Response (every other proxied route). */
export function fromFetch(res: Response): UpstreamAnswer {
  const body = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body,
    discard: () => void res.body?.cancel().catch(() => undefined),
  };
}
