import dcmjsModule from 'dcmjs';

/**
 * The DICOM JSON model (PS3.18 F.2): tag-keyed objects with a VR and a Value, an InlineBinary or a
 * BulkDataURI. dcmjs reads Part-10 files straight into this shape (decoding text with the
 * SpecificCharacterSet: ISO_IR 192, GB18030, GBK, ISO_IR 100 …); we copy it, dropping dcmjs's
 * internal fields and replacing large binary values with BulkDataURIs.
 */
export type DicomJsonValue = string | number | { Alphabetic?: string; Ideographic?: string; Phonetic?: string } | DicomJson;
export interface DicomJsonElement {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = Record<string, DicomJsonElement>;

interface DcmjsElement {
  vr: string;
  Value?: unknown[];
}
type DcmjsDict = Record<string, DcmjsElement>;
interface Dcmjs {
  data: {
    DicomMessage: { readFile(buf: ArrayBuffer, opts?: { ignoreErrors?: boolean; noCopy?: boolean }): { meta: DcmjsDict; dict: DcmjsDict } };
    DicomMetaDictionary: { nameMap: Record<string, { tag: string; vr: string } | undefined> };
  };
  log: { setLevel(level: string): void; getLogger(name: string): { setLevel(level: string): void } };
}

// dcmjs ships no type declarations (see dcmjs-module.d.ts): describe the small part we use.
const dcmjs = dcmjsModule as Dcmjs;
dcmjs.log.setLevel('error');
// Oddities such as an unresolved implicit VR are expected at ingest; the parser's own checks decide.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);
/** Binary values larger than this become BulkDataURIs; smaller ones are inlined as base64. */
export const INLINE_BINARY_MAX = 1024;
/** Placeholder for the DICOMweb root in stored BulkDataURIs; replaced by the request's root when served. */
export const ROOT_MARKER = '@DICOMWEB_ROOT@';

/** Keyword (e.g. `PatientName`) or 8-hex tag to an upper-case 8-hex tag; undefined when unknown. */
export function toTag(key: string): string | undefined {
  if (/^[0-9a-fA-F]{8}$/.test(key)) return key.toUpperCase();
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[key];
  return entry ? entry.tag.replace(/[(),]/g, '').toUpperCase() : undefined;
}

export interface DcmjsRead {
  meta: DcmjsDict;
  dict: DcmjsDict;
}

/** Reads a Part-10 file with dcmjs. Multi-valued character sets (ISO 2022 code extensions) are decoded with the first one. */
export function readWithDcmjs(bytes: Uint8Array): DcmjsRead {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return dcmjs.data.DicomMessage.readFile(ab);
  } catch (err) {
    if (/character set/i.test(String(err))) return dcmjs.data.DicomMessage.readFile(ab, { ignoreErrors: true });
    throw err;
  }
}

function byteLength(values: unknown[]): number {
  let n = 0;
  for (const v of values) if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

function concat(values: unknown[]): Buffer {
  return Buffer.concat(
    values.filter((v): v is ArrayBuffer | ArrayBufferView => v instanceof ArrayBuffer || ArrayBuffer.isView(v)).map((v) =>
      v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength),
    ),
  );
}

/**
 * Converts a dcmjs dictionary to DICOM JSON. `onBulk(path)` is called for every binary value moved
 * out of line; `path` is the tag path (`54000100/0/54001010`, item indexes 0-based) and the result
 * is the BulkDataURI to put in its place.
 */
export function toDicomJson(dict: DcmjsDict, onBulk: (path: string) => string, prefix = ''): DicomJson {
  const out: DicomJson = {};
  for (const tag of Object.keys(dict).sort()) {
    const el = dict[tag];
    if (!el || typeof el !== 'object' || typeof el.vr !== 'string') continue;
    const T = tag.toUpperCase();
    const vr = el.vr;
    const values = Array.isArray(el.Value) ? el.Value : [];
    const path = prefix ? `${prefix}/${T}` : T;
    if (vr === 'SQ') {
      const items = values.filter((v): v is DcmjsDict => !!v && typeof v === 'object').map((item, i) => toDicomJson(item, onBulk, `${path}/${i}`));
      out[T] = items.length ? { vr, Value: items } : { vr };
    } else if (BINARY_VRS.has(vr)) {
      if (T === '7FE00010' || byteLength(values) > INLINE_BINARY_MAX) out[T] = { vr, BulkDataURI: onBulk(path) };
      else if (byteLength(values) > 0) out[T] = { vr, InlineBinary: concat(values).toString('base64') };
      else out[T] = { vr };
    } else {
      const kept = values.filter((v) => v !== null && v !== undefined && v !== '') as DicomJsonValue[];
      out[T] = kept.length ? { vr, Value: kept.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) } : { vr };
    }
  }
  return out;
}

/** First value of a text attribute. */
export function jsonString(json: DicomJson, tag: string): string | null {
  const v = json[tag]?.Value?.[0];
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return null;
  return String(v).trim() || null;
}

export function jsonNumber(json: DicomJson, tag: string): number | null {
  const v = json[tag]?.Value?.[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function jsonPersonName(json: DicomJson, tag: string): { alphabetic: string | null; ideographic: string | null } {
  const v = json[tag]?.Value?.[0];
  if (!v || typeof v !== 'object') return { alphabetic: null, ideographic: null };
  const pn = v as { Alphabetic?: string; Ideographic?: string };
  return { alphabetic: pn.Alphabetic?.trim() || null, ideographic: pn.Ideographic?.trim() || null };
}

/** Picks the listed tags that are present. */
export function pick(json: DicomJson, tags: readonly string[]): DicomJson {
  const out: DicomJson = {};
  for (const t of tags) if (json[t]) out[t] = json[t];
  return out;
}
