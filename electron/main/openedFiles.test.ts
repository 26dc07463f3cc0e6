import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenedFiles, dicomPathsFromArgv } from './openedFiles.js';

// Real files in a temp folder; only `log` is a recorder.
let dir: string;
let dcm: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-opened-'));
  dcm = path.join(dir, 'CT 0001.DCM');
  const bytes = Buffer.alloc(200);
  bytes.write('DICM', 128, 'latin1');
  fs.writeFileSync(dcm, bytes);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
  fs.mkdirSync(path.join(dir, 'folder.dcm'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('opened .dcm files', () => {
  it('picks absolute .dcm paths from argv, not flags, deep links or relative paths', () => {
    expect(dicomPathsFromArgv(['--inspect=x.dcm', 'teleread://study/1.2', 'rel/a.dcm', '/data/A.DCM', '/data/b.pdf'])).toEqual(['/data/A.DCM']);
  });

  it('queues checked files by opaque id, hands them over once, and reads their bytes by id', async () => {
    const log = vi.fn();
    const files = createOpenedFiles({ log });
    await expect(files.add([dcm, path.join(dir, 'notes.txt'), path.join(dir, 'folder.dcm'), path.join(dir, 'missing.dcm'), 'relative.dcm'])).resolves.toBe(1);
    expect(log).toHaveBeenCalledTimes(4);
    const taken = files.take();
    expect(taken).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'CT 0001.DCM', size: 200 }]);
    expect(JSON.stringify(taken)).not.toContain(dir); // the page never sees the path
    expect(files.take()).toEqual([]);
    const bytes = await files.read(taken[0].id);
    expect(Buffer.from(bytes).toString('latin1', 128, 132)).toBe('DICM');
  });

  it('refuses unknown ids and files gone since they were opened, with a message in both languages', async () => {
    const moved = path.join(dir, 'moved.dcm');
    fs.writeFileSync(moved, 'x');
    const files = createOpenedFiles({ log: vi.fn() });
    await files.add([moved]);
    const [entry] = files.take();
    fs.rmSync(moved);
    await expect(files.read(entry.id)).rejects.toThrow(/无法读取 moved\.dcm.*Cannot read moved\.dcm/);
    await expect(files.read('5f0c7c57-4c2a-4d5e-9a39-6a1f0c3d2b10')).rejects.toThrow(/请重新打开.*open it again/);
  });

  it('refuses files over the size cap', async () => {
    const files = createOpenedFiles({ log: vi.fn(), stat: async () => ({ isFile: () => true, size: 2 * 1024 ** 3 }) });
    await expect(files.add(['/data/huge.dcm'])).resolves.toBe(0);
  });
});
