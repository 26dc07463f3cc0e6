import { describe, expect, it, vi } from 'vitest';
import type { OpenedFile } from '../../../shared/api/bridge.js';
import { platformErrorText } from './errors.js';
import { createOpenedFilesQueue } from './openedFiles.js';

// The shell's bridge is a recorder (the preload needs Electron): onOpenFiles hands each list over
// once, as electron/preload does after main's takeOpenedFiles.
function shell() {
  let listener: ((files: OpenedFile[]) => void) | null = null;
  const bytes: Record<string, Uint8Array> = { a: new Uint8Array([1, 2]), b: new Uint8Array([3]) };
  const bridge = {
    onOpenFiles: vi.fn((l: (files: OpenedFile[]) => void) => {
      listener = l;
      return () => undefined;
    }),
    readOpenedFile: vi.fn(async (id: string) => {
      if (!bytes[id]) throw new Error(`gone: ${id}`);
      return bytes[id];
    }),
  };
  const open = (...ids: string[]) => listener!(ids.map((id) => ({ id, name: `${id.toUpperCase()}.dcm`, size: bytes[id]?.length ?? 1 })));
  return { bridge, open };
}

describe('opened files queue', () => {
  it('keeps files opened while no upload screen takes them, says so, and hands them over (bytes read then) when one does', async () => {
    const { bridge, open } = shell();
    const queue = createOpenedFilesQueue(bridge);
    const waiting: number[] = [];
    queue.onWaiting((n) => waiting.push(n));
    expect(bridge.onOpenFiles).toHaveBeenCalledTimes(1);
    open('a');
    open('b');
    expect(waiting).toEqual([1, 2]);
    expect(queue.waiting()).toBe(2);
    expect(bridge.readOpenedFile).not.toHaveBeenCalled();

    const received: File[][] = [];
    const stop = queue.take((files) => received.push(files));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0].map((f) => f.name)).toEqual(['A.dcm', 'B.dcm']);
    expect([...new Uint8Array(await received[0][0].arrayBuffer())]).toEqual([1, 2]);
    expect(queue.waiting()).toBe(0);

    // While the screen takes them, later files go straight there and nobody is told they wait.
    open('a');
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(waiting).toEqual([1, 2]);
    // Once it stops (another screen), files wait again; the shell subscribed once only.
    stop();
    open('b');
    expect(waiting).toEqual([1, 2, 1]);
    expect(bridge.onOpenFiles).toHaveBeenCalledTimes(1);
  });

  it('tells a late listener at once that files wait (files opened before sign-in)', () => {
    const { bridge, open } = shell();
    const queue = createOpenedFilesQueue(bridge);
    const early = vi.fn();
    queue.onWaiting(early)();
    open('a');
    const late = vi.fn();
    queue.onWaiting(late);
    expect(late).toHaveBeenCalledWith(1);
  });

  it('reports a file that cannot be read to the taker', async () => {
    const { bridge, open } = shell();
    const queue = createOpenedFilesQueue(bridge);
    const onError = vi.fn();
    queue.take(() => undefined, onError);
    open('missing');
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(String(onError.mock.calls[0][0])).toContain('gone: missing');
  });

  it('does nothing in a browser', () => {
    const queue = createOpenedFilesQueue({});
    const listener = vi.fn();
    queue.onWaiting(listener);
    queue.take(listener)();
    expect(listener).not.toHaveBeenCalled();
    expect(queue.waiting()).toBe(0);
  });
});

describe('platform error text', () => {
  const ipc = (m: string) => new Error(`Error invoking remote method 'pdf:save': SaveError: ${m}`);
  it('keeps the user’s language half of the shell’s "中文 / English" message, without the IPC prefix', () => {
    const err = ipc('无法保存到 D:\\报告.pdf（EACCES）。请换一个文件夹。 / Could not save to D:\\报告.pdf (EACCES). Choose another folder.');
    expect(platformErrorText(err, 'zh-CN')).toBe('无法保存到 D:\\报告.pdf（EACCES）。请换一个文件夹。');
    expect(platformErrorText(err, 'en')).toBe('Could not save to D:\\报告.pdf (EACCES). Choose another folder.');
  });
  it('returns a one-language message whole, and null for what is not an Error', () => {
    expect(platformErrorText(ipc('演示服务器无法启动'), 'en')).toBe('演示服务器无法启动');
    expect(platformErrorText('x', 'zh-CN')).toBeNull();
    expect(platformErrorText(new Error(''), 'zh-CN')).toBeNull();
  });
});
