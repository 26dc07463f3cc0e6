import type { Queryable } from '../db/database.js';
import { SERIES_LEVEL_TAGS, STUDY_LEVEL_TAGS, TAG } from '../dicomweb/dicom/codes.js';
import { jsonNumber, jsonPersonName, jsonString, pick, type DicomJson } from '../dicomweb/dicom/json.js';
import type { FrameIndex, ParsedInstance } from '../dicomweb/dicom/parse.js';

/** The hub's study index: one row per study (with its site), series and instance. */
export interface StudyRow {
  study_instance_uid: string;
  site_id: string | null;
  patient_id: string | null;
  patient_name: string | null;
  source: 'upload' | 'upstream';
  num_series: number;
  num_instances: number;
}

export interface InstanceRow {
  sop_instance_uid: string;
  series_instance_uid: string;
  study_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  number_of_frames: number | null;
  file_path: string | null;
  byte_size: string | number;
  sha256: string;
  frames: FrameIndex | null;
  bulk: ParsedInstance['bulk'];
}

export async function findStudy(db: Queryable, studyUid: string): Promise<StudyRow | undefined> {
  const rows = await db.query<StudyRow>(
    'SELECT study_instance_uid, site_id, patient_id, patient_name, source, num_series, num_instances FROM studies WHERE study_instance_uid = $1',
    [studyUid],
  );
  return rows[0];
}

export async function findInstance(db: Queryable, sopUid: string): Promise<InstanceRow | undefined> {
  const rows = await db.query<InstanceRow>(
    `SELECT sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid, transfer_syntax_uid, number_of_frames,
       file_path, byte_size, sha256, frames, bulk FROM instances WHERE sop_instance_uid = $1`,
    [sopUid],
  );
  return rows[0];
}

/** Instances of a study (optionally one series), in series then instance order. */
export async function listInstances(db: Queryable, studyUid: string, seriesUid?: string, sopUid?: string): Promise<InstanceRow[]> {
  const params: unknown[] = [studyUid];
  let where = 'i.study_instance_uid = $1';
  if (seriesUid) {
    params.push(seriesUid);
    where += ` AND i.series_instance_uid = $${params.length}`;
  }
  if (sopUid) {
    params.push(sopUid);
    where += ` AND i.sop_instance_uid = $${params.length}`;
  }
  return db.query<InstanceRow>(
    `SELECT i.sop_instance_uid, i.series_instance_uid, i.study_instance_uid, i.sop_class_uid, i.transfer_syntax_uid, i.number_of_frames,
       i.file_path, i.byte_size, i.sha256, i.frames, i.bulk
     FROM instances i JOIN series s ON s.series_instance_uid = i.series_instance_uid
     WHERE ${where} ORDER BY s.series_number NULLS LAST, s.series_instance_uid, i.instance_number NULLS LAST, i.sop_instance_uid`,
    params,
  );
}

export interface IndexInput {
  parsed: ParsedInstance;
  siteId: string | null;
  source: 'upload' | 'upstream';
  filePath: string | null;
  byteSize: number;
  sha256: string;
}

export function studyColumns(m: DicomJson) {
  const pn = jsonPersonName(m, TAG.PatientName);
  return [
    jsonString(m, TAG.PatientID),
    pn.alphabetic,
    pn.ideographic,
    jsonString(m, TAG.PatientSex),
    jsonString(m, TAG.PatientBirthDate),
    jsonString(m, TAG.StudyDate),
    jsonString(m, TAG.StudyTime),
    jsonString(m, TAG.AccessionNumber),
    jsonString(m, TAG.StudyDescription),
    jsonString(m, TAG.InstitutionName),
    jsonString(m, TAG.StationName),
    jsonString(m, TAG.IssuerOfPatientID),
  ];
}

/**
 * Adds one instance (and its series and study when new) to the index in one transaction and
 * refreshes the study's counts. Returns false when the instance was already indexed.
 */
export async function indexInstance(tx: Queryable, input: IndexInput): Promise<{ inserted: boolean; studyCreated: boolean; siteConflict?: boolean }> {
  const { parsed: p } = input;
  const m = p.metadata;
  const created = await tx.query(
    `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, patient_sex, patient_birth_date,
       study_date, study_time, accession_number, study_description, institution_name, station_name, issuer_of_patient_id, source, attrs)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
     ON CONFLICT (study_instance_uid) DO NOTHING RETURNING 1`,
    [p.studyUid, input.siteId, ...studyColumns(m), input.source, JSON.stringify(pick(m, STUDY_LEVEL_TAGS))],
  );
  if (!created.length) {
    // Two uploads from different sites may race to create the same study: the loser's instances
    // must not join the winner's study (checked under a row lock, inside this transaction).
    const owner = await tx.query<{ site_id: string | null }>('SELECT site_id FROM studies WHERE study_instance_uid = $1 FOR UPDATE', [p.studyUid]);
    if (owner.length && owner[0].site_id !== input.siteId) return { inserted: false, studyCreated: false, siteConflict: true };
  }
  await tx.query(
    `INSERT INTO series (series_instance_uid, study_instance_uid, modality, series_number, series_description, attrs)
     VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (series_instance_uid) DO NOTHING`,
    [
      p.seriesUid,
      p.studyUid,
      jsonString(m, TAG.Modality),
      jsonNumber(m, TAG.SeriesNumber),
      jsonString(m, TAG.SeriesDescription),
      JSON.stringify(pick(m, SERIES_LEVEL_TAGS)),
    ],
  );
  const inserted = await tx.query(
    `INSERT INTO instances (sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number,
       rows, columns, number_of_frames, file_path, byte_size, sha256, frames, bulk, metadata)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT (sop_instance_uid) DO NOTHING RETURNING 1`,
    [
      p.sopUid,
      p.seriesUid,
      p.studyUid,
      p.sopClassUid,
      p.transferSyntaxUid,
      p.instanceNumber,
      p.rows,
      p.columns,
      p.numberOfFrames,
      input.filePath,
      input.byteSize,
      input.sha256,
      p.frames ? JSON.stringify(p.frames) : null,
      JSON.stringify(p.bulk),
      JSON.stringify(m),
    ],
  );
  if (inserted.length) await refreshCounts(tx, p.studyUid, p.seriesUid);
  return { inserted: inserted.length > 0, studyCreated: created.length > 0 };
}

export async function refreshCounts(tx: Queryable, studyUid: string, seriesUid: string): Promise<void> {
  await tx.query(
    'UPDATE series SET num_instances = (SELECT count(*) FROM instances WHERE series_instance_uid = $1) WHERE series_instance_uid = $1',
    [seriesUid],
  );
  await tx.query(
    `UPDATE studies SET
       num_series = (SELECT count(*) FROM series WHERE study_instance_uid = $1),
       num_instances = (SELECT count(*) FROM instances WHERE study_instance_uid = $1),
       modalities = COALESCE((SELECT array_agg(DISTINCT modality ORDER BY modality) FROM series WHERE study_instance_uid = $1 AND modality IS NOT NULL), '{}'),
       updated_at = now()
     WHERE study_instance_uid = $1`,
    [studyUid],
  );
}
