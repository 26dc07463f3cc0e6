import type { Migration } from '../migrate.js';

/**
 * The study index behind /dicomweb: studies (with the site they belong to), series and instances,
 * plus the site-attribution rules used when studies reach an upstream PACS by another way.
 * `instances.metadata` is the DICOM JSON model (PS3.18 F) with large binary values replaced by
 * BulkDataURI markers; `frames` and `bulk` hold byte ranges in the stored file (built-in store).
 */
export const m002: Migration = {
  version: 2,
  name: 'studies',
  sql: `
CREATE TABLE studies (
  study_instance_uid text PRIMARY KEY,
  site_id uuid REFERENCES sites(id),
  patient_id text,
  patient_name text,
  patient_name_ideographic text,
  patient_sex text,
  patient_birth_date text,
  study_date text,
  study_time text,
  accession_number text,
  modalities text[] NOT NULL DEFAULT '{}',
  study_description text,
  institution_name text,
  station_name text,
  issuer_of_patient_id text,
  num_series integer NOT NULL DEFAULT 0,
  num_instances integer NOT NULL DEFAULT 0,
  source text NOT NULL CHECK (source IN ('upload', 'upstream')),
  attrs jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX studies_site ON studies (site_id, study_date DESC);
CREATE INDEX studies_unassigned ON studies (created_at) WHERE site_id IS NULL;
CREATE INDEX studies_patient_id ON studies (patient_id);
CREATE INDEX studies_patient_name ON studies (lower(patient_name));
CREATE INDEX studies_patient_name_ideo ON studies (patient_name_ideographic);
CREATE INDEX studies_date ON studies (study_date DESC, study_time DESC);
CREATE INDEX studies_accession ON studies (accession_number);
CREATE INDEX studies_modalities ON studies USING gin (modalities);
CREATE INDEX studies_updated ON studies (updated_at);

CREATE TABLE series (
  series_instance_uid text PRIMARY KEY,
  study_instance_uid text NOT NULL REFERENCES studies(study_instance_uid),
  modality text,
  series_number integer,
  series_description text,
  num_instances integer NOT NULL DEFAULT 0,
  attrs jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX series_study ON series (study_instance_uid, series_number);
CREATE INDEX series_modality ON series (modality);

CREATE TABLE instances (
  sop_instance_uid text PRIMARY KEY,
  series_instance_uid text NOT NULL REFERENCES series(series_instance_uid),
  study_instance_uid text NOT NULL REFERENCES studies(study_instance_uid),
  sop_class_uid text NOT NULL,
  transfer_syntax_uid text NOT NULL,
  instance_number integer,
  rows integer,
  columns integer,
  number_of_frames integer,
  file_path text,
  byte_size bigint NOT NULL,
  sha256 text NOT NULL,
  frames jsonb,
  bulk jsonb NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instances_series ON instances (series_instance_uid, instance_number);
CREATE INDEX instances_study ON instances (study_instance_uid);
CREATE INDEX instances_sop_class ON instances (sop_class_uid);

-- Attribution of studies that reach the upstream PACS another way (C-STORE from a modality).
-- Lower priority first; the first rule whose field matches (case-insensitive, * and ? wildcards) wins.
CREATE TABLE site_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  priority integer NOT NULL DEFAULT 100,
  field text NOT NULL CHECK (field IN ('InstitutionName', 'StationName', 'IssuerOfPatientID', 'CallingAET')),
  pattern text NOT NULL,
  site_id uuid NOT NULL REFERENCES sites(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_rules_priority ON site_rules (priority);
`,
};
