import type { KeyImage } from '../../shared/api/reports.js';
import { code, commonModules, cst, SOP, writePart10, type Item } from './dicom.js';
import type { SignedDocument } from './document.js';
import { evidenceSequence } from './sr.js';

/**
 * Key Object Selection (PS3.3 A.59, TID 2010) for the key images a report version references:
 * title (113000, DCM, "Of Interest"), one IMAGE item per image (with its frame), and the same
 * instances in CurrentRequestedProcedureEvidenceSequence.
 */
export function buildKos(doc: SignedDocument, keyImages: KeyImage[], ids: { sopInstanceUid: string; seriesInstanceUid: string }, created = new Date()): Uint8Array {
  const c = cst(created);
  // ReferencedFrameNumber only for multi-frame instances (PS3.3 C.18.4: not present otherwise).
  const frames = new Map(doc.study.evidence.map((e) => [e.sopUid, e.frames ?? 1]));
  const items: Item[] = keyImages.map((k) => ({
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      { ReferencedSOPClassUID: k.sopClassUid, ReferencedSOPInstanceUID: k.sopInstanceUid, ...(k.frame && (frames.get(k.sopInstanceUid) ?? 1) > 1 ? { ReferencedFrameNumber: [k.frame] } : {}) },
    ],
  }));
  const ds: Item = {
    ...commonModules(doc.study, SOP.kos, ids.sopInstanceUid, created),
    Modality: 'KO',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: 9903,
    SeriesDescription: doc.language === 'en' ? 'Key images' : '关键图像',
    ReferencedPerformedProcedureStepSequence: [],
    InstanceNumber: doc.number,
    ContentDate: c.date,
    ContentTime: c.time,
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code('113000', 'DCM', 'Of Interest')],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: [
      ...items,
      { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [code('113012', 'DCM', 'Key Object Description')], TextValue: `${doc.language === 'en' ? 'Key images of report' : '报告关键图像'} v${doc.number}` },
    ],
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence(
      doc.study.studyInstanceUid,
      keyImages.map((k) => ({ seriesUid: k.seriesInstanceUid, sopClassUid: k.sopClassUid, sopUid: k.sopInstanceUid })),
    ),
  };
  return writePart10(ds, doc.study);
}
