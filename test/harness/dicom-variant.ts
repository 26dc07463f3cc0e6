import fs from 'node:fs';
import dcmjsModule from 'dcmjs';
import { dataFile } from './testdata.js';

/**
 * Copies of a real Part-10 file with new UIDs and, optionally, new patient/study text: the hardening
 * suites need several distinct studies (own site, other site, unattributed; hostile names) made of
 * real pixel data. dcmjs reads and writes the file; everything not named here is kept as it was.
 */
interface DictElement {
  vr: string;
  Value?: unknown[];
}
interface Dcmjs {
  data: { DicomMessage: { readFile(buf: ArrayBuffer): { meta: Record<string, DictElement>; dict: Record<string, DictElement>; write(): ArrayBuffer } } };
  log: { setLevel(level: string): void };
}
const dcmjs = dcmjsModule as Dcmjs;
dcmjs.log.setLevel('error');

/** A small real radiograph (DX for presentation, 37 kB, explicit VR LE). */
export const SMALL_DX = 'radiograph/dx-for-presentation-small.dcm';

export interface VariantSpec {
  studyUid: string;
  seriesUid?: string;
  sopUid?: string;
  patientId?: string;
  /** Alphabetic component only (the whole PN value, `^` separates name parts). */
  patientName?: string;
  studyDescription?: string;
  accessionNumber?: string;
  institutionName?: string;
}

let counter = 0;
/** A fresh UID under the dcmtk-free test root (2.25 + decimal of a random-ish number). */
export function testUid(): string {
  return `2.25.${Date.now()}${process.pid}${(++counter).toString().padStart(4, '0')}`;
}

export function dicomVariant(spec: VariantSpec, source = SMALL_DX): Uint8Array {
  const bytes = fs.readFileSync(dataFile(source));
  const msg = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const seriesUid = spec.seriesUid ?? `${spec.studyUid}.1`;
  const sopUid = spec.sopUid ?? `${seriesUid}.1`;
  const set = (tag: string, vr: string, value: unknown) => {
    msg.dict[tag] = { vr, Value: [value] };
  };
  set('0020000D', 'UI', spec.studyUid);
  set('0020000E', 'UI', seriesUid);
  set('00080018', 'UI', sopUid);
  msg.meta['00020003'] = { vr: 'UI', Value: [sopUid] };
  if (spec.patientId !== undefined) set('00100020', 'LO', spec.patientId);
  if (spec.patientName !== undefined) set('00100010', 'PN', { Alphabetic: spec.patientName });
  if (spec.studyDescription !== undefined) set('00081030', 'LO', spec.studyDescription);
  if (spec.accessionNumber !== undefined) set('00080050', 'SH', spec.accessionNumber);
  if (spec.institutionName !== undefined) set('00080080', 'LO', spec.institutionName);
  // Non-ASCII text is written as UTF-8.
  msg.dict['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] };
  return new Uint8Array(msg.write());
}
