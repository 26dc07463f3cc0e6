import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../test/harness/testdata.js';

/** Everything the bench starts registers its stop here; `cleanupAll` runs them newest first. */
const closers: Array<{ label: string; close: () => Promise<void> }> = [];

export function onCleanup(label: string, close: () => Promise<void>): () => Promise<void> {
  const entry = { label, close };
  closers.push(entry);
  return async () => {
    const i = closers.indexOf(entry);
    if (i >= 0) closers.splice(i, 1);
    await close();
  };
}

export async function cleanupAll(): Promise<void> {
  while (closers.length) {
    const c = closers.pop()!;
    try {
      await c.close();
    } catch (err) {
      console.error(`cleanup ${c.label}: ${String(err)}`);
    }
  }
}

/** A temp folder removed at cleanup. */
export function tempDir(prefix: string): { dir: string; remove: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `teleread-bench-${prefix}-`));
  const remove = onCleanup(`rm ${dir}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

/** Resident set size and its peak (VmHWM) of a process, in bytes, from /proc. */
export function memOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Resets the kernel's peak-RSS mark (clear_refs 5); false where that is not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface HubProcess {
  url: string;
  pid: number;
  mem(): { rss: number; hwm: number };
  resetPeak(): boolean;
  /** Resolves when the hub printed a line starting with `marker` (e.g. TELEREAD_DEMO_SEEDED); returns the line. */
  waitForLine(marker: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The hub as a child process, exactly as `tsx server/main.ts` runs it (node with the tsx loader,
 * so the child's pid is the hub itself and its RSS is the hub's), on PORT=0. Resolves on the
 * `TELEREAD_READY {"url": …}` line.
 */
export async function startHubProcess(label: string, env: Record<string, string>, nodeArgs: string[] = [], hubArgs: string[] = []): Promise<HubProcess> {
  const proc: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts', ...hubArgs], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TELEREAD_PACS_POLL_SECONDS: '0', TELEREAD_ACCESS_TTL: '7200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const markers: string[] = [];
  const waiters: Array<() => void> = [];
  let partial = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-6000);
  };
  proc.stdout?.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('TELEREAD_')) markers.push(l);
    if (lines.length) waiters.splice(0).forEach((w) => w());
  });
  const waitForLine = async (marker: string, timeoutMs = 180_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = markers.find((l) => l.startsWith(marker));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`hub ${label}: no ${marker} within ${timeoutMs / 1000} s:\n${tail}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 1000);
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  proc.stderr?.on('data', keep);
  let stopping = false;
  proc.once('exit', (code, signal) => {
    if (!stopping) console.error(`[bench] hub ${label} (pid ${proc.pid}) exited unexpectedly: code ${code}, signal ${signal}\n${tail}`);
  });
  const stop = onCleanup(`hub ${label}`, async () => {
    stopping = true;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`hub ${label} not ready in 120 s:\n${tail}`)), 120_000);
    proc.stdout?.on('data', (d: Buffer) => {
      keep(d);
      buf += d.toString();
      const m = /TELEREAD_READY (\{.*\})/.exec(buf);
      if (m) {
        clearTimeout(timer);
        buf = '';
        resolve((JSON.parse(m[1]) as { url: string }).url);
      } else buf = buf.slice(-2000);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub ${label} exited (${code}) before ready:\n${tail}`));
    });
  });
  const pid = proc.pid!;
  return { url, pid, mem: () => memOf(pid), resetPeak: () => resetPeak(pid), waitForLine, stop };
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/PID/stat. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 is state; utime and stime are fields 14 and 15 (indexes 11, 12 here).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** The pid of a direct child of this process whose command name is `comm` (e.g. the Orthanc we started). */
export function childPid(comm: string): number | undefined {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (name === comm && ppid === process.pid) return Number(d);
    } catch {
      // process gone
    }
  }
  return undefined;
}
