import type { TeleReadBridge } from '../../../shared/api/bridge.js';

/**
 * `.dcm` files opened with the desktop app (file association) as `File` objects, ready for the
 * township upload's scanner (which judges whether each is DICOM). Returns an unsubscribe function;
 * in a plain browser there are none and nothing happens.
 */
export function subscribeOpenedFiles(
  platform: Pick<TeleReadBridge, 'onOpenFiles' | 'readOpenedFile'>,
  onFiles: (files: File[]) => void,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  if (!platform.onOpenFiles || !platform.readOpenedFile) return () => undefined;
  const read = platform.readOpenedFile;
  return platform.onOpenFiles((opened) => {
    Promise.all(opened.map(async (file) => new File([(await read(file.id)) as Uint8Array<ArrayBuffer>], file.name, { type: 'application/dicom' }))).then(onFiles, onError);
  });
}
