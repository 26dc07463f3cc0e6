import type { Migration } from '../migrate.js';

/**
 * Exam requests (from the township), reading tasks with leases and turnaround clocks, every task
 * transition, and the live-event log that clients catch up from after a reconnect.
 */
export const m003: Migration = {
  version: 3,
  name: 'worklist_events',
  sql: `
CREATE TABLE exam_requests (
  study_instance_uid text PRIMARY KEY,
  site_id uuid NOT NULL REFERENCES sites(id),
  clinical_history text NOT NULL DEFAULT '',
  exam_requested text NOT NULL DEFAULT '',
  urgency text NOT NULL CHECK (urgency IN ('stat', 'urgent', 'routine')),
  ordering_clinician text NOT NULL DEFAULT '',
  contact_phone text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_instance_uid text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('imaging', 'ecg')),
  site_id uuid REFERENCES sites(id),
  priority text NOT NULL CHECK (priority IN ('stat', 'urgent', 'routine')),
  priority_overridden boolean NOT NULL DEFAULT false,
  state text NOT NULL CHECK (state IN ('waiting', 'claimed', 'preliminary', 'final', 'amended', 'cancelled')),
  claimed_by uuid REFERENCES users(id),
  lease_expires_at timestamptz,
  arrived_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  preliminary_at timestamptz,
  final_at timestamptz,
  amended_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (study_instance_uid, kind)
);
CREATE INDEX tasks_queue ON tasks (state, priority, arrived_at);
CREATE INDEX tasks_site ON tasks (site_id, arrived_at DESC);
CREATE INDEX tasks_reader ON tasks (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE state = 'claimed';

CREATE TABLE task_transitions (
  id bigserial PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks(id),
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid REFERENCES users(id),
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  detail jsonb
);
CREATE INDEX task_transitions_task ON task_transitions (task_id, at);

CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  site_id uuid,
  kind text,
  payload jsonb NOT NULL
);
CREATE INDEX events_at ON events (at);
`,
};
