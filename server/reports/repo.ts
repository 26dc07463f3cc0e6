import type { KeyImage, Measurement, Report, ReportPerson, ReportVersion } from '../../shared/api/reports.js';
import type { ReportLanguage, ReportStatus, SignedStatus } from '../../shared/reports/status.js';
import type { Priority, TaskKind } from '../../shared/domain/worklist.js';
import type { Queryable } from '../db/database.js';
import { examRequestOf, patientOf } from '../worklist/repo.js';

/** A report's working copy, joined with its study, site and exam request (one query shape for every read). */
export interface ReportRow {
  id: string;
  task_id: string;
  study_instance_uid: string;
  kind: TaskKind;
  site_id: string | null;
  site_name: string | null;
  status: ReportStatus;
  version: number;
  template_id: string | null;
  language: ReportLanguage;
  findings: string;
  impression: string;
  key_images: KeyImage[];
  measurements: Measurement[] | null;
  author_id: string;
  author_username: string;
  author_name: string;
  saved_by: string;
  saver_username: string;
  saver_name: string;
  saved_at: Date;
  patient_id: string | null;
  patient_name: string | null;
  patient_name_ideographic: string | null;
  patient_sex: string | null;
  patient_birth_date: string | null;
  modalities: string[] | null;
  accession_number: string | null;
  study_description: string | null;
  r_clinical_history: string | null;
  r_exam_requested: string | null;
  r_urgency: Priority | null;
  r_ordering_clinician: string | null;
  r_contact_phone: string | null;
}

export const REPORT_SELECT = `
SELECT r.id, r.task_id, r.study_instance_uid, r.kind, r.site_id, si.name AS site_name, r.status, r.version, r.template_id, r.language,
       r.findings, r.impression, r.key_images, r.measurements, r.author_id, au.username AS author_username, au.display_name AS author_name,
       r.saved_by, sv.username AS saver_username, sv.display_name AS saver_name, r.saved_at,
       st.patient_id, st.patient_name, st.patient_name_ideographic, st.patient_sex, st.patient_birth_date, st.modalities,
       st.accession_number, st.study_description,
       q.clinical_history AS r_clinical_history, q.exam_requested AS r_exam_requested, q.urgency AS r_urgency,
       q.ordering_clinician AS r_ordering_clinician, q.contact_phone AS r_contact_phone, q.department AS r_department, q.bed AS r_bed
  FROM reports r
  JOIN users au ON au.id = r.author_id
  JOIN users sv ON sv.id = r.saved_by
  LEFT JOIN studies st ON st.study_instance_uid = r.study_instance_uid
  LEFT JOIN sites si ON si.id = r.site_id
  LEFT JOIN exam_requests q ON q.study_instance_uid = r.study_instance_uid`;

export async function loadReportRow(q: Queryable, id: string, forUpdate = false): Promise<ReportRow | undefined> {
  if (forUpdate) await q.query('SELECT id FROM reports WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]))[0];
}

export interface VersionRow {
  report_id: string;
  number: number;
  status: SignedStatus;
  template_id: string | null;
  language: ReportLanguage;
  findings: string;
  impression: string;
  key_images: KeyImage[];
  measurements: Measurement[] | null;
  author_id: string;
  author_username: string;
  author_name: string;
  signed_at: Date;
  verifier_id: string | null;
  verifier_username: string | null;
  verifier_name: string | null;
  verified_at: Date | null;
  amended_by: string | null;
  amender_username: string | null;
  amender_name: string | null;
  amend_reason: string | null;
  created_at: Date;
  sr_sop_uid: string;
  pdf_sop_uid: string;
  kos_sop_uid: string | null;
  msr_sop_uid: string | null;
  pdf_sha256: string;
  archived_at: Date | null;
  archive_error: string | null;
}

const VERSION_SELECT = `
SELECT v.report_id, v.number, v.status, v.template_id, v.language, v.findings, v.impression, v.key_images, v.measurements,
       v.author_id, a.username AS author_username, a.display_name AS author_name, v.signed_at,
       v.verifier_id, ve.username AS verifier_username, ve.display_name AS verifier_name, v.verified_at,
       v.amended_by, am.username AS amender_username, am.display_name AS amender_name, v.amend_reason, v.created_at,
       v.sr_sop_uid, v.pdf_sop_uid, v.kos_sop_uid, v.msr_sop_uid, v.pdf_sha256, v.archived_at, v.archive_error
  FROM report_versions v
  JOIN users a ON a.id = v.author_id
  LEFT JOIN users ve ON ve.id = v.verifier_id
  LEFT JOIN users am ON am.id = v.amended_by`;

export async function loadVersions(q: Queryable, reportId: string): Promise<VersionRow[]> {
  return q.query<VersionRow>(`${VERSION_SELECT} WHERE v.report_id = $1 ORDER BY v.number`, [reportId]);
}

export async function loadPdf(q: Queryable, reportId: string, number: number): Promise<{ pdf: Uint8Array; pdf_sha256: string } | undefined> {
  return (await q.query<{ pdf: Uint8Array; pdf_sha256: string }>('SELECT pdf, pdf_sha256 FROM report_versions WHERE report_id = $1 AND number = $2', [reportId, number]))[0];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (id: string, username: string, name: string): ReportPerson => ({ id, username, displayName: name });
const personOrNull = (id: string | null, username: string | null, name: string | null) => (id ? person(id, username ?? '', name ?? '') : null);

export function toVersion(v: VersionRow): ReportVersion {
  return {
    number: v.number,
    status: v.status,
    templateId: v.template_id,
    language: v.language,
    findings: v.findings,
    impression: v.impression,
    keyImages: v.key_images ?? [],
    measurements: v.measurements ?? [],
    author: person(v.author_id, v.author_username, v.author_name),
    signedAt: v.signed_at.toISOString(),
    verifier: personOrNull(v.verifier_id, v.verifier_username, v.verifier_name),
    verifiedAt: iso(v.verified_at),
    amendedBy: personOrNull(v.amended_by, v.amender_username, v.amender_name),
    amendReason: v.amend_reason,
    createdAt: v.created_at.toISOString(),
    srSopInstanceUid: v.sr_sop_uid,
    pdfSopInstanceUid: v.pdf_sop_uid,
    kosSopInstanceUid: v.kos_sop_uid,
    measurementSrSopInstanceUid: v.msr_sop_uid,
    pdfSha256: v.pdf_sha256,
    archivedAt: iso(v.archived_at),
    archiveError: v.archive_error,
  };
}

/**
 * The API view. `signedOnly` (township staff) replaces the working copy by the latest signed
 * version, so edits a verifier is making never leak before they are signed.
 */
export function toReport(r: ReportRow, versions: VersionRow[], signedOnly: boolean): Report {
  const latest = versions[versions.length - 1];
  const content = signedOnly && latest
    ? { templateId: latest.template_id, language: latest.language, findings: latest.findings, impression: latest.impression, keyImages: latest.key_images ?? [], measurements: latest.measurements ?? [] }
    : { templateId: r.template_id, language: r.language, findings: r.findings, impression: r.impression, keyImages: r.key_images ?? [], measurements: r.measurements ?? [] };
  return {
    id: r.id,
    taskId: r.task_id,
    studyInstanceUid: r.study_instance_uid,
    kind: r.kind,
    siteId: r.site_id,
    siteName: r.site_name,
    status: r.status,
    version: r.version,
    ...content,
    author: person(r.author_id, r.author_username, r.author_name),
    savedBy: signedOnly && latest ? person(latest.author_id, latest.author_username, latest.author_name) : person(r.saved_by, r.saver_username, r.saver_name),
    savedAt: signedOnly && latest ? latest.created_at.toISOString() : r.saved_at.toISOString(),
    patient: patientOf(r),
    accessionNumber: r.accession_number,
    studyDescription: r.study_description,
    modalities: r.modalities ?? [],
    examRequest: examRequestOf(r),
    versions: versions.map(toVersion),
  };
}
