/**
 * Minimal typed access to the DICOM JSON model (PS3.18 F.2): tag-keyed objects whose attributes
 * carry `vr` and one of `Value`, `InlineBinary` or `BulkDataURI`.
 */
export type DicomJsonValue = string | number | DicomJsonDataset | { Alphabetic?: string } | null;

export interface DicomJsonAttribute {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type DicomJsonDataset = Record<string, DicomJsonAttribute>;

/** Tags this module reads (8 upper-case hex digits, as DICOM JSON keys them). */
export const TAG = {
  SOPClassUID: '00080016',
  Modality: '00080060',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  LongCodeValue: '00080119',
  URNCodeValue: '00080120',
  MultiplexGroupTimeOffset: '00181068',
  WaveformOriginality: '003A0004',
  NumberOfWaveformChannels: '003A0005',
  NumberOfWaveformSamples: '003A0010',
  SamplingFrequency: '003A001A',
  MultiplexGroupLabel: '003A0020',
  ChannelDefinitionSequence: '003A0200',
  WaveformChannelNumber: '003A0202',
  ChannelLabel: '003A0203',
  ChannelStatus: '003A0205',
  ChannelSourceSequence: '003A0208',
  ChannelSensitivity: '003A0210',
  ChannelSensitivityUnitsSequence: '003A0211',
  ChannelSensitivityCorrectionFactor: '003A0212',
  ChannelBaseline: '003A0213',
  WaveformBitsStored: '003A021A',
  FilterLowFrequency: '003A0220',
  FilterHighFrequency: '003A0221',
  NotchFilterFrequency: '003A0222',
  MeasurementUnitsCodeSequence: '004008EA',
  ConceptNameCodeSequence: '0040A043',
  ReferencedWaveformChannels: '0040A0B0',
  ReferencedSamplePositions: '0040A132',
  ConceptCodeSequence: '0040A168',
  NumericValue: '0040A30A',
  WaveformAnnotationSequence: '0040B020',
  UnformattedTextValue: '00700006',
  WaveformSequence: '54000100',
  WaveformBitsAllocated: '54001004',
  WaveformSampleInterpretation: '54001006',
  WaveformPaddingValue: '5400100A',
  WaveformData: '54001010',
} as const;

export function attr(ds: DicomJsonDataset | undefined, tag: string): DicomJsonAttribute | undefined {
  return ds?.[tag];
}

export function strings(ds: DicomJsonDataset | undefined, tag: string): string[] {
  const v = ds?.[tag]?.Value;
  if (!v) return [];
  return v.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map((x) => String(x).trim());
}

export function string(ds: DicomJsonDataset | undefined, tag: string): string | null {
  return strings(ds, tag)[0] ?? null;
}

/** Numbers from IS/DS (strings or numbers in JSON) and binary numeric VRs. Non-numeric entries are dropped. */
export function numbers(ds: DicomJsonDataset | undefined, tag: string): number[] {
  return strings(ds, tag)
    .map((s) => (s === '' ? NaN : Number(s)))
    .filter((n) => Number.isFinite(n));
}

export function number(ds: DicomJsonDataset | undefined, tag: string): number | null {
  return numbers(ds, tag)[0] ?? null;
}

export function items(ds: DicomJsonDataset | undefined, tag: string): DicomJsonDataset[] {
  const v = ds?.[tag]?.Value;
  if (!v) return [];
  return v.filter((x): x is DicomJsonDataset => typeof x === 'object' && x !== null && !('Alphabetic' in x));
}

/** Base64 to bytes without relying on atob/Buffer (isomorphic). Ignores whitespace; rejects other characters. */
export function base64ToBytes(b64: string): Uint8Array {
  const clean = b64.replace(/[\s=]/g, '');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = alphabet.indexOf(clean[i]);
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
