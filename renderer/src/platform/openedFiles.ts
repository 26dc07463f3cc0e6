import type { OpenedFile, TeleReadBridge } from '../../../shared/api/bridge.js';
import { resolvePlatform } from './bridge.js';

type OpenedFilesPlatform = Pick<TeleReadBridge, 'onOpenFiles' | 'readOpenedFile'>;

/** The bytes of files announced by the shell, as `File` objects for the upload scanner. */
function readAll(read: NonNullable<TeleReadBridge['readOpenedFile']>, opened: OpenedFile[]): Promise<File[]> {
  return Promise.all(opened.map(async (file) => new File([(await read(file.id)) as Uint8Array<ArrayBuffer>], file.name, { type: 'application/dicom' })));
}

/**
 * `.dcm` files opened with the desktop app (file association) as `File` objects, ready for the
 * township upload's scanner (which judges whether each is DICOM). Returns an unsubscribe function;
 * in a plain browser there are none and nothing happens.
 */
export function subscribeOpenedFiles(platform: OpenedFilesPlatform, onFiles: (files: File[]) => void, onError: (error: unknown) => void = () => undefined): () => void {
  if (!platform.onOpenFiles || !platform.readOpenedFile) return () => undefined;
  const read = platform.readOpenedFile;
  return platform.onOpenFiles((opened) => {
    readAll(read, opened).then(onFiles, onError);
  });
}

export interface OpenedFilesQueue {
  /**
   * The upload screen takes the files: those waiting at once, later ones as they come. One taker
   * at a time (the newest). Returns the function that stops taking.
   */
  take(onFiles: (files: File[]) => void, onError?: (error: unknown) => void): () => void;
  /**
   * Told how many files wait when files arrive and nobody takes them (another screen is shown),
   * and at once when some already wait. Returns an unsubscribe function.
   */
  onWaiting(listener: (count: number) => void): () => void;
  /** How many opened files wait for the upload screen. */
  waiting(): number;
}

/**
 * The renderer's one subscriber to the shell's opened files. The shell hands each list over once
 * (`takeOpenedFiles` empties main's list), so a second subscriber would race the first for them;
 * this queue keeps them (ids and names only, bytes read when taken) until the upload screen takes
 * them, and tells the app shell that files wait so it can switch there. Browser: nothing, ever.
 */
export function createOpenedFilesQueue(platform: OpenedFilesPlatform): OpenedFilesQueue {
  let pending: OpenedFile[] = [];
  let taker: { onFiles(files: File[]): void; onError(error: unknown): void } | null = null;
  const waitingListeners = new Set<(count: number) => void>();
  let started = false;
  const read = platform.readOpenedFile;

  const deliver = () => {
    if (!taker || !read || pending.length === 0) return;
    const batch = pending;
    pending = [];
    const { onFiles, onError } = taker;
    readAll(read, batch).then(onFiles, onError);
  };
  const start = () => {
    if (started || !platform.onOpenFiles || !read) return;
    started = true;
    // Kept for the page's lifetime: files opened while signed out wait here for the next user.
    platform.onOpenFiles((opened) => {
      pending = [...pending, ...opened];
      if (taker) deliver();
      else for (const listener of [...waitingListeners]) listener(pending.length);
    });
  };

  return {
    take(onFiles, onError = () => undefined) {
      const me = { onFiles, onError };
      taker = me;
      start();
      deliver();
      return () => {
        if (taker === me) taker = null;
      };
    },
    onWaiting(listener) {
      waitingListeners.add(listener);
      start();
      if (pending.length > 0 && !taker) listener(pending.length);
      return () => {
        waitingListeners.delete(listener);
      };
    },
    waiting: () => pending.length,
  };
}

let shared: OpenedFilesQueue | null = null;

/** The page's opened-files queue (desktop shell), inert in a browser. */
export function openedFilesQueue(): OpenedFilesQueue {
  shared ??= createOpenedFilesQueue(resolvePlatform());
  return shared;
}
