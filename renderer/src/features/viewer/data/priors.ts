import { firstNumber, firstString, Tag, type DicomJsonDataset } from '../domain/dicomJson.js';
import { DicomwebError, type DicomwebSource } from './dicomweb.js';

/** The current study as QIDO-RS describes it, and the other studies of the same patient. */
export interface StudySummary {
  studyUid: string;
  patientId: string;
  patientName: string;
  studyDate: string;
  studyTime: string;
  description: string;
  modalities: string[];
  accession: string;
  institution: string;
  instanceCount: number;
}

async function qido(src: DicomwebSource, rel: string): Promise<DicomJsonDataset[]> {
  const f = src.fetch ?? fetch;
  const res = await f(`${src.root}${rel}`, { headers: { Authorization: `Bearer ${await src.getToken()}`, Accept: 'application/dicom+json' } });
  if (!res.ok) throw new DicomwebError(res.status, `HTTP ${res.status}`);
  const body = await res.text();
  return body ? (JSON.parse(body) as DicomJsonDataset[]) : [];
}

export function toStudySummary(ds: DicomJsonDataset): StudySummary {
  return {
    studyUid: firstString(ds, Tag.StudyInstanceUID) ?? '',
    patientId: firstString(ds, Tag.PatientID) ?? '',
    patientName: (firstString(ds, Tag.PatientName) ?? '').replace(/\^/g, ' ').trim(),
    studyDate: firstString(ds, Tag.StudyDate) ?? '',
    studyTime: firstString(ds, '00080030') ?? '',
    description: firstString(ds, '00081030') ?? '',
    modalities: (ds['00080061']?.Value ?? []).map(String),
    accession: firstString(ds, '00080050') ?? '',
    institution: firstString(ds, Tag.InstitutionName) ?? '',
    instanceCount: firstNumber(ds, '00201208') ?? 0,
  };
}

/** QIDO-RS for one study (its patient, description, modalities). */
export async function describeStudy(src: DicomwebSource, studyUid: string): Promise<StudySummary | null> {
  const rows = await qido(src, `/studies?StudyInstanceUID=${encodeURIComponent(studyUid)}`);
  return rows[0] ? toStudySummary(rows[0]) : null;
}

/**
 * The patient's other studies, newest first, through the hub (which applies the same site rules
 * as for any search: a reader sees what they may read). An empty Patient ID matches nothing.
 */
export async function findPriors(src: DicomwebSource, current: StudySummary, limit = 20): Promise<StudySummary[]> {
  if (!current.patientId.trim()) return [];
  const rows = await qido(src, `/studies?PatientID=${encodeURIComponent(current.patientId)}&limit=${limit + 1}`);
  return rows
    .map(toStudySummary)
    .filter((s) => s.studyUid && s.studyUid !== current.studyUid && s.patientId === current.patientId)
    .sort((a, b) => `${b.studyDate}${b.studyTime}`.localeCompare(`${a.studyDate}${a.studyTime}`))
    .slice(0, limit);
}

/** The prior a protocol hangs: the newest sharing a modality with the current study, else the newest. */
export function pickPrior(current: StudySummary, priors: readonly StudySummary[]): StudySummary | undefined {
  return priors.find((p) => p.modalities.some((m) => current.modalities.includes(m))) ?? priors[0];
}
