import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDemoHubControl, demoHubEnv, parseReadyLine, startDemoHub, type ForkHub } from './demoHub.js';

// utilityProcess exists only inside Electron; Node's child_process has the same stdout/stderr/kill/exit
// surface, so real processes stand in for it. The scripts imitate server/main.ts's start-up output.
let dir: string;
const scripts: Record<string, string> = {
  'ready.mjs': `
    console.log('demo data: {"sitesCreated":3}');
    console.log('TELEREAD_READY ' + JSON.stringify({ url: 'http://127.0.0.1:40123', env: { dataDir: process.env.TELEREAD_DATA_DIR, port: process.env.PORT, db: process.env.DATABASE_URL ?? null, args: process.argv.slice(2) } }));
    process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); });
    setInterval(() => {}, 1000);`,
  'silent.mjs': `setInterval(() => {}, 1000);`,
  'crash.mjs': `console.error('Error: data folder is locked by process 4242'); process.exit(2);`,
};
const forked: { pid?: number; exitCode: number | null; signalCode: string | null }[] = [];
const fork: ForkHub = (modulePath, args, options) => {
  const child = spawn(process.execPath, [modulePath, ...args], { env: options.env, stdio: 'pipe' });
  forked.push(child);
  return child;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-demohub-'));
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), text);
});
afterAll(() => {
  for (const child of forked) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parseReadyLine', () => {
  it('reads the URL from the READY line only', () => {
    expect(parseReadyLine('TELEREAD_READY {"url":"http://127.0.0.1:34073"}')).toBe('http://127.0.0.1:34073');
    expect(parseReadyLine('TeleRead hub listening on http://127.0.0.1:34073')).toBeNull();
    expect(parseReadyLine('TELEREAD_READY {"url":')).toBeNull();
    expect(parseReadyLine('TELEREAD_READY {"port":34073}')).toBeNull();
  });
  it('accepts loopback http only', () => {
    expect(parseReadyLine('TELEREAD_READY {"url":"http://0.0.0.0:80"}')).toBeNull();
    expect(parseReadyLine('TELEREAD_READY {"url":"http://evil.example:80"}')).toBeNull();
    expect(parseReadyLine('TELEREAD_READY {"url":"file:///etc"}')).toBeNull();
  });
});

describe('startDemoHub', () => {
  it('starts the hub with its data in userData/demo-hub on port 0, waits for READY, and stops it', async () => {
    const lines: string[] = [];
    const userDataDir = path.join(dir, 'userData');
    const hub = await startDemoHub({
      fork,
      hubModule: path.join(dir, 'ready.mjs'),
      userDataDir,
      baseEnv: demoHubEnv({ PATH: process.env.PATH, DATABASE_URL: 'postgres://prod', PACS_AUTH: 'basic:a:b' }),
      log: (line) => lines.push(line),
    });
    expect(hub.url).toBe('http://127.0.0.1:40123');
    expect(hub.dataDir).toBe(path.join(userDataDir, 'demo-hub'));
    const ready = JSON.parse(lines.find((l) => l.includes('TELEREAD_READY'))!.replace(/^.*TELEREAD_READY /, ''));
    expect(ready.env).toEqual({ dataDir: path.join(userDataDir, 'demo-hub'), port: '0', db: null, args: ['--demo'] });
    const child = forked.at(-1)!;
    await hub.stop();
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
    await hub.stop(); // idempotent
  });

  it('times out with a clear, bilingual error and kills the process', async () => {
    const start = startDemoHub({ fork, hubModule: path.join(dir, 'silent.mjs'), userDataDir: dir, readyTimeoutMs: 300 });
    await expect(start).rejects.toThrow(/没有启动.*did not start within 0 s \(no TELEREAD_READY line\)/s);
    const child = forked.at(-1)!;
    await vi.waitFor(() => expect(child.exitCode !== null || child.signalCode !== null).toBe(true));
  });

  it('reports an early exit with the end of stderr', async () => {
    const start = startDemoHub({ fork, hubModule: path.join(dir, 'crash.mjs'), userDataDir: dir, readyTimeoutMs: 10_000 });
    await expect(start).rejects.toThrow(/exited during start-up \(code 2\)[\s\S]*locked by process 4242/);
  });
});

describe('createDemoHubControl', () => {
  it('starts one hub for concurrent callers and stops it', async () => {
    const stop = vi.fn(async () => undefined);
    const start = vi.fn(async () => ({ url: 'http://127.0.0.1:5', dataDir: '/x', stop }));
    const control = createDemoHubControl(start);
    expect(control.url()).toBeNull();
    await expect(Promise.all([control.ensure(), control.ensure()])).resolves.toEqual(['http://127.0.0.1:5', 'http://127.0.0.1:5']);
    expect(start).toHaveBeenCalledOnce();
    await control.stop();
    expect(stop).toHaveBeenCalledOnce();
    expect(control.url()).toBeNull();
  });
  it('lets a failed start be retried', async () => {
    const start = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValueOnce({ url: 'http://127.0.0.1:6', dataDir: '/x', stop: async () => undefined });
    const control = createDemoHubControl(start);
    await expect(control.ensure()).rejects.toThrow('boom');
    await expect(control.ensure()).resolves.toBe('http://127.0.0.1:6');
  });
});
