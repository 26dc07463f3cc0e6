import dcmjsModule from 'dcmjs';

/**
 * Writes naturalized datasets (keyword → value, as dcmjs names them) to Part-10 bytes in Explicit VR
 * Little Endian. dcmjs ships no type declarations: it is imported statically (so the Electron hub
 * bundle includes it) and narrowed here to the small part we use.
 */
export type DemoValue =
  | string
  | number
  | ArrayBuffer[]
  | Array<string | number>
  | Array<{ Alphabetic: string; Ideographic?: string }>
  | DemoDataset[];
export interface DemoDataset {
  [keyword: string]: DemoValue | Record<string, string> | undefined;
  /** VRs for attributes whose dictionary VR is ambiguous (PixelData, WaveformData: `OW`). */
  _vrMap?: Record<string, string>;
}

interface DcmjsDictInstance {
  dict: unknown;
  write(): ArrayBuffer;
}
interface Dcmjs {
  data: {
    DicomDict: new (meta: unknown) => DcmjsDictInstance;
    DicomMessage: { readFile(buf: ArrayBuffer): { meta: unknown; dict: unknown } };
    DicomMetaDictionary: { denaturalizeDataset(ds: object): unknown; naturalizeDataset(dict: unknown): Record<string, unknown> };
  };
  log: { setLevel(level: string): void };
}

const dcmjs = dcmjsModule as Dcmjs;
dcmjs.log.setLevel('error');

export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
/** Implementation Class UID of the demo generator: a fixed UUID-derived 2.25 UID (see uid.ts). */
export const IMPLEMENTATION_CLASS_UID = '2.25.284482674111406216363330462378693066599'; // demoUid('implementation-class')
export const IMPLEMENTATION_VERSION = 'TELEREAD_DEMO_1';

/** Encodes one dataset (which must hold SOPClassUID and SOPInstanceUID) as a Part-10 file. */
export function writePart10(dataset: DemoDataset): Uint8Array {
  const sopClass = dataset.SOPClassUID;
  const sopInstance = dataset.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string') throw new Error('writePart10: SOPClassUID and SOPInstanceUID are required');
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: EXPLICIT_VR_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** Reads Part-10 bytes back into a naturalized dataset with dcmjs (for checks and tests). */
export function readPart10(bytes: Uint8Array): Record<string, unknown> {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { dict } = dcmjs.data.DicomMessage.readFile(ab);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict);
}

/** A typed array's bytes as the single-ArrayBuffer value dcmjs expects for OB/OW. */
export function binary(view: ArrayBufferView): ArrayBuffer[] {
  return [view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer];
}

/** Decimal String: at most 16 characters, no exponent, trailing zeros trimmed. */
export function ds(value: number, digits = 4): string {
  let s = value.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  if (s.length > 16) throw new Error(`DS value too long: ${s}`);
  return s;
}
