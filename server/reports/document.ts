import { wardLocation } from '../../shared/critical/location.js';
import { createHash, randomUUID } from 'node:crypto';
import type { KeyImage, Measurement } from '../../shared/api/reports.js';
import type { ReportLanguage, SignedStatus } from '../../shared/reports/status.js';
import type { TaskKind } from '../../shared/domain/worklist.js';
import type { Queryable } from '../db/database.js';
import type { KeyPicture } from './keyimages.js';
import type { EcgRecord } from '../../shared/ecg/index.js';

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
  /** The viewer's measurements (TID 1500 measurement SR when not empty). */
  measurements: Measurement[];
  author: { name: string; username: string; at: Date; organisation: string };
  verifier: { name: string; username: string; at: Date; organisation: string } | null;
  amendment: { reason: string; by: string; at: Date } | null;
  /**
   * The SR this version replaces (amendments and verifications), for PredecessorDocumentsSequence, and
   * the latest earlier measurement SR (TID 1500) for the new measurement SR's own predecessor reference.
   */
  predecessor: { srSopInstanceUid: string; seriesInstanceUid: string; measurementSrSopInstanceUid?: string | null } | null;
  study: StudyContext;
  /** Key images rendered for the PDF (those the hub can render; the KOS references all of them). */
  keyPictures: KeyPicture[];
  /** Critical alerts raised on the study with their communication record (banner on the PDF, section in the SR). */
  criticalAlerts: CriticalCommunication[];
  /** ECG reports: the study's 12-lead ECG for the true-scale page of the PDF (pdf-ecg.ts); absent → no ECG page. */
  ecg?: EcgRecord | null;
}

/** One critical alert's communication record: who told whom, when, how, the read-back and the action. */
export interface CriticalCommunication {
  items: string[];
  raisedAt: Date;
  state: string;
  reporter: { name: string; organisation: string };
  receivingSite: string;
  /** How it was delivered: in-app push, SMS/phone attempts, the reader's own calls (channel:status). */
  channels: string[];
  receiver: { name: string; phone: string; account: string; at: Date } | null;
  readBack: string | null;
  action: { what: string; who: string; when: Date } | null;
  escalationLevel: number;
  closeReason: string | null;
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
  /** Ward location from the exam request (科室 / 床号), '' when not given. */
  wardLocation?: string;
  /** The study's images and waveforms (not the hub's own SR/PDF/KOS): CurrentRequestedProcedureEvidenceSequence. */
  evidence: Array<{ seriesUid: string; sopClassUid: string; sopUid: string; frames: number | null; seriesNumber?: number | null; instanceNumber?: number | null }>;
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
      department: string | null;
      bed: string | null;
    }>(
      `SELECT st.attrs, st.patient_id, st.patient_name, st.patient_name_ideographic, st.patient_sex, st.patient_birth_date, st.study_date,
              st.study_time, st.accession_number, st.study_description, st.modalities, si.name AS site_name,
              q.exam_requested, q.clinical_history, q.ordering_clinician, q.department, q.bed
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
    wardLocation: wardLocation({ department: s?.department, bed: s?.bed }),
    evidence: (
      await q.query<{ series_instance_uid: string; sop_class_uid: string; sop_instance_uid: string; number_of_frames: number | null; series_number: number | null; instance_number: number | null }>(
        `SELECT i.series_instance_uid, i.sop_class_uid, i.sop_instance_uid, i.number_of_frames, se.series_number, i.instance_number
           FROM instances i LEFT JOIN series se ON se.series_instance_uid = i.series_instance_uid
          WHERE i.study_instance_uid = $1 AND i.sop_class_uid NOT LIKE '1.2.840.10008.5.1.4.1.1.88.%' AND i.sop_class_uid <> '1.2.840.10008.5.1.4.1.1.104.1'
          ORDER BY i.series_instance_uid, i.sop_instance_uid LIMIT 5000`,
        [studyUid],
      )
    ).map((r) => ({
      seriesUid: r.series_instance_uid,
      sopClassUid: r.sop_class_uid,
      sopUid: r.sop_instance_uid,
      frames: r.number_of_frames,
      seriesNumber: r.series_number,
      instanceNumber: r.instance_number,
    })),
  };
}

/** Critical alerts on the study with their communication record, if the critical-values module (migration 004) is installed. */
export async function loadCriticalAlerts(q: Queryable, studyUid: string): Promise<CriticalCommunication[]> {
  const has = await q.query<{ t: string | null }>("SELECT to_regclass('critical_alerts')::text AS t");
  if (!has[0]?.t) return [];
  const rows = await q.query<{
    items: Array<{ zh?: string; en?: string; code?: string }> | null;
    raised_at: Date;
    state: string;
    reporter: string;
    reporter_site: string;
    site_name: string;
    receiver_name: string | null;
    receiver_phone: string | null;
    acker: string | null;
    acknowledged_at: Date | null;
    read_back: string | null;
    action_what: string | null;
    action_who: string | null;
    action_when: Date | null;
    escalation_level: number;
    close_reason: string | null;
    channels: string[] | null;
  }>(
    `SELECT a.items, a.raised_at, a.state, ru.display_name AS reporter, rs.name AS reporter_site, s.name AS site_name, a.receiver_name, a.receiver_phone,
            au.username AS acker, a.acknowledged_at, a.read_back, a.action_what, a.action_who, a.action_when, a.escalation_level, a.close_reason,
            ARRAY(SELECT DISTINCT l.channel || ':' || l.status FROM critical_alert_log l WHERE l.alert_id = a.id AND l.type = 'delivery') AS channels
       FROM critical_alerts a
       JOIN users ru ON ru.id = a.raised_by JOIN sites rs ON rs.id = ru.site_id JOIN sites s ON s.id = a.site_id
       LEFT JOIN users au ON au.id = a.acknowledged_by
      WHERE a.study_instance_uid = $1 ORDER BY a.raised_at`,
    [studyUid],
  );
  return rows.map((r) => ({
    items: (r.items ?? []).map((i) => i.zh ?? i.en ?? i.code ?? '').filter(Boolean),
    raisedAt: r.raised_at,
    state: r.state,
    reporter: { name: r.reporter, organisation: r.reporter_site },
    receivingSite: r.site_name,
    channels: [...(r.channels ?? [])].sort(),
    receiver: r.acknowledged_at ? { name: r.receiver_name ?? '', phone: r.receiver_phone ?? '', account: r.acker ?? '', at: r.acknowledged_at } : null,
    readBack: r.read_back,
    action: r.action_what && r.action_when ? { what: r.action_what, who: r.action_who ?? '', when: r.action_when } : null,
    escalationLevel: r.escalation_level,
    closeReason: r.close_reason,
  }));
}

/** The communication record as lines of text (zh-CN first, English key words): the SR TEXT and the PDF banner. */
export function criticalCommunicationLines(a: CriticalCommunication, fmt: (d: Date) => string): string[] {
  const lines = [
    `危急值 Critical result: ${a.items.join('、')}`,
    `报告 Reported: ${a.reporter.name}（${a.reporter.organisation}）${fmt(a.raisedAt)} → ${a.receivingSite}；方式 via ${a.channels.join(', ') || 'in_app'}`,
  ];
  if (a.receiver) {
    lines.push(`接收 Received: ${a.receiver.name}${a.receiver.phone ? ` ${a.receiver.phone}` : ''}（账号 account ${a.receiver.account}）${fmt(a.receiver.at)}`);
    lines.push(`复述 Read-back: ${a.readBack ?? ''}`);
  } else {
    lines.push(`接收 Received: 尚未确认 not yet acknowledged（状态 state ${a.state}）`);
  }
  if (a.action) lines.push(`处理措施 Action: ${a.action.what}（${a.action.who}，${fmt(a.action.when)}）`);
  if (a.escalationLevel > 0) lines.push(`升级 Escalated: 第${a.escalationLevel}级 level ${a.escalationLevel}`);
  if (a.closeReason) lines.push(`关闭原因 Closed: ${a.closeReason}`);
  return lines;
}

/** A UID from a random UUID (PS3.5 B.2), never Math.random. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
