import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import type { SaveOutcome } from '../../shared/api/bridge.js';
import { pdfFileName } from './print.js';

/**
 * "Save as PDF": exactly the signed bytes, written where the user chooses in the system save
 * dialog. Nothing is converted, so the saved file's SHA-256 is the one the hub recorded at signing.
 */
export class SaveError extends Error {
  override name = 'SaveError';
}

export interface SavePdfOptions {
  request: { bytes: Uint8Array; suggestedName: string };
  /** The user's Documents folder: where the dialog opens. */
  defaultDir: string;
  language: 'zh-CN' | 'en';
  showSaveDialog: (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;
  writeFile: (filePath: string, bytes: Uint8Array) => Promise<void>;
}

export async function savePdf(options: SavePdfOptions): Promise<SaveOutcome> {
  const zh = options.language === 'zh-CN';
  const result = await options.showSaveDialog({
    title: zh ? '保存报告 PDF' : 'Save report PDF',
    defaultPath: path.join(options.defaultDir, pdfFileName(options.request.suggestedName)),
    buttonLabel: zh ? '保存' : 'Save',
    filters: [{ name: zh ? 'PDF 文档' : 'PDF document', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (result.canceled || !result.filePath) return { saved: false };
  try {
    await options.writeFile(result.filePath, options.request.bytes);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new SaveError(
      `无法保存到 ${result.filePath}（${reason}）。请换一个文件夹，或检查磁盘空间和写入权限。 / Could not save to ${result.filePath} (${reason}). Choose another folder, or check disk space and write permission.`,
    );
  }
  return { saved: true, fileName: path.basename(result.filePath) };
}
