/**
 * Hostile DICOM generator (issue 13): Part-10 files written byte by byte, so that lengths, nesting
 * and sizes can lie on purpose. Explicit VR Little Endian unless said otherwise. Each generated
 * file has its own UIDs (under 1.2.826.0.1.3680043.10.1313) so a STOW of one never collides with
 * another.
 */

const LONG_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
export const HUGE_LENGTH = 0xfffffff0;

export interface Generated {
  name: string;
  bytes: Uint8Array;
  uids: { study: string; series: string; sop: string };
  /** What the file is meant to test: a well-formed file (to be stored whole) or a lying one. */
  wellFormed: boolean;
}

let counter = 0;
const uidRoot = `1.2.826.0.1.3680043.10.1313.${process.pid}.${Date.now() % 1e9}`;
export function newUids() {
  const n = ++counter;
  return { study: `${uidRoot}.${n}.1`, series: `${uidRoot}.${n}.2`, sop: `${uidRoot}.${n}.3` };
}

function pad(value: Buffer, vr: string): Buffer {
  if (value.length % 2 === 0) return value;
  const fill = vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20;
  return Buffer.concat([value, Buffer.from([fill])]);
}

function tagBytes(tag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
}

/** One explicit-VR element header; `length` overrides the value's length (a lie, or undefined). */
export function header(tag: number, vr: string, length: number): Buffer {
  if (LONG_VR.has(vr)) {
    const b = Buffer.alloc(12);
    tagBytes(tag).copy(b, 0);
    b.write(vr, 4, 'latin1');
    b.writeUInt32LE(length >>> 0, 8);
    return b;
  }
  const b = Buffer.alloc(8);
  tagBytes(tag).copy(b, 0);
  b.write(vr, 4, 'latin1');
  b.writeUInt16LE(length, 6);
  return b;
}

export type Value = string | number | Buffer;
export interface El {
  tag: number;
  vr: string;
  value: Value;
  /** Declared length instead of the real one (the value bytes still follow, as a liar would write). */
  declaredLength?: number;
}

function valueBytes(vr: string, value: Value): Buffer {
  if (Buffer.isBuffer(value)) return pad(value, vr);
  if (typeof value === 'number') {
    const b = Buffer.alloc(vr === 'UL' ? 4 : 2);
    if (vr === 'UL') b.writeUInt32LE(value);
    else b.writeUInt16LE(value);
    return b;
  }
  return pad(Buffer.from(value, 'utf8'), vr);
}

export function element(e: El): Buffer {
  const v = valueBytes(e.vr, e.value);
  return Buffer.concat([header(e.tag, e.vr, e.declaredLength ?? v.length), v]);
}

/** Implicit VR Little Endian element (every length is 4 bytes). */
function implicitElement(e: El): Buffer {
  const v = valueBytes(e.vr, e.value);
  const len = Buffer.alloc(4);
  len.writeUInt32LE((e.declaredLength ?? v.length) >>> 0);
  return Buffer.concat([tagBytes(e.tag), len, v]);
}

export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

function meta(sop: string, ts: string): Buffer {
  const body = Buffer.concat([
    element({ tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) }),
    element({ tag: 0x00020002, vr: 'UI', value: SECONDARY_CAPTURE }),
    element({ tag: 0x00020003, vr: 'UI', value: sop }),
    element({ tag: 0x00020010, vr: 'UI', value: ts }),
    element({ tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.1313.1' }),
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element({ tag: 0x00020000, vr: 'UL', value: body.length }), body]);
}

export interface BaseText {
  patientName?: string;
  studyDescription?: string;
  institutionName?: string;
}

function baseElements(u: { study: string; series: string; sop: string }, text: BaseText = {}): El[] {
  return [
    { tag: 0x00080016, vr: 'UI', value: SECONDARY_CAPTURE },
    { tag: 0x00080018, vr: 'UI', value: u.sop },
    { tag: 0x00080020, vr: 'DA', value: '20261123' },
    { tag: 0x00080050, vr: 'SH', value: `H${counter}` },
    { tag: 0x00080060, vr: 'CS', value: 'OT' },
    { tag: 0x00080080, vr: 'LO', value: text.institutionName ?? 'Hostile Generator' },
    { tag: 0x00081030, vr: 'LO', value: text.studyDescription ?? 'generated' },
    { tag: 0x00100010, vr: 'PN', value: text.patientName ?? 'HOSTILE^GENERATED' },
    { tag: 0x00100020, vr: 'LO', value: `HG${counter}` },
    { tag: 0x0020000d, vr: 'UI', value: u.study },
    { tag: 0x0020000e, vr: 'UI', value: u.series },
    { tag: 0x00200013, vr: 'IS', value: '1' },
  ];
}

function imageElements(rows: number, cols: number): El[] {
  return [
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: rows },
    { tag: 0x00280011, vr: 'US', value: cols },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 16 },
    { tag: 0x00280102, vr: 'US', value: 15 },
    { tag: 0x00280103, vr: 'US', value: 0 },
  ];
}

/** Writes a file from elements (sorted by tag here; `raw` bytes go after them, as the last element). */
export function build(u: { study: string; series: string; sop: string }, els: El[], raw: Buffer[] = [], ts = TS_EXPLICIT_LE): Uint8Array {
  const write = ts === TS_IMPLICIT_LE ? implicitElement : element;
  const body = [...els].sort((a, b) => a.tag - b.tag).map(write);
  return new Uint8Array(Buffer.concat([meta(u.sop, ts), ...body, ...raw]));
}

/** A small well-formed 16×16 secondary capture, with the text fields given. */
export function plainImage(text: BaseText = {}, name = 'plain'): Generated {
  const u = newUids();
  const pixels = Buffer.alloc(16 * 16 * 2, 7);
  return { name, uids: u, wellFormed: true, bytes: build(u, [...baseElements(u, text), ...imageElements(16, 16), { tag: 0x7fe00010, vr: 'OW', value: pixels }]) };
}

/**
 * Content Sequence (0040,A730) nested `levels` deep, a Text Value at the bottom; defined lengths
 * (every SQ and item states its byte count) or undefined lengths (delimiters). Written without
 * recursion: headers outside-in, then the leaf, then (undefined) the delimiters.
 */
export function nestedSequences(levels: number, lengths: 'defined' | 'undefined'): Generated {
  const u = newUids();
  const leaf = element({ tag: 0x0040a160, vr: 'UT', value: 'leaf' });
  const parts: Buffer[] = [];
  const item = (len: number) => {
    const b = Buffer.alloc(8);
    b.writeUInt16LE(0xfffe, 0);
    b.writeUInt16LE(0xe000, 2);
    b.writeUInt32LE(len >>> 0, 4);
    return b;
  };
  if (lengths === 'defined') {
    // Content length of each item, from the innermost out: item k holds one SQ (12-byte header + 8-byte item header + item k+1).
    const itemLen: number[] = new Array(levels);
    itemLen[levels - 1] = leaf.length;
    for (let k = levels - 2; k >= 0; k--) itemLen[k] = 12 + 8 + itemLen[k + 1];
    for (let k = 0; k < levels; k++) parts.push(header(0x0040a730, 'SQ', 8 + itemLen[k]), item(itemLen[k]));
    parts.push(leaf);
  } else {
    for (let k = 0; k < levels; k++) parts.push(header(0x0040a730, 'SQ', UNDEFINED), item(UNDEFINED));
    parts.push(leaf);
    const close = Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    for (let k = 0; k < levels; k++) parts.push(close);
  }
  // The sequence is the dataset's last element (0040,A730 sorts after the base elements).
  return { name: `nested-${levels}-${lengths}`, uids: u, wellFormed: levels <= 200, bytes: build(u, baseElements(u), [Buffer.concat(parts)]) };
}

/** 65535×65535×16 bits declared (8 GiB of pixels) with no Pixel Data, or with `pixelBytes` of it. */
export function hugeImage(pixelBytes: number | null): Generated {
  const u = newUids();
  const els = [...baseElements(u), ...imageElements(65535, 65535)];
  if (pixelBytes !== null) els.push({ tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(pixelBytes, 1) });
  return { name: pixelBytes === null ? 'huge-65535-no-pixels' : `huge-65535-${pixelBytes}-bytes`, uids: u, wellFormed: pixelBytes === null, bytes: build(u, els) };
}

/** An element declaring 0xFFFFFFF0 bytes where only a few follow. */
export function hugeDeclaredLength(where: 'UT text' | 'OB document' | 'OW pixels' | 'implicit PN'): Generated {
  const u = newUids();
  const base = baseElements(u);
  const short = Buffer.from('only a few bytes follow');
  let bytes: Uint8Array;
  if (where === 'UT text') bytes = build(u, [...base, { tag: 0x0040a160, vr: 'UT', value: Buffer.concat([short, Buffer.from('!')]), declaredLength: HUGE_LENGTH }]);
  else if (where === 'OB document') bytes = build(u, [...base, { tag: 0x00420011, vr: 'OB', value: Buffer.alloc(64, 0x25), declaredLength: HUGE_LENGTH }]);
  else if (where === 'OW pixels') bytes = build(u, [...base, ...imageElements(16, 16), { tag: 0x7fe00010, vr: 'OW', value: Buffer.alloc(64), declaredLength: HUGE_LENGTH }]);
  else bytes = build(u, base.map((e) => (e.tag === 0x00100010 ? { ...e, declaredLength: HUGE_LENGTH } : e)), [], TS_IMPLICIT_LE);
  return { name: `hugelen-${where.replace(' ', '-')}`, uids: u, wellFormed: false, bytes };
}

/** Markup and script in every text field a screen or the PDF shows. */
export const HOSTILE_TEXT: Required<BaseText> = {
  // No '=' in a PN: it separates the alphabetic, ideographic and phonetic groups.
  patientName: '<script>alert(1)</script>^<b>HOSTILE</b>',
  studyDescription: '<img src=x onerror="alert(document.cookie)">',
  institutionName: '"><svg onload=alert(3)><!--',
};

export function scriptText(): Generated {
  return { ...plainImage(HOSTILE_TEXT, 'script-text') };
}

/** Deterministic random number source (LCG), seeded. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `count` truncations of `g` at seeded random points (never the whole file). */
export function truncations(g: Generated, count: number, seed: number): Generated[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const cut = 1 + Math.floor(r() * (g.bytes.length - 2));
    return { name: `${g.name}-truncated@${cut}`, uids: g.uids, wellFormed: false, bytes: g.bytes.slice(0, cut) };
  });
}

/** The whole generated set: structural cases first, then truncations of the structural ones. */
export function hostileSet(truncationsPerFile = 12): Generated[] {
  const structural = [
    scriptText(),
    nestedSequences(200, 'defined'),
    nestedSequences(200, 'undefined'),
    nestedSequences(10_000, 'defined'),
    nestedSequences(10_000, 'undefined'),
    hugeImage(null),
    hugeImage(1024),
    hugeDeclaredLength('UT text'),
    hugeDeclaredLength('OB document'),
    hugeDeclaredLength('OW pixels'),
    hugeDeclaredLength('implicit PN'),
  ];
  const cut = [structural[0], structural[1], structural[2], structural[4], structural[5]].flatMap((g, i) => truncations(g, truncationsPerFile, 7000 + i));
  return [...structural, ...cut];
}
