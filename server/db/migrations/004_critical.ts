import type { Migration } from '../migrate.js';

/**
 * Critical values (危急值): versioned catalogues (seeded from shared/critical/drafts.ts on first start),
 * the code registry that keeps codes from being reused, alerts with their persisted deadlines
 * (`next_due_at`, claimed with FOR UPDATE SKIP LOCKED so each fires once across hubs), and the
 * append-only log of every delivery attempt, view, ack attempt, escalation and action.
 */
export const m004: Migration = {
  version: 4,
  name: 'critical',
  sql: `
CREATE TABLE critical_catalogues (
  domain text NOT NULL CHECK (domain IN ('radiology', 'ecg')),
  version integer NOT NULL,
  items jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (domain, version)
);

-- A code means one finding for ever: its first names are kept and a later version may not give it to another.
CREATE TABLE critical_codes (
  code text PRIMARY KEY,
  domain text NOT NULL,
  zh text NOT NULL,
  en text NOT NULL,
  first_version integer NOT NULL
);

CREATE TABLE critical_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_instance_uid text NOT NULL REFERENCES studies(study_instance_uid),
  site_id uuid NOT NULL REFERENCES sites(id),
  kind text NOT NULL CHECK (kind IN ('imaging', 'ecg')),
  domain text NOT NULL,
  catalogue_version integer NOT NULL,
  item_codes text[] NOT NULL,
  items jsonb NOT NULL,
  category integer NOT NULL,
  note text NOT NULL DEFAULT '',
  patient_check jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('raised', 'notified', 'acknowledged', 'actioned', 'closed')),
  raised_by uuid NOT NULL REFERENCES users(id),
  raised_at timestamptz NOT NULL,
  notified_at timestamptz,
  notify_due_at timestamptz NOT NULL,
  ack_due_at timestamptz NOT NULL,
  action_due_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users(id),
  receiver_name text,
  receiver_phone text,
  read_back text,
  action_what text,
  action_who text,
  action_when timestamptz,
  action_referral text,
  action_recorded_at timestamptz,
  action_by uuid REFERENCES users(id),
  escalation_level integer NOT NULL DEFAULT 0,
  not_picked_up_at timestamptz,
  next_reminder_at timestamptz,
  action_reminded boolean NOT NULL DEFAULT false,
  next_due_at timestamptz,
  redirect_reason text,
  read_back_mismatches integer NOT NULL DEFAULT 0,
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id),
  close_reason text,
  sr_sop_instance_uid text,
  pdf_sop_instance_uid text,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX critical_alerts_due ON critical_alerts (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX critical_alerts_study ON critical_alerts (study_instance_uid);
CREATE INDEX critical_alerts_site ON critical_alerts (site_id, raised_at DESC);
CREATE INDEX critical_alerts_raised ON critical_alerts (raised_at DESC);

CREATE TABLE critical_alert_log (
  id bigserial PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES critical_alerts(id),
  at timestamptz NOT NULL,
  type text NOT NULL,
  user_id uuid REFERENCES users(id),
  channel text,
  status text,
  recipient text,
  level integer,
  detail jsonb
);
CREATE INDEX critical_alert_log_alert ON critical_alert_log (alert_id, id);
`,
};
