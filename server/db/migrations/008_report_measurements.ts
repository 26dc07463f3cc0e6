import type { Migration } from '../migrate.js';

/**
 * Viewer measurements kept with the report (issue 6/7): the working copy's set (what the viewer
 * restores while the report is a draft), each signed version's set (restored after signing) and
 * the SOP Instance UID of the version's TID 1500 measurement SR. The immutability trigger of
 * report_versions now covers the two new columns too.
 */
export const m008: Migration = {
  version: 8,
  name: 'report_measurements',
  sql: `
ALTER TABLE reports ADD COLUMN measurements jsonb NOT NULL DEFAULT '[]';
ALTER TABLE report_versions ADD COLUMN measurements jsonb NOT NULL DEFAULT '[]';
ALTER TABLE report_versions ADD COLUMN msr_sop_uid text;

CREATE OR REPLACE FUNCTION report_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'signed report versions are never deleted';
  END IF;
  IF (NEW.report_id, NEW.number, NEW.status, NEW.findings, NEW.impression, NEW.language, NEW.key_images, NEW.author_id, NEW.signed_at,
      NEW.verifier_id, NEW.verified_at, NEW.amended_by, NEW.amend_reason, NEW.sr_sop_uid, NEW.pdf_sop_uid, NEW.kos_sop_uid, NEW.pdf, NEW.pdf_sha256,
      NEW.measurements, NEW.msr_sop_uid)
     IS DISTINCT FROM
     (OLD.report_id, OLD.number, OLD.status, OLD.findings, OLD.impression, OLD.language, OLD.key_images, OLD.author_id, OLD.signed_at,
      OLD.verifier_id, OLD.verified_at, OLD.amended_by, OLD.amend_reason, OLD.sr_sop_uid, OLD.pdf_sop_uid, OLD.kos_sop_uid, OLD.pdf, OLD.pdf_sha256,
      OLD.measurements, OLD.msr_sop_uid) THEN
    RAISE EXCEPTION 'signed report versions are never changed in place; amend instead';
  END IF;
  RETURN NEW;
END $$;
`,
};
