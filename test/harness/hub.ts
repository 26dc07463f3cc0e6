import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './testdata.js';

/**
 * The real hub (`server/main.ts`) as a child process on a free loopback port (`--port 0`), with a
 * fresh data folder. Runs node with the tsx loader directly (not `npx tsx`, whose extra process
 * would survive a SIGTERM). Builds nothing: the web UI is served only when `dist/renderer` exists
 * (main.ts picks it up) or `webRoot` is given.
 */
export interface HubProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  dataDir: string;
  /** The hub's process id (e.g. to sample its RSS from /proc). */
  pid: number;
  /** Everything the hub printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /**
   * Resolves when the hub has printed `text` (e.g. `TELEREAD_DEMO_SEEDED`, printed after the demo
   * studies went in through STOW; the seeding keeps the hub busy until then).
   */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** kill -9, as a power cut or the OOM killer would; the data folder is kept for a restart. */
  crash(): Promise<void>;
}

export interface StartHubOptions {
  demo?: boolean;
  /** Extra environment (e.g. TELEREAD_ACCESS_TTL, DATABASE_URL). */
  env?: Record<string, string>;
  /** Reuse a data folder (restart tests); it is then not deleted by stop(). */
  dataDir?: string;
  webRoot?: string;
  readyTimeoutMs?: number;
}

export const READY_PREFIX = 'TELEREAD_READY ';

export async function startHub(options: StartHubOptions = {}): Promise<HubProcess> {
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-hub-'));
  const args = ['--import', 'tsx', path.join(repoRoot, 'server/main.ts'), '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir];
  if (options.demo) args.push('--demo');
  if (options.webRoot) args.push('--web-root', options.webRoot);
  const proc: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, TELEREAD_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`hub did not print ${READY_PREFIX.trim()} within ${options.readyTimeoutMs ?? 120_000} ms`)), options.readyTimeoutMs ?? 120_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- hub output ---\n${output.slice(-4000)}`));
    };
    proc.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      buffered += text;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line.startsWith(READY_PREFIX)) {
          clearTimeout(timer);
          resolve((JSON.parse(line.slice(READY_PREFIX.length)) as { url: string }).url);
        }
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    proc.once('exit', (code, signal) => fail(new Error(`hub exited (${code ?? signal}) before it was ready`)));
  });

  let stopping = false;
  proc.once('exit', (code, signal) => {
    // A hub that dies under a test explains the test's failure: say so loudly, with its output.
    if (!stopping) console.error(`hub ${url} exited unexpectedly (${code ?? signal})\n--- hub output ---\n${output.slice(-6000)}`);
  });
  const stop = async () => {
    stopping = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        proc.kill('SIGKILL');
        await exited;
      }
    }
    if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const waitForOutput = async (text: string, timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`hub exited before printing ${text}\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`hub did not print ${text} within ${timeoutMs} ms\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const crash = async () => {
    stopping = true;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
  };
  return { url, dataDir, pid: proc.pid!, output: () => output, waitForOutput, stop, crash };
}
