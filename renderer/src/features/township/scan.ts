import dicomParser from 'dicom-parser';
import { displayText } from '../../../../shared/text/display.js';
import { readImageInfo, type ImageInfo } from './imageInfo.js';

/**
 * Reading what a chosen file is, from its header only: the first 256 KiB (more only when the
 * header is longer), parsed up to Pixel Data. Never throws: a file it cannot use comes back with
 * a reason for the person at the desk.
 */
export const HEADER_SLICE = 256 * 1024;
const LARGER_SLICE = 8 * 1024 * 1024;
/** Never read more than this whole to find a header (a damaged 500 MB file stays unread). */
const MAX_WHOLE = 64 * 1024 * 1024;
const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';
/** PS3.5 §9: digits and dots, at most 64 characters (the hub refuses anything else). */
const UID = /^[0-9.]{1,64}$/;
/** ISO 2022 escape sequences (ESC ( B, ESC $ ) A …) left in names coded with code extensions. */
const ISO2022_ESCAPE = new RegExp(`${String.fromCharCode(27)}[()$][A-Z0-9]*`, 'g');

export interface FileLike {
  name: string;
  size: number;
  /** Path inside the chosen folder (webkitRelativePath), else the name. */
  path: string;
  /** A Blob (File.slice): read with arrayBuffer() only for small ranges; sent as is by the uploader. */
  slice(start: number, end: number): Blob;
}

export interface DicomHeader {
  sopInstanceUid: string;
  sopClassUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientId: string;
  patientName: string;
  sex: string;
  birthDate: string;
  studyDate: string;
  modality: string;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: string;
  /** Where and how the pixels are stored (for the thumbnail); absent when the file has no image. */
  image?: ImageInfo;
}

export type UnreadableReason =
  | { code: 'empty' }
  | { code: 'notDicom' }
  | { code: 'noStudy' }
  | { code: 'noSop' }
  | { code: 'badUid'; detail: string }
  | { code: 'parse'; detail: string }
  | { code: 'read'; detail: string };

export type ScanResult =
  | { kind: 'dicom'; file: FileLike; header: DicomHeader }
  | { kind: 'dicomdir'; file: FileLike }
  | { kind: 'unreadable'; file: FileLike; reason: UnreadableReason };

/** TextDecoder label for (0008,0005) Specific Character Set; Latin-1 when absent (PS3.5 default). */
export function decoderLabel(charset: string): string {
  const terms = charset.toUpperCase().split('\\').map((s) => s.trim());
  if (terms.some((s) => s === 'ISO_IR 192')) return 'utf-8';
  if (terms.some((s) => s === 'GB18030' || s === 'ISO 2022 IR 58')) return 'gb18030';
  if (terms.some((s) => s === 'GBK')) return 'gbk';
  return 'latin1';
}

/** A Person Name for display: the ideographic group when present, else the alphabetic one. */
export function displayPersonName(pn: string): string {
  const groups = pn.split('=');
  const pick = groups[1]?.trim() ? groups[1] : groups[0];
  return displayText(pick).replace(/\^+/g, ' ').trim();
}

function readHeader(bytes: Uint8Array): DicomHeader | UnreadableReason {
  if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') return { code: 'notDicom' };
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const charset = ds.string('x00080005') ?? '';
  const decoder = new TextDecoder(decoderLabel(charset));
  const text = (tag: string): string => {
    const el = ds.elements[tag];
    if (!el || !el.length) return '';
    return decoder
      .decode(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length))
      .replace(ISO2022_ESCAPE, '')
      .replace(/[\0 ]+$/, '')
      .trim();
  };
  const uid = (tag: string) => (ds.string(tag) ?? '').replace(/\0/g, '').trim();
  const mediaClass = uid('x00020002');
  if (mediaClass === DICOMDIR_CLASS) return { code: 'notDicom' }; // filtered by the caller before this
  const header: DicomHeader = {
    sopInstanceUid: uid('x00080018') || uid('x00020003'),
    sopClassUid: uid('x00080016') || mediaClass,
    studyInstanceUid: uid('x0020000d'),
    seriesInstanceUid: uid('x0020000e'),
    patientId: text('x00100020'),
    patientName: displayPersonName(text('x00100010')),
    sex: text('x00100040'),
    birthDate: text('x00100030'),
    studyDate: text('x00080020'),
    modality: text('x00080060'),
    studyDescription: text('x00081030'),
    seriesDescription: text('x0008103e'),
    seriesNumber: text('x00200011'),
  };
  // Offsets are file offsets for native syntaxes only (deflate inflates first): the thumbnail reads pixels for those alone.
  const image = readImageInfo(ds, uid('x00020010'));
  if (image) header.image = image;
  if (!header.studyInstanceUid) return { code: 'noStudy' };
  if (!header.sopInstanceUid) return { code: 'noSop' };
  for (const uid of [header.studyInstanceUid, header.sopInstanceUid]) if (!UID.test(uid)) return { code: 'badUid', detail: uid.slice(0, 70) };
  return header;
}

function isDicomdir(file: FileLike, bytes: Uint8Array): boolean {
  if (file.name.toUpperCase() === 'DICOMDIR') return true;
  try {
    const meta = dicomParser.readPart10Header(bytes);
    return (meta.string('x00020002') ?? '').replace(/\0/g, '').trim() === DICOMDIR_CLASS;
  } catch {
    return false;
  }
}

/** dicom-parser throws strings, Errors, or objects carrying `exception` (with the partial data set). */
function message(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'object' && err !== null && 'exception' in err ? String((err as { exception: unknown }).exception) : String(err);
  // dicom-parser recurses per sequence level: thousands of levels exhaust the stack (the hub refuses them too).
  if (/Maximum call stack/i.test(raw)) return 'sequences nested too deeply to read';
  return raw.replace(/^dicomParser[.:]\s*/, '').slice(0, 160);
}

export async function scanFile(file: FileLike): Promise<ScanResult> {
  if (file.size === 0) return { kind: 'unreadable', file, reason: { code: 'empty' } };
  let limit = Math.min(file.size, HEADER_SLICE);
  for (;;) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.slice(0, limit).arrayBuffer());
    } catch (err) {
      return { kind: 'unreadable', file, reason: { code: 'read', detail: message(err) } };
    }
    if (isDicomdir(file, bytes)) return { kind: 'dicomdir', file };
    try {
      const header = readHeader(bytes);
      if ('code' in header) return { kind: 'unreadable', file, reason: header };
      return { kind: 'dicom', file, header };
    } catch (err) {
      // A header longer than the slice: read more (8 MiB, then the whole file up to 64 MiB) before giving up.
      const more = limit < LARGER_SLICE ? Math.min(file.size, LARGER_SLICE) : file.size <= MAX_WHOLE ? file.size : limit;
      if (more > limit) {
        limit = more;
        continue;
      }
      return { kind: 'unreadable', file, reason: { code: 'parse', detail: message(err) } };
    }
  }
}

/** Scans files a few at a time (old PCs, slow disks and CDs), reporting progress. */
export async function scanFiles(files: readonly FileLike[], onProgress: (done: number) => void, concurrency = 4): Promise<ScanResult[]> {
  const out: ScanResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      out[i] = await scanFile(files[i]);
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}
