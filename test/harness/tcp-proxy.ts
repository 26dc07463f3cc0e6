import net from 'node:net';

/**
 * A TCP proxy in front of a server (the upstream PACS in the fault tests), on a free loopback port,
 * whose behaviour the test switches at any moment:
 *  - `normal`: bytes pass through;
 *  - `slow`: every chunk from the server is held `delayMs` before it is passed on (a slow link);
 *  - `stall`: the connection is accepted and the request forwarded, but nothing comes back (a hung PACS);
 *  - `down`: new connections are reset at once (the PACS process is gone).
 * `cut()` resets every open connection (the PACS dies mid-request).
 */
export type ProxyMode = 'normal' | 'slow' | 'stall' | 'down';

export interface TcpProxy {
  url: string;
  port: number;
  mode: ProxyMode;
  delayMs: number;
  /** Bytes passed from the server to clients so far. */
  bytesDown: number;
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const proxy: TcpProxy = {
    url: '',
    port: 0,
    mode: 'normal',
    delayMs: 200,
    bytesDown: 0,
    cut() {
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    close: async () => undefined,
  };
  const server = net.createServer((client) => {
    if (proxy.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('data', (d) => upstream.write(d));
    client.on('end', () => upstream.end());
    // Chunks from the server keep their order: each waits for the one before it; the server's end
    // of the connection is passed on only after the delayed chunks.
    let chain = Promise.resolve();
    upstream.on('data', (d: Buffer) => {
      if (proxy.mode === 'stall') return;
      const delay = proxy.mode === 'slow' ? proxy.delayMs : 0;
      chain = chain.then(async () => {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (!client.destroyed && proxy.mode !== 'stall') {
          proxy.bytesDown += d.length;
          client.write(d);
        }
      });
    });
    upstream.on('end', () => {
      if (proxy.mode !== 'stall') void chain.then(() => client.end());
    });
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => open.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      proxy.cut();
      server.close(() => resolve());
    });
  return proxy;
}
