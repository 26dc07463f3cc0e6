/** DICOM transfer syntaxes, failure reasons and tags the gateway needs by name. */

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

/** Transfer syntaxes whose pixel data is native (not encapsulated). */
export const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([TS.implicitLE, TS.explicitLE, TS.deflatedLE, TS.explicitBE]);

/** Media type of each encapsulated syntax for WADO-RS frames (PS3.18 Table 8.7.3-5). */
export const SYNTAX_MEDIA_TYPE: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.201': 'image/jphc',
  '1.2.840.10008.1.2.4.202': 'image/jphc',
  '1.2.840.10008.1.2.4.203': 'image/jphc',
  '1.2.840.10008.1.2.5': 'image/dicom-rle',
};

/** STOW-RS FailureReason (0008,1197) values used by the hub (PS3.18 Table 10.5.3-1, PS3.7 C.4.2). */
export const FAILURE = {
  /** Processing failure (e.g. the study belongs to a site the uploader may not write to). */
  processing: 0x0110,
  /** SOP class not supported. */
  sopClassNotSupported: 0x0122,
  /** Out of resources (disk full, upstream refused for lack of space). */
  outOfResources: 0xa700,
  /** Data set does not match: Study Instance UID differs from the URL, or the SOP instance is already stored with other bytes. */
  mismatch: 0xa900,
  /** Cannot understand: not a DICOM Part-10 file, truncated, or unparseable. */
  cannotUnderstand: 0xc000,
} as const;

export const TAG = {
  SpecificCharacterSet: '00080005',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDate: '00080020',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  InstitutionName: '00080080',
  StationName: '00081010',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  RetrieveURL: '00081190',
  FailedSOPSequence: '00081198',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  FailureReason: '00081197',
  WarningReason: '00081196',
  PatientName: '00100010',
  PatientID: '00100020',
  IssuerOfPatientID: '00100021',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
  NumberOfSeriesRelatedInstances: '00201209',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelData: '7FE00010',
  TransferSyntaxUID: '00020010',
} as const;

/** Attributes kept at study level (QIDO study responses), from the first instance of the study. */
export const STUDY_LEVEL_TAGS: readonly string[] = [
  TAG.SpecificCharacterSet, TAG.StudyDate, TAG.StudyTime, TAG.AccessionNumber, '00080090', TAG.InstitutionName, TAG.StudyDescription,
  TAG.PatientName, TAG.PatientID, TAG.IssuerOfPatientID, TAG.PatientBirthDate, TAG.PatientSex, '00101010', TAG.StudyInstanceUID, TAG.StudyID,
];

/** Attributes kept at series level (QIDO series responses). */
export const SERIES_LEVEL_TAGS: readonly string[] = [
  TAG.Modality, TAG.SeriesDescription, TAG.SeriesInstanceUID, TAG.SeriesNumber, '00080021', '00080031', '00180015', TAG.StationName, '00400244', '00400245',
];

/** Attributes returned by default at instance level (QIDO instance responses). */
export const INSTANCE_LEVEL_TAGS: readonly string[] = [
  TAG.SOPClassUID, TAG.SOPInstanceUID, TAG.InstanceNumber, TAG.Rows, TAG.Columns, '00280100', TAG.NumberOfFrames, '00080023', '00080033',
];
