import { srFlags } from '../../shared/reports/status.js';
import { code, commonModules, cst, SOP, writePart10, type Item } from './dicom.js';
import { criticalCommunicationLines, type SignedDocument } from './document.js';
import { ecgNumItems, ecgValuesFromText } from './ecg-values.js';

/**
 * The report as an Enhanced SR following TID 2000 (Basic Diagnostic Imaging Report, PS3.16):
 * language, observer context (author, verifier), Findings and Impressions as TEXT (ECG reports:
 * plus the accepted HR/PR/QRS/QT/QTc/axis as coded NUMs, ecg-values.ts), a
 * "Communication of Critical Results" section when alerts were raised, and an addendum section
 * with the reason on amendments. dcmjs.sr only writes Comprehensive 3D SR, so the dataset is built
 * here and written with dcmjs.
 */
export interface SrIds {
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

export const LANG: Record<SignedDocument['language'], Item> = {
  'zh-CN': code('zh-CN', 'RFC5646', 'Chinese (China)'),
  en: code('en', 'RFC5646', 'English'),
};

const text = (rel: string, concept: Item, value: string): Item => ({
  RelationshipType: rel,
  ValueType: 'TEXT',
  ConceptNameCodeSequence: [concept],
  TextValue: value,
});

const container = (concept: Item, items: Item[]): Item => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: [concept],
  ContinuityOfContent: 'SEPARATE',
  ContentSequence: items,
});

/** TID 1002/1003 person observer: observer type, name, organisation, role in this procedure. */
export function observer(name: string, organisation: string, role: Item): Item[] {
  return [
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'CODE', ConceptNameCodeSequence: [code('121005', 'DCM', 'Observer Type')], ConceptCodeSequence: [code('121006', 'DCM', 'Person')] },
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'PNAME', ConceptNameCodeSequence: [code('121008', 'DCM', 'Person Observer Name')], PersonName: [{ Alphabetic: name }] },
    ...(organisation ? [text('HAS OBS CONTEXT', code('121009', 'DCM', "Person Observer's Organization Name"), organisation)] : []),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'CODE', ConceptNameCodeSequence: [code('121011', 'DCM', "Person Observer's Role in this Procedure")], ConceptCodeSequence: [role] },
  ];
}

/** Splits a section into one TEXT item per paragraph (readers write numbered lines in 诊断意见). */
const paragraphs = (s: string) => s.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).filter(Boolean);

export function buildSr(doc: SignedDocument, ids: SrIds, created = new Date()): Uint8Array {
  const flags = srFlags(doc.status);
  const content = cst(created);
  const findings = paragraphs(doc.findings).map((p) => text('CONTAINS', code('121071', 'DCM', 'Finding'), p));
  // ECG reports: the accepted measurements in the signed text as coded NUMs with UCUM units (TID 1404 style, under Findings).
  if (doc.kind === 'ecg') findings.push(...ecgNumItems(ecgValuesFromText(doc.findings)));
  const impressions = paragraphs(doc.impression).map((p) => text('CONTAINS', code('121073', 'DCM', 'Impression'), p));
  const items: Item[] = [
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [code('121049', 'DCM', 'Language of Content Item and Descendants')], ConceptCodeSequence: [LANG[doc.language]] },
    ...observer(doc.author.name, doc.author.organisation, code('121097', 'DCM', 'Recording')),
    ...(doc.verifier && doc.verifier.username !== doc.author.username ? observer(doc.verifier.name, doc.verifier.organisation, code('121099', 'DCM', 'Reviewing')) : []),
    container(code('121070', 'DCM', 'Findings'), findings.length ? findings : [text('CONTAINS', code('121071', 'DCM', 'Finding'), '-')]),
    container(code('121072', 'DCM', 'Impressions'), impressions.length ? impressions : [text('CONTAINS', code('121073', 'DCM', 'Impression'), '-')]),
  ];
  if (doc.criticalAlerts.length) {
    items.push(
      container(
        code('73568-8', 'LN', 'Communication of Critical Results'),
        // One TEXT per alert: who, to whom, when, how, the read-back and the action (DOMAIN.md §3.2; the hub log is the source of truth).
        doc.criticalAlerts.map((a) => text('CONTAINS', code('121073', 'DCM', 'Impression'), criticalCommunicationLines(a, (d) => cst(d).dateTime).join('\n'))),
      ),
    );
  }
  if (doc.amendment) {
    items.push(container(code('55107-7', 'LN', 'Addendum'), [text('CONTAINS', code('121073', 'DCM', 'Impression'), `修订原因 / Reason for amendment: ${doc.amendment.reason}`)]));
  }

  const ds: Item = {
    ...commonModules(doc.study, SOP.enhancedSr, ids.sopInstanceUid, created),
    Modality: 'SR',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: 9901,
    SeriesDescription: doc.language === 'en' ? 'Report (SR)' : '诊断报告 (SR)',
    ReferencedPerformedProcedureStepSequence: [],
    InstanceNumber: doc.number,
    CompletionFlag: flags.completion,
    VerificationFlag: flags.verification,
    PreliminaryFlag: flags.preliminary,
    ContentDate: content.date,
    ContentTime: content.time,
    PerformedProcedureCodeSequence: [],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code('18748-4', 'LN', 'Diagnostic Imaging Report')],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }],
    ContentSequence: items,
  };
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
  if (doc.predecessor) {
    ds.PredecessorDocumentsSequence = [
      {
        StudyInstanceUID: doc.study.studyInstanceUid,
        ReferencedSeriesSequence: [
          { SeriesInstanceUID: doc.predecessor.seriesInstanceUid, ReferencedSOPSequence: [{ ReferencedSOPClassUID: SOP.enhancedSr, ReferencedSOPInstanceUID: doc.predecessor.srSopInstanceUid }] },
        ],
      },
    ];
  }
  if (doc.study.evidence.length) ds.CurrentRequestedProcedureEvidenceSequence = evidenceSequence(doc.study.studyInstanceUid, doc.study.evidence);
  return writePart10(ds, doc.study);
}

/** Hierarchical SOP Instance Reference Macro (study → series → instances). */
export function evidenceSequence(studyUid: string, refs: Array<{ seriesUid: string; sopClassUid: string; sopUid: string }>): Item[] {
  const bySeries = new Map<string, Item[]>();
  for (const r of refs) {
    const list = bySeries.get(r.seriesUid) ?? [];
    list.push({ ReferencedSOPClassUID: r.sopClassUid, ReferencedSOPInstanceUID: r.sopUid });
    bySeries.set(r.seriesUid, list);
  }
  return [{ StudyInstanceUID: studyUid, ReferencedSeriesSequence: [...bySeries].map(([s, sops]) => ({ SeriesInstanceUID: s, ReferencedSOPSequence: sops })) }];
}
