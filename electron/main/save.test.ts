import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { savePdf, SaveError } from './save.js';

// The save dialog is Electron's (mocked: it answers with a path in a temp folder); the write is real.
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-save-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const signed = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), 0, 255, 128, 13, 10, ...new TextEncoder().encode('\n%%EOF\n')]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('savePdf', () => {
  it('writes exactly the signed bytes where the user chose (same SHA-256)', async () => {
    const target = path.join(dir, '报告.pdf');
    const showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: target }));
    await expect(
      savePdf({ request: { bytes: signed, suggestedName: '../张三 CT 报告' }, defaultDir: '/home/u/Documents', language: 'zh-CN', showSaveDialog, writeFile: (f, b) => fsp.writeFile(f, b) }),
    ).resolves.toEqual({ saved: true, fileName: '报告.pdf' });
    expect(sha256(fs.readFileSync(target))).toBe(sha256(signed));
    expect(showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ title: '保存报告 PDF', defaultPath: path.join('/home/u/Documents', '张三 CT 报告.pdf'), filters: [{ name: 'PDF 文档', extensions: ['pdf'] }] }),
    );
  });
  it('writes nothing when the dialog is cancelled', async () => {
    const writeFile = vi.fn();
    await expect(
      savePdf({ request: { bytes: signed, suggestedName: 'r' }, defaultDir: dir, language: 'en', showSaveDialog: async () => ({ canceled: true }), writeFile }),
    ).resolves.toEqual({ saved: false });
    expect(writeFile).not.toHaveBeenCalled();
  });
  it('explains a failed write in both languages', async () => {
    const target = path.join(dir, 'no-such-folder', 'r.pdf');
    const error = await savePdf({
      request: { bytes: signed, suggestedName: 'r' },
      defaultDir: dir,
      language: 'en',
      showSaveDialog: async () => ({ canceled: false, filePath: target }),
      writeFile: (f, b) => fsp.writeFile(f, b),
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SaveError);
    expect((error as Error).message).toMatch(/无法保存到 .*ENOENT.*Could not save to .*ENOENT/);
  });
});
