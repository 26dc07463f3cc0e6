import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { EventsHello } from '../../shared/api/worklist.js';
import { decide, type Principal } from '../access/policy.js';
import { ApiError } from '../http/errors.js';
import type { Hub } from '../hub.js';
import type { StoredEvent } from './bus.js';

/** Close codes a client can act on: 4401 sign in again, 4400 protocol error. */
export const WS_CLOSE = { unauthenticated: 4401, badRequest: 4400 } as const;
const HELLO_TIMEOUT_MS = 10_000;
const SESSION_RECHECK_MS = 30_000;

/** Events a session may receive: the same rule as reading the task/report/alert they describe. */
export function mayReceive(p: Principal, e: StoredEvent): boolean {
  const action = e.type.startsWith('alert.') ? 'alert.read' : e.type.startsWith('report.') ? 'report.read' : 'task.read';
  return decide(p, action, { siteId: e.siteId, kind: e.kind ?? undefined }).allowed;
}

/**
 * `/api/events`: the client's first message is `{type: 'hello', token, since?}` (a browser cannot set
 * an Authorization header on a WebSocket, and a token in the URL would end up in logs). The hub
 * replays what the client missed after `since`, then pushes live events it may see.
 */
export async function installEventSocket(app: FastifyInstance, hub: Hub) {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/api/events', { websocket: true }, (socket: WebSocket, req) => {
    let principal: Principal | undefined;
    let sessionId: string | undefined;
    let token = '';
    let unsubscribe: (() => void) | undefined;
    let recheck: NodeJS.Timeout | undefined;
    let lastSent = 0;
    const send = (e: StoredEvent) => {
      if (!principal || e.seq <= lastSent || !mayReceive(principal, e)) return;
      lastSent = e.seq;
      const { kind: _kind, ...wire } = e;
      socket.send(JSON.stringify({ type: 'event', event: wire }));
    };
    const close = (code: number, reason: string) => {
      cleanup();
      socket.close(code, reason);
    };
    const cleanup = () => {
      unsubscribe?.();
      clearInterval(recheck);
      clearTimeout(helloTimer);
    };
    const helloTimer = setTimeout(() => close(WS_CLOSE.unauthenticated, 'hello expected'), HELLO_TIMEOUT_MS);
    socket.on('close', cleanup);
    socket.on('message', async (raw) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return close(WS_CLOSE.badRequest, 'invalid JSON');
      }
      const hello = EventsHello.safeParse(msg);
      if (!hello.success) {
        if ((msg as { type?: string })?.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
        return close(WS_CLOSE.badRequest, 'expected hello');
      }
      try {
        // A hello on an open socket re-authenticates (after the client refreshed its token).
        ({ principal, sessionId } = await hub.auth.authenticate(hello.data.token));
        token = hello.data.token;
      } catch (err) {
        await hub.audit.record({ ip: req.ip, action: 'events.connect', outcome: 'denied', detail: { reason: err instanceof ApiError ? err.code : 'error' } });
        return close(WS_CLOSE.unauthenticated, err instanceof ApiError ? err.code : 'unauthenticated');
      }
      clearTimeout(helloTimer);
      if (!unsubscribe) {
        // Subscribe first, then replay, so nothing falls between; `lastSent` drops duplicates.
        const buffered: StoredEvent[] = [];
        let replaying = true;
        unsubscribe = hub.events.subscribe((e) => (replaying ? buffered.push(e) : send(e)));
        const since = hello.data.since ?? (await hub.events.latestSeq());
        for (let batch = await hub.events.since(since); batch.length; batch = await hub.events.since(batch[batch.length - 1].seq)) batch.forEach(send);
        replaying = false;
        buffered.sort((a, b) => a.seq - b.seq).forEach(send);
        recheck = setInterval(async () => {
          try {
            await hub.auth.authenticate(token);
          } catch {
            close(WS_CLOSE.unauthenticated, 'session ended');
          }
        }, SESSION_RECHECK_MS);
      }
      socket.send(JSON.stringify({ type: 'ready', lastSeq: Math.max(lastSent, hello.data.since ?? 0), session: sessionId }));
    });
  });
}
