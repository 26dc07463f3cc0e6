import { derivedUid } from './dicom.js';
import { newUid, sha256Hex, type SignedDocument } from './document.js';
import { encapsulatePdf } from './encapsulated.js';
import { buildKos } from './kos.js';
import { buildMeasurementSr } from './measurements-sr.js';
import { renderReportPdf } from './pdf.js';
import { buildSr } from './sr.js';

export interface BuiltArtefacts {
  srSopInstanceUid: string;
  pdfSopInstanceUid: string;
  kosSopInstanceUid: string | null;
  /** The TID 1500 measurement SR, when the version has measurements. */
  measurementSrSopInstanceUid: string | null;
  /** The PDF of record (kept on the version; the Encapsulated PDF wraps exactly these bytes). */
  pdf: Uint8Array;
  pdfSha256: string;
  /** Part-10 objects to store in the study: SR, Encapsulated PDF, KOS, measurement SR. */
  instances: Array<{ sopInstanceUid: string; bytes: Uint8Array }>;
}

export type ArtefactBuilder = (doc: SignedDocument) => Promise<BuiltArtefacts>;
/** Stores one Part-10 object in the study (idempotent: the same bytes again are accepted). */
export type ArtefactArchiver = (bytes: Uint8Array, siteId: string | null) => Promise<void>;

/** One series per report and artefact kind, so versions of a report sit together in the study. */
export const reportSeriesUid = (reportId: string, kind: 'sr' | 'pdf' | 'kos' | 'msr') => derivedUid(`report:${reportId}:${kind}`);

export const buildArtefacts: ArtefactBuilder = async (doc) => {
  const created = new Date();
  const sr = { sopInstanceUid: newUid(), seriesInstanceUid: reportSeriesUid(doc.reportId, 'sr') };
  const withSeries: SignedDocument = doc.predecessor ? { ...doc, predecessor: { ...doc.predecessor, seriesInstanceUid: sr.seriesInstanceUid } } : doc;
  const srBytes = buildSr(withSeries, sr, created);
  const pdf = await renderReportPdf(doc, created);
  const pdfUid = newUid();
  const pdfBytes = encapsulatePdf(doc, pdf, { sopInstanceUid: pdfUid, seriesInstanceUid: reportSeriesUid(doc.reportId, 'pdf'), srSopInstanceUid: sr.sopInstanceUid }, created);
  const instances = [
    { sopInstanceUid: sr.sopInstanceUid, bytes: srBytes },
    { sopInstanceUid: pdfUid, bytes: pdfBytes },
  ];
  let kosUid: string | null = null;
  if (doc.keyImages.length) {
    kosUid = newUid();
    instances.push({ sopInstanceUid: kosUid, bytes: buildKos(doc, doc.keyImages, { sopInstanceUid: kosUid, seriesInstanceUid: reportSeriesUid(doc.reportId, 'kos') }, created) });
  }
  let msrUid: string | null = null;
  if (doc.measurements?.length) {
    msrUid = newUid();
    instances.push({ sopInstanceUid: msrUid, bytes: buildMeasurementSr(doc, { sopInstanceUid: msrUid, seriesInstanceUid: reportSeriesUid(doc.reportId, 'msr') }, created) });
  }
  return { srSopInstanceUid: sr.sopInstanceUid, pdfSopInstanceUid: pdfUid, kosSopInstanceUid: kosUid, measurementSrSopInstanceUid: msrUid, pdf, pdfSha256: sha256Hex(pdf), instances };
};
