import zlib from 'node:zlib';
import * as dicomParserNs from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { FAILURE, NATIVE_SYNTAXES, TAG, TS } from './codes.js';
import { jsonNumber, jsonString, readWithDcmjs, ROOT_MARKER, toDicomJson, type DicomJson } from './json.js';

const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/** A byte range in the stored file (or, for deflated files, in the inflated data set). */
export type Range = [offset: number, length: number];

/** Where each frame's bytes are: one range for native pixel data, fragments for encapsulated. */
export type FrameIndex =
  | { kind: 'native'; inflateAt: number | null; offset: number; frameLength: number; count: number; swap16: boolean }
  | { kind: 'encapsulated'; frames: Range[][] };

export interface ParsedInstance {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number | null;
  frames: FrameIndex | null;
  /** Tag path (as in the BulkDataURI) → byte range; `inflateAt` (deflated files) says the ranges are in the data set inflated from that offset. */
  bulk: { inflateAt: number | null; ranges: Record<string, Range> };
  /** DICOM JSON with BulkDataURIs of the form `${ROOT_MARKER}/studies/…/bulkdata/<path>`. */
  metadata: DicomJson;
}

/** Why an instance is refused, with its STOW-RS FailureReason. */
export class DicomRejection extends Error {
  constructor(
    readonly failureReason: number,
    message: string,
  ) {
    super(message);
    this.name = 'DicomRejection';
  }
}

const reject = (msg: string, code: number = FAILURE.cannotUnderstand) => new DicomRejection(code, msg);
const UID_RE = /^[0-9]+(\.[0-9]+)*$/;
/** Deeper sequence nesting than this is refused (hostile files overflow parsers; DOMAIN.md §6.3). */
const MAX_SQ_DEPTH = 16;

function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = zlib.inflateRawSync(Buffer.from(bytes.buffer, bytes.byteOffset + position, bytes.byteLength - position));
  const full = Buffer.alloc(position + inflated.length);
  Buffer.from(bytes.buffer, bytes.byteOffset, position).copy(full, 0);
  inflated.copy(full, position);
  return full;
}

/** The data set as dicom-parser sees it (the inflated copy for deflated files): frame ranges of deflated files refer to it. */
export function parseWithDicomParser(bytes: Uint8Array): { ds: DataSet; inflateAt: number | null } {
  if (bytes.byteLength < 132 || Buffer.from(bytes.buffer, bytes.byteOffset + 128, 4).toString('latin1') !== 'DICM') {
    throw reject('not a DICOM Part-10 file (no "DICM" prefix at byte 128)');
  }
  let inflateAt: number | null = null;
  const inflate = (arr: Uint8Array, position: number) => {
    inflateAt = position;
    return inflater(arr, position);
  };
  try {
    const ds = dicomParser.parseDicom(bytes, { inflater: inflate as unknown as (arr: Uint8Array, position: number) => void });
    return { ds, inflateAt };
  } catch (err) {
    // dicom-parser throws strings, Errors, or { exception, dataSet } objects.
    const inner = err && typeof err === 'object' && 'exception' in err ? (err as { exception: unknown }).exception : err;
    // dicom-parser recurses per sequence level: thousands of levels exhaust the stack first.
    if (inner instanceof RangeError && /call stack/i.test(inner.message)) throw reject(`sequences nested deeper than ${MAX_SQ_DEPTH} levels (too deep to read)`);
    const msg = inner instanceof Error ? inner.message : String(inner);
    throw reject(`unreadable DICOM: ${msg.replace(/^dicomParser[.:]\s*/, '').slice(0, 200)}`);
  }
}

function checkElements(ds: DataSet, end: number, depth: number) {
  if (depth > MAX_SQ_DEPTH) throw reject(`sequences nested deeper than ${MAX_SQ_DEPTH} levels`);
  for (const el of Object.values(ds.elements)) {
    if (el.length >= 0 && !el.hadUndefinedLength && el.dataOffset + el.length > end) {
      throw reject(`truncated: element (${el.tag.slice(1, 5)},${el.tag.slice(5)}) ends beyond the end of the file`);
    }
    for (const item of el.items ?? []) if (item.dataSet) checkElements(item.dataSet, end, depth + 1);
  }
}

function startsFrame(bytes: Uint8Array, pos: number): boolean {
  // JPEG / JPEG-LS start of image (FFD8) or JPEG 2000 / HTJ2K start of codestream (FF4F).
  return bytes[pos] === 0xff && (bytes[pos + 1] === 0xd8 || bytes[pos + 1] === 0x4f);
}

function encapsulatedFrames(ds: DataSet, el: Element, count: number): Range[][] {
  const fragments = el.fragments ?? [];
  if (!fragments.length) throw reject('encapsulated Pixel Data holds no fragments');
  for (const f of fragments) if (f.position + f.length > ds.byteArray.length) throw reject('truncated: a pixel data fragment ends beyond the end of the file');
  const bot = el.basicOffsetTable ?? [];
  const frames: Range[][] = [];
  if (bot.length) {
    if (bot.length !== count) throw reject(`the basic offset table lists ${bot.length} frames, NumberOfFrames is ${count}`);
    for (let i = 0; i < bot.length; i++) {
      const lo = bot[i];
      const hi = i + 1 < bot.length ? bot[i + 1] : Infinity;
      const parts = fragments.filter((f) => f.offset >= lo && f.offset < hi).map((f): Range => [f.position, f.length]);
      if (!parts.length) throw reject(`the basic offset table points frame ${i + 1} at no fragment`);
      frames.push(parts);
    }
  } else if (fragments.length === count) {
    for (const f of fragments) frames.push([[f.position, f.length]]);
  } else if (count === 1) {
    frames.push(fragments.map((f): Range => [f.position, f.length]));
  } else {
    for (const f of fragments) {
      if (startsFrame(ds.byteArray, f.position) || !frames.length) frames.push([]);
      frames[frames.length - 1].push([f.position, f.length]);
    }
    if (frames.length !== count) throw reject(`cannot find the ${count} frames in the ${fragments.length} pixel data fragments (no offset table)`);
  }
  return frames;
}

function frameIndex(ds: DataSet, inflateAt: number | null, ts: string, rows: number | null, cols: number | null, count: number): FrameIndex | null {
  const el = ds.elements.x7fe00010;
  if (!el) return null;
  if (!rows || !cols || rows < 1 || cols < 1) throw reject('Pixel Data present but Rows/Columns missing or invalid');
  if (!NATIVE_SYNTAXES.has(ts)) {
    if (!el.encapsulatedPixelData) throw reject(`transfer syntax ${ts} requires encapsulated Pixel Data`);
    return { kind: 'encapsulated', frames: encapsulatedFrames(ds, el, count) };
  }
  if (el.encapsulatedPixelData) throw reject('native transfer syntax with encapsulated Pixel Data');
  const bits = ds.uint16('x00280100') ?? 0;
  const spp = ds.uint16('x00280002') ?? 1;
  if (![1, 8, 16, 32, 64].includes(bits)) throw reject(`unsupported BitsAllocated ${bits}`);
  const frameLength = Math.ceil((rows * cols * spp * bits) / 8);
  if (el.length < frameLength * count) {
    throw reject(`Pixel Data holds ${el.length} bytes, but ${count} frame(s) of ${rows}×${cols}×${spp}×${bits} bits need ${frameLength * count}`);
  }
  return { kind: 'native', inflateAt, offset: el.dataOffset, frameLength, count, swap16: ts === TS.explicitBE && bits === 16 };
}

function findElement(ds: DataSet, path: string): Element | undefined {
  const parts = path.split('/');
  let cur: DataSet | undefined = ds;
  for (let i = 0; cur && i < parts.length; i += 2) {
    const el: Element | undefined = cur.elements[`x${parts[i].toLowerCase()}`];
    if (i + 1 >= parts.length) return el;
    cur = el?.items?.[Number(parts[i + 1])]?.dataSet;
  }
  return undefined;
}

const str = (ds: DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim() || undefined;

/**
 * Validates one Part-10 file and prepares everything the store serves later: identifiers, frame
 * byte ranges, bulk-data ranges and the DICOM JSON metadata. Throws DicomRejection with the
 * FailureReason for a STOW reply.
 */
export function parseInstance(bytes: Uint8Array): ParsedInstance {
  const { ds, inflateAt } = parseWithDicomParser(bytes);
  const end = ds.byteArray.length;
  try {
    checkElements(ds, end, 0);
  } catch (err) {
    if (err instanceof DicomRejection) throw err;
    throw reject('sequences nested too deeply');
  }
  const ts = str(ds, 'x00020010');
  if (!ts) throw reject('the file meta information has no Transfer Syntax UID');
  const studyUid = str(ds, 'x0020000d');
  const seriesUid = str(ds, 'x0020000e');
  const sopUid = str(ds, 'x00080018');
  const sopClassUid = str(ds, 'x00080016') ?? str(ds, 'x00020002');
  for (const [name, uid] of Object.entries({ StudyInstanceUID: studyUid, SeriesInstanceUID: seriesUid, SOPInstanceUID: sopUid, SOPClassUID: sopClassUid })) {
    if (!uid || uid.length > 64 || !UID_RE.test(uid)) throw reject(`${name} is missing or not a valid UID`);
  }
  const rows = ds.uint16('x00280010') ?? null;
  const columns = ds.uint16('x00280011') ?? null;
  const nf = Number(ds.intString('x00280008') ?? 1);
  const count = Number.isInteger(nf) && nf > 0 ? nf : 1;
  const frames = frameIndex(ds, inflateAt, ts, rows, columns, count);

  let read;
  try {
    read = readWithDcmjs(bytes);
  } catch (err) {
    throw reject(`unreadable DICOM: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}`);
  }
  const base = `${ROOT_MARKER}/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}/bulkdata`;
  const ranges: Record<string, Range> = {};
  const metadata = toDicomJson(read.dict, (path) => {
    const el = findElement(ds, path);
    if (el && path !== TAG.PixelData && !el.encapsulatedPixelData) ranges[path] = [el.dataOffset, el.length];
    return `${base}/${path}`;
  });
  metadata[TAG.TransferSyntaxUID] = { vr: 'UI', Value: [ts] };
  return {
    studyUid: studyUid!,
    seriesUid: seriesUid!,
    sopUid: sopUid!,
    sopClassUid: sopClassUid!,
    transferSyntaxUid: ts,
    instanceNumber: jsonNumber(metadata, TAG.InstanceNumber),
    rows,
    columns,
    numberOfFrames: frames ? count : jsonString(metadata, TAG.NumberOfFrames) ? count : null,
    frames,
    bulk: { inflateAt, ranges },
    metadata,
  };
}
