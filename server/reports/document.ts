import { createHash, randomUUID } from 'node:crypto';
import type { KeyImage } from '../../shared/api/reports.js';
import type { ReportLanguage, SignedStatus } from '../../shared/reports/status.js';
import type { TaskKind } from '../../shared/domain/worklist.js';
import type { Queryable } from '../db/database.js';
import type { KeyPicture } from './keyimages.js';

/** Everything a signed report's artefacts (SR, PDF, KOS) are made from: one snapshot, no database access. */
export interface SignedDocument {
  reportId: string;
  number: number;
  status: SignedStatus;
  kind: TaskKind;
  language: ReportLanguage;
  findings: string;
  impression: string;
  keyImages: KeyImage[];
  author: { name: string; username: string; at: Date; organisation: string };
  verifier: { name: string; username: string; at: Date; organisation: string } | null;
  amendment: { reason: string; by: string; at: Date } | null;
  /** The SR this version replaces (amendments and verifications), for PredecessorDocumentsSequence. */
  predecessor: { srSopInstanceUid: string; seriesInstanceUid: string } | null;
  study: StudyContext;
  /** Key images rendered for the PDF (those the hub can render; the KOS references all of them). */
  keyPictures: KeyPicture[];
  /** Critical alerts raised on the study (banner on the PDF, section in the SR). */
  criticalAlerts: Array<{ items: string[]; raisedAt: Date; state: string }>;
}

export interface StudyContext {
  studyInstanceUid: string;
  /** Study-level attributes as DICOM JSON (patient and study modules), from the study index. */
  attrs: Record<string, { vr: string; Value?: unknown[] }>;
  patientId: string | null;
  patientName: string | null;
  patientNameIdeographic: string | null;
  patientSex: string | null;
  patientBirthDate: string | null;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  studyDescription: string | null;
  modalities: string[];
  requestingSite: string | null;
  examRequested: string | null;
  clinicalHistory: string | null;
  orderingClinician: string | null;
  /** The study's images and waveforms (not the hub's own SR/PDF/KOS): CurrentRequestedProcedureEvidenceSequence. */
  evidence: Array<{ seriesUid: string; sopClassUid: string; sopUid: string; frames: number | null }>;
}

export async function loadStudyContext(q: Queryable, studyUid: string): Promise<StudyContext> {
  const s = (
    await q.query<{
      attrs: StudyContext['attrs'] | null;
      patient_id: string | null;
      patient_name: string | null;
      patient_name_ideographic: string | null;
      patient_sex: string | null;
      patient_birth_date: string | null;
      study_date: string | null;
      study_time: string | null;
      accession_number: string | null;
      study_description: string | null;
      modalities: string[] | null;
      site_name: string | null;
      exam_requested: string | null;
      clinical_history: string | null;
      ordering_clinician: string | null;
    }>(
      `SELECT st.attrs, st.patient_id, st.patient_name, st.patient_name_ideographic, st.patient_sex, st.patient_birth_date, st.study_date,
              st.study_time, st.accession_number, st.study_description, st.modalities, si.name AS site_name,
              q.exam_requested, q.clinical_history, q.ordering_clinician
         FROM studies st LEFT JOIN sites si ON si.id = st.site_id LEFT JOIN exam_requests q ON q.study_instance_uid = st.study_instance_uid
        WHERE st.study_instance_uid = $1`,
      [studyUid],
    )
  )[0];
  return {
    studyInstanceUid: studyUid,
    attrs: s?.attrs ?? {},
    patientId: s?.patient_id ?? null,
    patientName: s?.patient_name ?? null,
    patientNameIdeographic: s?.patient_name_ideographic ?? null,
    patientSex: s?.patient_sex ?? null,
    patientBirthDate: s?.patient_birth_date ?? null,
    studyDate: s?.study_date ?? null,
    studyTime: s?.study_time ?? null,
    accessionNumber: s?.accession_number ?? null,
    studyDescription: s?.study_description ?? null,
    modalities: s?.modalities ?? [],
    requestingSite: s?.site_name ?? null,
    examRequested: s?.exam_requested || null,
    clinicalHistory: s?.clinical_history || null,
    orderingClinician: s?.ordering_clinician || null,
    evidence: (
      await q.query<{ series_instance_uid: string; sop_class_uid: string; sop_instance_uid: string; number_of_frames: number | null }>(
        `SELECT series_instance_uid, sop_class_uid, sop_instance_uid, number_of_frames FROM instances
          WHERE study_instance_uid = $1 AND sop_class_uid NOT LIKE '1.2.840.10008.5.1.4.1.1.88.%' AND sop_class_uid <> '1.2.840.10008.5.1.4.1.1.104.1'
          ORDER BY series_instance_uid, sop_instance_uid LIMIT 5000`,
        [studyUid],
      )
    ).map((r) => ({ seriesUid: r.series_instance_uid, sopClassUid: r.sop_class_uid, sopUid: r.sop_instance_uid, frames: r.number_of_frames })),
  };
}

/** Critical alerts on the study, if the critical-values module (migration 004) is installed. */
export async function loadCriticalAlerts(q: Queryable, studyUid: string): Promise<SignedDocument['criticalAlerts']> {
  const has = await q.query<{ t: string | null }>("SELECT to_regclass('critical_alerts')::text AS t");
  if (!has[0]?.t) return [];
  const rows = await q.query<{ items: Array<{ zh?: string; en?: string; code?: string }> | null; raised_at: Date; state: string }>(
    'SELECT items, raised_at, state FROM critical_alerts WHERE study_instance_uid = $1 ORDER BY raised_at',
    [studyUid],
  );
  return rows.map((r) => ({ items: (r.items ?? []).map((i) => i.zh ?? i.en ?? i.code ?? '').filter(Boolean), raisedAt: r.raised_at, state: r.state }));
}

/** A UID from a random UUID (PS3.5 B.2), never Math.random. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
