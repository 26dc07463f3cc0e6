/** A DICOM JSON (PS3.18 F.2) dataset as the hub's /metadata returns it. */
export type DicomJsonValue = string | number | { Alphabetic?: string; Ideographic?: string } | Record<string, unknown>;
export interface DicomJsonElement {
  vr: string;
  Value?: DicomJsonValue[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonElement | undefined>;

export const Tag = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
  Modality: '00080060',
  SeriesNumber: '00200011',
  SeriesDescription: '0008103E',
  InstanceNumber: '00200013',
  NumberOfFrames: '00280008',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  SliceThickness: '00180050',
  PhotometricInterpretation: '00280004',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  WindowExplanation: '00281055',
  RescaleSlope: '00281053',
  RescaleIntercept: '00281052',
  BitsStored: '00280101',
  PixelRepresentation: '00280103',
  PixelSpacing: '00280030',
  ImagerPixelSpacing: '00181164',
  PatientName: '00100010',
  PatientID: '00100020',
  StudyDate: '00080020',
  InstitutionName: '00080080',
} as const;

export function firstString(ds: DicomJsonDataset, tag: string): string | undefined {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  const pn = v as { Alphabetic?: string; Ideographic?: string };
  return pn.Ideographic ?? pn.Alphabetic;
}

/** All numeric values of an element (DS/IS may arrive as strings or numbers); NaN dropped. */
export function numbers(ds: DicomJsonDataset, tag: string): number[] {
  const vals = ds[tag]?.Value ?? [];
  return vals.map((v) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN)).filter((n) => Number.isFinite(n));
}

export function firstNumber(ds: DicomJsonDataset, tag: string): number | undefined {
  return numbers(ds, tag)[0];
}
