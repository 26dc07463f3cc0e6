import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHubEnv, startDemoHub, type ForkHub } from '../../electron/main/demoHub.js';

// The embedded demo hub's lifecycle with the real bundle (dist-electron/hub.mjs, PGlite): built by
// scripts/build-electron.mjs, started the way the shell starts it. Electron's utilityProcess cannot
// run here, so Node's child_process (same stdout/stderr/kill/exit surface) stands in for it.
const repoRoot = path.resolve(import.meta.dirname, '../..');
// Inside the repo so that the bundle's external packages resolve from node_modules, as in the app.
const work = path.join(repoRoot, '.tmp', `electron-demo-hub-${process.pid}`);
const userDataDir = path.join(work, 'userData');
const children: ReturnType<typeof spawn>[] = [];
const fork: ForkHub = (modulePath, args, options) => {
  const child = spawn(process.execPath, [modulePath, ...args], { env: options.env, stdio: 'pipe' });
  children.push(child);
  return child;
};

beforeAll(() => {
  fs.mkdirSync(work, { recursive: true });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build-electron.mjs'), '--outdir', path.join(work, 'dist-electron')], { cwd: repoRoot, stdio: 'pipe' });
}, 120_000);
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

describe('embedded demo hub (bundled)', () => {
  it('starts on a free loopback port with its data in userData/demo-hub, answers health, stops, and restarts on the same data', async () => {
    const start = () =>
      startDemoHub({ fork, hubModule: path.join(work, 'dist-electron', 'hub.mjs'), userDataDir, baseEnv: demoHubEnv(process.env), readyTimeoutMs: 90_000 });

    const first = await start();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(first.url).port).not.toBe('8642');
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { demo: boolean; database: { kind: string; location: string } };
    expect(body.demo).toBe(true);
    expect(body.database.kind).toBe('pglite');
    expect(body.database.location.startsWith(path.join(userDataDir, 'demo-hub'))).toBe(true);

    await first.stop();
    expect(children[0].exitCode !== null || children[0].signalCode !== null).toBe(true);
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow();

    // Second start on the same data folder: the data-folder lock was released and demo seeding is idempotent.
    const second = await start();
    const again = await fetch(`${second.url}/api/health`);
    expect(again.status).toBe(200);
    await second.stop();
  });
});
