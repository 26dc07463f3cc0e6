import type { Measurement } from '../../shared/api/reports.js';
import { measurementLabel, spacingLabel } from '../../shared/reports/measurements.js';
import { srFlags } from '../../shared/reports/status.js';
import { code, commonModules, cst, derivedUid, writePart10, type Item } from './dicom.js';
import type { SignedDocument } from './document.js';
import { evidenceSequence, LANG, observer } from './sr.js';

/**
 * The viewer's measurements of a signed version as a TID 1500 "Imaging Measurement Report"
 * (PS3.16) in a Comprehensive SR: language, the author as observer, procedure reported, an image
 * library of the measured images, and one Measurement Group per measurement with its tracking
 * identifier and UID (stable across versions), which spacing was used (Comment), and
 * - lines, angles, Cobb angles: NUM (TID 300) inferred from a SCOORD on the image;
 * - ellipse/rectangle/freehand ROIs: an Image Region SCOORD (TID 1410) and NUMs for mean, SD,
 *   minimum, maximum (the image's unit, HU for CT) and area;
 * - probe: NUM of the pixel value inferred from a SCOORD POINT; arrow: TEXT inferred from the arrow.
 * Written by the hub from the draft's JSON on signing, like the report SR (sr.ts).
 */
export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

const UNIT = {
  mm: code('mm', 'UCUM', 'millimeter'),
  px: code('{pixel}', 'UCUM', 'pixel'),
  mm2: code('mm2', 'UCUM', 'square millimeter'),
  px2: code('{pixel2}', 'UCUM', 'square pixel'),
  deg: code('deg', 'UCUM', 'degree'),
  HU: code("[hnsf'U]", 'UCUM', 'Hounsfield unit'),
  none: code('1', 'UCUM', 'no units'),
};

const CONCEPT = {
  length: code('410668003', 'SCT', 'Length'),
  angle: code('1483009', 'SCT', 'Angle'),
  cobb: code('285285000', 'SCT', 'Cobb angle'),
  area: code('42798000', 'SCT', 'Area'),
  mean: code('373098007', 'SCT', 'Mean'),
  sd: code('386136009', 'SCT', 'Standard Deviation'),
  min: code('255605001', 'SCT', 'Minimum'),
  max: code('56851009', 'SCT', 'Maximum'),
  comment: code('121106', 'DCM', 'Comment'),
};

/** DS is at most 16 characters. */
function ds(n: number): string {
  for (let digits = 4; digits >= 0; digits--) {
    const s = String(Number(n.toFixed(digits)));
    if (s.length <= 16) return s;
  }
  return n.toExponential(6);
}

const valueUnit = (u: string): Item => (u === 'HU' ? UNIT.HU : u ? code(`{${u}}`, 'UCUM', u) : UNIT.none);

function imageRef(m: Measurement, frames: Map<string, number>): Item {
  const multi = (frames.get(m.image.sopInstanceUid) ?? 1) > 1;
  return {
    ReferencedSOPClassUID: m.image.sopClassUid,
    ReferencedSOPInstanceUID: m.image.sopInstanceUid,
    ...(multi && m.image.frame ? { ReferencedFrameNumber: [m.image.frame] } : {}),
  };
}

const selectedFrom = (m: Measurement, frames: Map<string, number>): Item => ({
  RelationshipType: 'SELECTED FROM',
  ValueType: 'IMAGE',
  ReferencedSOPSequence: [imageRef(m, frames)],
});

const len = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The outline in DICOM SCOORD terms (PS3.3 C.18.6.1.2). */
export function graphic(m: Measurement): { type: string; data: number[] } {
  const p = m.points;
  const flat = (pts: [number, number][]) => pts.flatMap(([x, y]) => [x, y]);
  switch (m.tool) {
    case 'probe':
      return { type: 'POINT', data: flat([p[0]]) };
    case 'cobb':
      return { type: 'MULTIPOINT', data: flat(p) };
    case 'ellipse': {
      // Major axis first, then the minor axis.
      const [a, b, c, d] = p;
      return { type: 'ELLIPSE', data: flat(len(a, b) >= len(c, d) ? [a, b, c, d] : [c, d, a, b]) };
    }
    case 'rectangle':
    case 'freehand':
      // A closed outline: a POLYLINE whose last point is its first (2D SCOORD has no POLYGON).
      return { type: 'POLYLINE', data: flat([...p, p[0]]) };
    default:
      return { type: 'POLYLINE', data: flat(p) };
  }
}

function scoord(m: Measurement, frames: Map<string, number>, rel: string, concept?: Item): Item {
  const g = graphic(m);
  return {
    RelationshipType: rel,
    ValueType: 'SCOORD',
    ...(concept ? { ConceptNameCodeSequence: [concept] } : {}),
    GraphicType: g.type,
    GraphicData: g.data,
    ContentSequence: [selectedFrom(m, frames)],
  };
}

function num(concept: Item, value: number, unit: Item, children: Item[] = []): Item {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: [concept],
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [unit], NumericValue: ds(value) }],
    ...(children.length ? { ContentSequence: children } : {}),
  };
}

const text = (concept: Item, value: string, children: Item[] = []): Item => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'TEXT',
  ConceptNameCodeSequence: [concept],
  TextValue: value,
  ...(children.length ? { ContentSequence: children } : {}),
});

function measurementGroup(m: Measurement, index: number, doc: SignedDocument, frames: Map<string, number>): Item {
  const lang = doc.language;
  const v = m.values;
  const items: Item[] = [
    text(code('112039', 'DCM', 'Tracking Identifier'), `${measurementLabel(m.tool, lang)} #${index + 1}`),
    { RelationshipType: 'CONTAINS', ValueType: 'UIDREF', ConceptNameCodeSequence: [code('112040', 'DCM', 'Tracking Unique Identifier')], UID: derivedUid(`measurement:${doc.reportId}:${m.id}`) },
  ];
  const lengthUnit = m.lengthUnit === 'mm' ? UNIT.mm : UNIT.px;
  const inferred = () => [scoord(m, frames, 'INFERRED FROM')];
  switch (m.tool) {
    case 'length':
      if (v.length !== undefined) items.push(num(CONCEPT.length, v.length, lengthUnit, inferred()));
      break;
    case 'angle':
    case 'cobb':
      if (v.angle !== undefined) items.push(num(m.tool === 'cobb' ? CONCEPT.cobb : CONCEPT.angle, v.angle, UNIT.deg, inferred()));
      break;
    case 'probe':
      if (v.value !== undefined) items.push(num(CONCEPT.mean, v.value, valueUnit(m.valueUnit), inferred()));
      break;
    case 'arrow':
      items.push(text(CONCEPT.comment, m.text?.trim() || '-', inferred()));
      break;
    default: {
      items.push(scoord(m, frames, 'CONTAINS', code('111030', 'DCM', 'Image Region')));
      const unit = valueUnit(m.valueUnit);
      for (const k of ['mean', 'sd', 'min', 'max'] as const) if (v[k] !== undefined) items.push(num(CONCEPT[k], v[k], unit));
      if (v.area !== undefined) items.push(num(CONCEPT.area, v.area, m.lengthUnit === 'mm' ? UNIT.mm2 : UNIT.px2));
    }
  }
  if (m.tool !== 'angle' && m.tool !== 'cobb' && m.tool !== 'arrow') items.push(text(CONCEPT.comment, spacingLabel(m.spacing, lang)));
  return { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: [code('125007', 'DCM', 'Measurement Group')], ContinuityOfContent: 'SEPARATE', ContentSequence: items };
}

function procedureReported(modalities: string[]): Item {
  if (modalities.includes('CT')) return code('77477000', 'SCT', 'Computed Tomography');
  if (modalities.some((m) => ['DX', 'CR', 'MG', 'RF'].includes(m))) return code('363680008', 'SCT', 'Radiographic imaging procedure');
  return code('363679005', 'SCT', 'Imaging');
}

export function buildMeasurementSr(doc: SignedDocument, ids: { sopInstanceUid: string; seriesInstanceUid: string }, created = new Date()): Uint8Array {
  const flags = srFlags(doc.status);
  const c = cst(created);
  const frames = new Map(doc.study.evidence.map((e) => [e.sopUid, e.frames ?? 1]));
  const images = new Map(doc.measurements.map((m) => [`${m.image.sopInstanceUid}:${m.image.frame ?? 1}`, m]));
  const items: Item[] = [
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [code('121049', 'DCM', 'Language of Content Item and Descendants')], ConceptCodeSequence: [LANG[doc.language]] },
    ...observer(doc.author.name, doc.author.organisation, code('121097', 'DCM', 'Recording')),
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [code('121058', 'DCM', 'Procedure reported')], ConceptCodeSequence: [procedureReported(doc.study.modalities)] },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [code('111028', 'DCM', 'Image Library')],
      ContinuityOfContent: 'SEPARATE',
      ContentSequence: [
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'CONTAINER',
          ConceptNameCodeSequence: [code('126200', 'DCM', 'Image Library Group')],
          ContinuityOfContent: 'SEPARATE',
          ContentSequence: [...images.values()].map((m) => ({ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: [imageRef(m, frames)] })),
        },
      ],
    },
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [code('126010', 'DCM', 'Imaging Measurements')],
      ContinuityOfContent: 'SEPARATE',
      ContentSequence: doc.measurements.map((m, i) => measurementGroup(m, i, doc, frames)),
    },
  ];
  const ds: Item = {
    ...commonModules(doc.study, COMPREHENSIVE_SR, ids.sopInstanceUid, created),
    Modality: 'SR',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: 9904,
    SeriesDescription: doc.language === 'en' ? 'Measurements (SR)' : '测量 (SR)',
    ReferencedPerformedProcedureStepSequence: [],
    InstanceNumber: doc.number,
    CompletionFlag: flags.completion,
    VerificationFlag: flags.verification,
    PreliminaryFlag: flags.preliminary,
    ContentDate: c.date,
    ContentTime: c.time,
    PerformedProcedureCodeSequence: [],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code('126000', 'DCM', 'Imaging Measurement Report')],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: items,
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence(
      doc.study.studyInstanceUid,
      [...new Map(doc.measurements.map((m) => [m.image.sopInstanceUid, m])).values()].map((m) => ({ seriesUid: m.image.seriesInstanceUid, sopClassUid: m.image.sopClassUid, sopUid: m.image.sopInstanceUid })),
    ),
  };
  const previous = doc.predecessor?.measurementSrSopInstanceUid;
  if (previous) {
    // The measurement SR this one replaces: every version's measurement SR sits in the report's one 'msr' series.
    ds.PredecessorDocumentsSequence = [
      {
        StudyInstanceUID: doc.study.studyInstanceUid,
        ReferencedSeriesSequence: [{ SeriesInstanceUID: ids.seriesInstanceUid, ReferencedSOPSequence: [{ ReferencedSOPClassUID: COMPREHENSIVE_SR, ReferencedSOPInstanceUID: previous }] }],
      },
    ];
  }
  if (flags.verification === 'VERIFIED' && doc.verifier) {
    ds.VerifyingObserverSequence = [
      {
        VerifyingObserverName: [{ Alphabetic: doc.verifier.name }],
        VerifyingObserverIdentificationCodeSequence: [],
        VerifyingOrganization: doc.verifier.organisation || 'TeleRead',
        VerificationDateTime: cst(doc.verifier.at).dateTime,
      },
    ];
  }
  return writePart10(ds, doc.study);
}
