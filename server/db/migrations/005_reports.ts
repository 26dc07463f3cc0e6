import type { Migration } from '../migrate.js';

/**
 * Reports: one per reading task. `reports` holds the working copy (drafts, versioned writes via
 * `version`); `report_versions` holds every signed document (preliminary, final, amendments), which
 * is never changed in place: a trigger refuses any edit of its content, only the archive status
 * columns (what the hub stored in the PACS) may be filled in afterwards. `report_outbox` holds the
 * version's DICOM objects until they are stored.
 */
export const m005: Migration = {
  version: 5,
  name: 'reports',
  sql: `
CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL UNIQUE REFERENCES tasks(id),
  study_instance_uid text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('imaging', 'ecg')),
  site_id uuid REFERENCES sites(id),
  status text NOT NULL CHECK (status IN ('draft', 'preliminary', 'final', 'amended')),
  version integer NOT NULL DEFAULT 1,
  template_id text,
  language text NOT NULL DEFAULT 'zh-CN',
  findings text NOT NULL DEFAULT '',
  impression text NOT NULL DEFAULT '',
  key_images jsonb NOT NULL DEFAULT '[]',
  author_id uuid NOT NULL REFERENCES users(id),
  saved_by uuid NOT NULL REFERENCES users(id),
  saved_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_study ON reports (study_instance_uid);
CREATE INDEX reports_site ON reports (site_id, status);

CREATE TABLE report_versions (
  report_id uuid NOT NULL REFERENCES reports(id),
  number integer NOT NULL,
  status text NOT NULL CHECK (status IN ('preliminary', 'final', 'amended')),
  template_id text,
  language text NOT NULL,
  findings text NOT NULL,
  impression text NOT NULL,
  key_images jsonb NOT NULL DEFAULT '[]',
  author_id uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL,
  verifier_id uuid REFERENCES users(id),
  verified_at timestamptz,
  amended_by uuid REFERENCES users(id),
  amend_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sr_sop_uid text NOT NULL,
  pdf_sop_uid text NOT NULL,
  kos_sop_uid text,
  pdf bytea NOT NULL,
  pdf_sha256 text NOT NULL,
  archived_at timestamptz,
  archive_error text,
  PRIMARY KEY (report_id, number)
);

-- Outbox: the DICOM objects of each signed version, written in the signing transaction, stored
-- in the study (built-in store or upstream PACS) after commit and retried until stored.
CREATE TABLE report_outbox (
  report_id uuid NOT NULL,
  number integer NOT NULL,
  seq integer NOT NULL,
  site_id uuid,
  sop_instance_uid text NOT NULL,
  bytes bytea NOT NULL,
  stored_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (report_id, number, seq),
  FOREIGN KEY (report_id, number) REFERENCES report_versions (report_id, number)
);
CREATE INDEX report_outbox_pending ON report_outbox (report_id, number) WHERE stored_at IS NULL;

CREATE FUNCTION report_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'signed report versions are never deleted';
  END IF;
  IF (NEW.report_id, NEW.number, NEW.status, NEW.findings, NEW.impression, NEW.language, NEW.key_images, NEW.author_id, NEW.signed_at,
      NEW.verifier_id, NEW.verified_at, NEW.amended_by, NEW.amend_reason, NEW.sr_sop_uid, NEW.pdf_sop_uid, NEW.kos_sop_uid, NEW.pdf, NEW.pdf_sha256)
     IS DISTINCT FROM
     (OLD.report_id, OLD.number, OLD.status, OLD.findings, OLD.impression, OLD.language, OLD.key_images, OLD.author_id, OLD.signed_at,
      OLD.verifier_id, OLD.verified_at, OLD.amended_by, OLD.amend_reason, OLD.sr_sop_uid, OLD.pdf_sop_uid, OLD.kos_sop_uid, OLD.pdf, OLD.pdf_sha256) THEN
    RAISE EXCEPTION 'signed report versions are never changed in place; amend instead';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER report_versions_immutable BEFORE UPDATE OR DELETE ON report_versions
  FOR EACH ROW EXECUTE FUNCTION report_versions_immutable();
`,
};
