import { z } from 'zod';
import { LOCALES } from '../i18n/locale.js';
import { MAX_PDF_BYTES } from './bridge.js';
import { IPC_CHANNELS, type IpcChannel } from './ipcChannels.js';

/**
 * IPC between the preload bridge and the Electron main process: the channel allow-list (in
 * ipcChannels.ts, zod-free so the sandboxed preload stays small) and the argument schemas main
 * validates every call with (Electron security checklist #17).
 */
export { IPC_CHANNELS, IPC_EVENTS, type IpcChannel, type IpcMethod } from './ipcChannels.js';

/** An `http:` or `https:` URL without embedded credentials: what a hub address may be. */
export const HubUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

/** The hub choice saved in settings: a URL, or `demo` for the embedded demo hub. */
export const HubChoice = z.union([z.literal('demo'), HubUrl]);

export const Language = z.enum(LOCALES);

/** Pixels per millimetre; a real screen is between about 2 (large TV) and 40 (phone). */
export const EcgPxPerMm = z.number().finite().min(1).max(60);

/** DICOM UID: digits and dots, at most 64 characters (PS3.5 §9.1). */
export const DicomUid = z.string().max(64).regex(/^[0-9]+(\.[0-9]+)*$/);

/** `%PDF-`: the header every PDF starts with (ISO 32000-1 §7.5.2). */
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** The bytes of a signed report PDF: a Uint8Array (Electron IPC keeps typed arrays), capped, starting `%PDF-`. */
export const PdfBytes = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength >= PDF_MAGIC.length && bytes.byteLength <= MAX_PDF_BYTES, `must be 5 bytes to ${MAX_PDF_BYTES} bytes`)
  .refine((bytes) => PDF_MAGIC.every((byte, i) => bytes[i] === byte), 'must start with %PDF-');

/** A printer name as the OS reports it (CUPS queue, Windows printer name). */
export const PrinterName = z.string().min(1).max(256);

export const PdfPrintJob = z.strictObject({
  bytes: PdfBytes,
  title: z.string().min(1).max(200),
  silent: z.boolean().optional(),
  printer: PrinterName.optional(),
});

export const PdfSaveRequest = z.strictObject({ bytes: PdfBytes, suggestedName: z.string().min(1).max(200) });

export const PrintSetupChoice = z.strictObject({ silent: z.boolean(), printer: PrinterName.nullable() });

const Count = z.number().int().min(0).max(99_999);
export const AttentionCounts = z.strictObject({ alerts: Count, reports: Count });

/** Handle of a file opened with the app: a random UUID minted by main, never a path. */
export const OpenedFileId = z.uuid();

/** Argument tuples, one per channel. Anything that does not parse is refused before a handler runs. */
export const IPC_ARGS = {
  [IPC_CHANNELS.getSettings]: z.tuple([]),
  [IPC_CHANNELS.printPdf]: z.tuple([PdfPrintJob]),
  [IPC_CHANNELS.savePdf]: z.tuple([PdfSaveRequest]),
  [IPC_CHANNELS.getPrintSetup]: z.tuple([]),
  [IPC_CHANNELS.setPrintSetup]: z.tuple([PrintSetupChoice]),
  [IPC_CHANNELS.notify]: z.tuple([z.string().min(1).max(200), z.string().max(2000)]),
  [IPC_CHANNELS.storeRefreshToken]: z.tuple([z.string().min(1).max(4096).nullable()]),
  [IPC_CHANNELS.loadRefreshToken]: z.tuple([]),
  [IPC_CHANNELS.getAppInfo]: z.tuple([]),
  [IPC_CHANNELS.setHub]: z.tuple([HubChoice]),
  [IPC_CHANNELS.setLanguage]: z.tuple([Language]),
  [IPC_CHANNELS.getEcgCalibration]: z.tuple([]),
  [IPC_CHANNELS.setEcgCalibration]: z.tuple([EcgPxPerMm.nullable()]),
  [IPC_CHANNELS.setAttention]: z.tuple([AttentionCounts]),
  [IPC_CHANNELS.takePendingStudy]: z.tuple([]),
  [IPC_CHANNELS.takeOpenedFiles]: z.tuple([]),
  [IPC_CHANNELS.readOpenedFile]: z.tuple([OpenedFileId]),
} as const satisfies Record<IpcChannel, z.ZodTuple>;

export type IpcArgs<C extends IpcChannel> = z.infer<(typeof IPC_ARGS)[C]>;
