import { code, commonModules, cst, SOP, writePart10, type Item } from './dicom.js';
import type { SignedDocument } from './document.js';

/**
 * The PDF of record as an Encapsulated PDF (PS3.3 A.45): its own series (Modality DOC) in the
 * study, SC Equipment (WSD), BurnedInAnnotation YES (the PDF shows identity), the unpadded length,
 * and SourceInstanceSequence pointing at the SR of the same version.
 */
export function encapsulatePdf(
  doc: SignedDocument,
  pdf: Uint8Array,
  ids: { sopInstanceUid: string; seriesInstanceUid: string; srSopInstanceUid: string },
  created = new Date(),
): Uint8Array {
  const c = cst(created);
  const padded = new Uint8Array(pdf.byteLength + (pdf.byteLength % 2));
  padded.set(pdf);
  const ds: Item = {
    ...commonModules(doc.study, SOP.encapsulatedPdf, ids.sopInstanceUid, created),
    Modality: 'DOC',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: 9902,
    SeriesDescription: doc.language === 'en' ? 'Report (PDF)' : '诊断报告 (PDF)',
    ConversionType: 'WSD',
    InstanceNumber: doc.number,
    ContentDate: c.date,
    ContentTime: c.time,
    AcquisitionDateTime: c.dateTime,
    BurnedInAnnotation: 'YES',
    DocumentTitle: doc.kind === 'ecg' ? '心电图诊断报告' : '影像诊断报告书',
    ConceptNameCodeSequence: [code('18748-4', 'LN', 'Diagnostic Imaging Report')],
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    EncapsulatedDocumentLength: pdf.byteLength,
    EncapsulatedDocument: [padded.buffer.slice(padded.byteOffset, padded.byteOffset + padded.byteLength) as ArrayBuffer],
    SourceInstanceSequence: [{ ReferencedSOPClassUID: SOP.enhancedSr, ReferencedSOPInstanceUID: ids.srSopInstanceUid }],
    _vrMap: { EncapsulatedDocument: 'OB' },
  };
  return writePart10(ds, doc.study);
}
