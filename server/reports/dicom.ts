import { createHash } from 'node:crypto';
import dcmjsModule from 'dcmjs';
import type { StudyContext } from './document.js';

/**
 * Part-10 writing for the hub's own objects (SR, KOS, Encapsulated PDF) with dcmjs: naturalized
 * datasets (keyword → value), Explicit VR Little Endian, UTF-8 text (ISO_IR 192). dcmjs ships no
 * types: the small part used here is described below.
 */
export type Item = { [keyword: string]: Value | undefined; _vrMap?: Record<string, string> };
export type Value = string | number | ArrayBuffer[] | Array<string | number> | Array<{ Alphabetic: string; Ideographic?: string }> | Item[] | Record<string, string>;

interface Dcmjs {
  data: {
    DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer };
    DicomMetaDictionary: { denaturalizeDataset(ds: object): Record<string, unknown>; naturalizeDataset(dict: unknown): Record<string, unknown> };
    DicomMessage: { readFile(buf: ArrayBuffer): { meta: unknown; dict: unknown } };
  };
  log: { setLevel(level: string): void };
}

// Imported statically so the Electron hub bundle includes it (see server/dicomweb/dicom/dcmjs-module.d.ts).
const dcmjs = dcmjsModule as Dcmjs;
dcmjs.log.setLevel('error');

export const IMPLEMENTATION_CLASS_UID = '2.25.120919361447206931526213916468425624470';
export const IMPLEMENTATION_VERSION = 'TELEREAD_HUB_1';
export const SOP = {
  enhancedSr: '1.2.840.10008.5.1.4.1.1.88.22',
  kos: '1.2.840.10008.5.1.4.1.1.88.59',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
} as const;

/** Study-level attributes copied verbatim (DICOM JSON from the index) so patient and study modules match the images. */
const COPIED_TAGS = ['00100010', '00100020', '00100021', '00100030', '00100040', '00080020', '00080030', '00080090', '00200010', '00080050', '00081030'];

export function writePart10(dataset: Item, study?: StudyContext): Uint8Array {
  const sopClass = dataset.SOPClassUID;
  const sopInstance = dataset.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string') throw new Error('writePart10: SOPClassUID and SOPInstanceUID are required');
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  const body = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  for (const tag of COPIED_TAGS) {
    const a = study?.attrs[tag];
    if (a && Array.isArray(a.Value) && a.Value.length) body[tag] = { vr: a.vr, Value: a.Value };
  }
  dict.dict = body;
  return new Uint8Array(dict.write());
}

export function readPart10(bytes: Uint8Array): Record<string, unknown> {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(ab).dict);
}

/** A stable UID derived from a name (e.g. one series per report and artefact kind). */
export function derivedUid(name: string): string {
  const h = createHash('sha256').update(`teleread:${name}`).digest().subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${h.toString('hex')}`).toString()}`;
}

/** China Standard Time pieces (the alliance's clock), with the offset written alongside. */
export function cst(d: Date): { date: string; time: string; dateTime: string } {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  const date = t.slice(0, 10).replace(/-/g, '');
  const time = t.slice(11, 19).replace(/:/g, '');
  return { date, time, dateTime: `${date}${time}+0800` };
}

export const code = (value: string, scheme: string, meaning: string): Item => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });

/** Patient, General Study and SOP Common basics shared by every object the hub writes. */
export function commonModules(study: StudyContext, sopClass: string, sopInstance: string, created: Date): Item {
  const c = cst(created);
  const pn = study.patientName || study.patientNameIdeographic ? [{ Alphabetic: study.patientName ?? '', ...(study.patientNameIdeographic ? { Ideographic: study.patientNameIdeographic } : {}) }] : '';
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: sopClass,
    SOPInstanceUID: sopInstance,
    InstanceCreationDate: c.date,
    InstanceCreationTime: c.time,
    TimezoneOffsetFromUTC: '+0800',
    PatientName: pn,
    PatientID: study.patientId ?? '',
    PatientBirthDate: study.patientBirthDate ?? '',
    PatientSex: study.patientSex ?? '',
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate ?? '',
    StudyTime: study.studyTime ?? '',
    ReferringPhysicianName: study.orderingClinician ? [{ Alphabetic: study.orderingClinician }] : '',
    StudyID: '',
    AccessionNumber: study.accessionNumber ?? '',
    Manufacturer: 'TeleRead',
    SoftwareVersions: IMPLEMENTATION_VERSION,
  };
}
