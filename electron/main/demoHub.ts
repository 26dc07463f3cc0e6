import path from 'node:path';
import readline from 'node:readline';

/**
 * The embedded demo hub: the bundled hub (`dist-electron/hub.mjs`) run in an Electron utility
 * process on a free loopback port (PORT=0), data in `<userData>/demo-hub`. `server/main.ts` prints
 * `TELEREAD_READY {"url": "http://127.0.0.1:<port>"}` once it listens; that line is the handshake.
 */
export const READY_PREFIX = 'TELEREAD_READY ';

/** What this module needs from `utilityProcess.fork(...)`'s result (a Node `ChildProcess` fits too). */
export interface HubProcess {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): boolean;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
}

export type ForkHub = (modulePath: string, args: string[], options: { env: NodeJS.ProcessEnv; stdio: 'pipe'; serviceName: string }) => HubProcess;

export interface DemoHubOptions {
  fork: ForkHub;
  hubModule: string;
  userDataDir: string;
  /** Environment handed to the hub; secrets of the shell are not in it. */
  baseEnv?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface DemoHub {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Parses one stdout line; returns the hub URL when it is the READY line, else null. */
export function parseReadyLine(line: string): string | null {
  const start = line.indexOf(READY_PREFIX);
  if (start === -1) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(line.slice(start + READY_PREFIX.length));
  } catch {
    return null;
  }
  const url = (payload as { url?: unknown } | null)?.url;
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

export class DemoHubError extends Error {
  override name = 'DemoHubError';
}

export async function startDemoHub(options: DemoHubOptions): Promise<DemoHub> {
  const dataDir = path.join(options.userDataDir, 'demo-hub');
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const log = options.log ?? (() => undefined);
  const child = options.fork(options.hubModule, ['--demo'], {
    env: { ...(options.baseEnv ?? {}), TELEREAD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TELEREAD_DEMO: '1' },
    stdio: 'pipe',
    serviceName: 'TeleRead demo hub',
  });

  let exited = false;
  let exitCode: number | null = null;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      resolve();
    }),
  );
  const stderrTail: string[] = [];
  if (child.stderr) {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      log(`[demo hub] ${line}`);
    });
  }

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new DemoHubError(
          `演示服务器在 ${Math.round(readyTimeoutMs / 1000)} 秒内没有启动，请重试或改用医共体服务器地址。 / ` +
            `The demo hub did not start within ${Math.round(readyTimeoutMs / 1000)} s (no TELEREAD_READY line). Try again, or connect to your alliance's hub.` +
            tail(stderrTail),
        ),
      );
    }, readyTimeoutMs);
    if (!child.stdout) {
      clearTimeout(timer);
      child.kill();
      reject(new DemoHubError('demo hub started without a stdout pipe'));
      return;
    }
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      log(`[demo hub] ${line}`);
      const ready = parseReadyLine(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready);
      }
    });
    void exitedPromise.then(() => {
      clearTimeout(timer);
      reject(
        new DemoHubError(
          `演示服务器启动失败（退出码 ${exitCode}），请重试或改用医共体服务器地址。 / ` +
            `The demo hub exited during start-up (code ${exitCode}). Try again, or connect to your alliance's hub.` +
            tail(stderrTail),
        ),
      );
    });
  });

  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  return {
    url,
    dataDir,
    async stop() {
      if (exited) return;
      // SIGTERM: the hub closes Fastify and the database, then exits.
      child.kill();
      const timedOut = await Promise.race([exitedPromise.then(() => false), delay(stopTimeoutMs).then(() => true)]);
      if (timedOut) log('[demo hub] did not exit in time after being stopped');
    },
  };
}

function tail(lines: string[]): string {
  return lines.length ? `\n${lines.slice(-5).join('\n')}` : '';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** One demo hub at most: concurrent `ensure()` calls share one start; `stop()` on quit or hub change. */
export interface DemoHubControl {
  ensure(): Promise<string>;
  stop(): Promise<void>;
  url(): string | null;
}

export function createDemoHubControl(start: () => Promise<DemoHub>): DemoHubControl {
  let running: DemoHub | null = null;
  let starting: Promise<DemoHub> | null = null;
  return {
    async ensure() {
      if (running) return running.url;
      starting ??= start().finally(() => {
        starting = null;
      });
      running = await starting;
      return running.url;
    },
    async stop() {
      const hub = running ?? (starting ? await starting.catch(() => null) : null);
      running = null;
      await hub?.stop();
    },
    url: () => running?.url ?? null,
  };
}

/** Only what the hub needs from the shell's environment: never DATABASE_URL, PACS credentials or NODE_OPTIONS. */
export function demoHubEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'USERPROFILE', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'APPDATA', 'LOCALAPPDATA'];
  return Object.fromEntries(keep.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
}
