import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../../shared/api/bridge.js';

/**
 * `.dcm` files opened with TeleRead (file association: double-click in Explorer/Finder, "Open
 * with", drag onto the dock icon). They arrive as command-line arguments (Windows, Linux; through
 * `second-instance` when the app already runs) or as macOS `open-file` events. Main checks each
 * path (absolute, `.dcm`, a regular file within the size cap) and hands the renderer an opaque id,
 * never the path; the renderer reads the bytes by id and its DICOM scanner judges the content.
 */
export const DICOM_EXTENSION = '.dcm';
/** One DICOM instance read whole over IPC: a large multi-frame CT/US object stays under 1 GiB. */
export const MAX_OPENED_FILE_BYTES = 1024 * 1024 * 1024;

/** Arguments that look like `.dcm` paths (flags and deep links are not). */
export function dicomPathsFromArgv(argv: readonly string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(DICOM_EXTENSION) && path.isAbsolute(arg));
}

export interface OpenedFilesOptions {
  stat?: (file: string) => Promise<{ isFile(): boolean; size: number }>;
  readFile?: (file: string) => Promise<Uint8Array>;
  newId?: () => string;
  log: (message: string) => void;
}

export class OpenedFileError extends Error {
  override name = 'OpenedFileError';
}

export function createOpenedFiles(options: OpenedFilesOptions) {
  const stat = options.stat ?? ((file: string) => fs.stat(file));
  const readFile = options.readFile ?? ((file: string) => fs.readFile(file));
  const newId = options.newId ?? randomUUID;
  const known = new Map<string, { path: string; name: string; size: number }>();
  let pending: OpenedFile[] = [];

  const check = async (file: string): Promise<{ name: string; size: number } | null> => {
    if (!path.isAbsolute(file) || !file.toLowerCase().endsWith(DICOM_EXTENSION) || file.includes('\0')) return null;
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > MAX_OPENED_FILE_BYTES) return null;
      return { name: path.basename(file), size: info.size };
    } catch {
      return null;
    }
  };

  return {
    /** Checks and queues the paths; returns how many were accepted. */
    async add(paths: readonly string[]): Promise<number> {
      let accepted = 0;
      for (const file of paths) {
        const checked = await check(file);
        if (!checked) {
          options.log(`opened file refused: ${path.basename(file)} (not a readable .dcm file within the size limit)`);
          continue;
        }
        const id = newId();
        known.set(id, { path: file, ...checked });
        pending.push({ id, ...checked });
        accepted += 1;
      }
      return accepted;
    },
    /** The files opened since the last take. */
    take(): OpenedFile[] {
      const files = pending;
      pending = [];
      return files;
    },
    async read(id: string): Promise<Uint8Array> {
      const entry = known.get(id);
      if (!entry) throw new OpenedFileError('文件已不可用，请重新打开。 / The file is no longer available; open it again.');
      // Checked again: the file may have changed since it was opened.
      const checked = await check(entry.path);
      if (!checked) throw new OpenedFileError(`无法读取 ${entry.name}：文件已被移动、删除或过大。 / Cannot read ${entry.name}: it was moved, deleted or is too large.`);
      return readFile(entry.path);
    },
  };
}

export type OpenedFiles = ReturnType<typeof createOpenedFiles>;
