import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock, DataDirLockedError } from './lock.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('data folder lock', () => {
  it('refuses a second owner with a message that says what to do', () => {
    const dir = tmp();
    const lock = acquireDirLock(dir);
    expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDirLock(dir)).toThrow(/in use by another TeleRead hub/);
    lock.release();
    acquireDirLock(dir).release();
  });

  it('a live process elsewhere holds the lock; a dead one’s lock is taken over', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'hub.lock'), String(process.ppid));
    expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(path.join(dir, 'hub.lock'), dead);
    const lock = acquireDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'hub.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'hub.lock'))).toBe(false);
  });
});
