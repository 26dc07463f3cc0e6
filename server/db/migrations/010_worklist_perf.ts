import type { Migration } from '../migrate.js';

/**
 * The worklist at 100,000 tasks (bench/RESULTS.md rows 5a-5d; issue #12 section 5).
 *
 * 1. Counts per state: `task_counts` holds signed deltas per (site, kind, priority, state), written
 *    by statement triggers on tasks in the same transaction as the change, so a reader's snapshot
 *    sees tasks and counts alike (exact under concurrency; inserts only, so writers never wait on
 *    each other or deadlock on a counter row). Worklist.compactCounts() folds the deltas into one
 *    row per key from time to time; the sum never changes. The list reads counts from here when
 *    no filter needs a study column or a per-task condition (server/worklist/counts.ts).
 * 2. Search: `teleread_search_terms` gives every character and every pair of adjacent characters
 *    of the lower-cased patient name, ideographic name, patient ID and accession number, with a GIN
 *    index. A query of one or two characters is one term (a two-character Chinese name such as 张伟
 *    is found without a scan); a longer one needs all its pairs. Every substring match has its
 *    terms, so the index only narrows the rows and the ILIKE beside it still decides (same answer
 *    as before). The expressions must stay identical to the WHERE in server/worklist/query.ts.
 * 3. Modality: tasks.modalities is a copy of the study's (set when the task is made, and kept by a
 *    trigger on studies), so a modality filter is a condition on tasks alone: a page and its counts
 *    no longer join all studies (5c: CT + stat counted 2,174 of 100,000 through a hash join).
 * 4. Queue order with a leading equality column (priority, kind), so a filtered page is read in
 *    order and stops at LIMIT (same expressions as migration 006 and the ORDER BY).
 */
export const m010: Migration = {
  version: 10,
  name: 'worklist_perf',
  sql: `
ALTER TABLE tasks ADD COLUMN modalities text[] NOT NULL DEFAULT '{}';
UPDATE tasks t SET modalities = s.modalities FROM studies s WHERE s.study_instance_uid = t.study_instance_uid;

CREATE FUNCTION teleread_task_modalities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- FOR SHARE: a change of the study's modalities either committed before (and is read here) or
  -- waits for this transaction (and then its trigger below updates this task as well).
  NEW.modalities := coalesce((SELECT s.modalities FROM studies s WHERE s.study_instance_uid = NEW.study_instance_uid FOR SHARE), '{}');
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_modalities BEFORE INSERT OR UPDATE OF study_instance_uid ON tasks
  FOR EACH ROW EXECUTE FUNCTION teleread_task_modalities();

CREATE FUNCTION teleread_study_modalities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tasks SET modalities = NEW.modalities
   WHERE study_instance_uid = NEW.study_instance_uid AND modalities IS DISTINCT FROM NEW.modalities;
  RETURN NULL;
END $$;
CREATE TRIGGER studies_modalities_to_tasks AFTER UPDATE OF modalities ON studies
  FOR EACH ROW WHEN (OLD.modalities IS DISTINCT FROM NEW.modalities) EXECUTE FUNCTION teleread_study_modalities();

CREATE TABLE task_counts (
  id bigserial PRIMARY KEY,
  site_id uuid,
  kind text NOT NULL,
  priority text NOT NULL,
  state text NOT NULL,
  n integer NOT NULL
);
CREATE INDEX task_counts_key ON task_counts (site_id, kind, priority, state) INCLUDE (n);

INSERT INTO task_counts (site_id, kind, priority, state, n)
  SELECT site_id, kind, priority, state, count(*) FROM tasks GROUP BY site_id, kind, priority, state;

CREATE FUNCTION teleread_task_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (site_id, kind, priority, state, n)
    SELECT site_id, kind, priority, state, count(*) FROM new_rows GROUP BY site_id, kind, priority, state;
  RETURN NULL;
END $$;

CREATE FUNCTION teleread_task_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (site_id, kind, priority, state, n)
    SELECT site_id, kind, priority, state, sum(d) FROM (
      SELECT site_id, kind, priority, state, 1 AS d FROM new_rows
      UNION ALL
      SELECT site_id, kind, priority, state, -1 AS d FROM old_rows
    ) x GROUP BY site_id, kind, priority, state HAVING sum(d) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION teleread_task_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_counts (site_id, kind, priority, state, n)
    SELECT site_id, kind, priority, state, -count(*) FROM old_rows GROUP BY site_id, kind, priority, state;
  RETURN NULL;
END $$;

CREATE FUNCTION teleread_task_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION teleread_task_counts_insert();
CREATE TRIGGER tasks_counts_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION teleread_task_counts_update();
CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION teleread_task_counts_delete();
CREATE TRIGGER tasks_counts_truncate AFTER TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION teleread_task_counts_truncate();

-- Every character and every adjacent pair of characters of the lower-cased columns (each column
-- apart: no pair spans two of them). plpgsql with built-in functions only: PostgreSQL 17 (PGlite)
-- builds indexes with a restricted search_path, and a loop is ~7x faster here than a set-based SQL body.
CREATE FUNCTION teleread_search_terms(name text, ideographic text, patient_id text, accession text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  terms text[] := '{}';
  v text;
  n integer;
BEGIN
  FOREACH v IN ARRAY ARRAY[lower(name), lower(ideographic), lower(patient_id), lower(accession)] LOOP
    CONTINUE WHEN v IS NULL;
    n := char_length(v);
    FOR i IN 1..n LOOP
      terms := terms || substr(v, i, 1);
      IF i < n THEN terms := terms || substr(v, i, 2); END IF;
    END LOOP;
  END LOOP;
  RETURN terms;
END $$;

-- The terms a match of q must have: q itself when it is one or two characters, else all its pairs.
CREATE FUNCTION teleread_query_terms(q text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(l) <= 2 THEN ARRAY[l]
              ELSE (SELECT array_agg(DISTINCT substr(l, i, 2)) FROM generate_series(1, char_length(l) - 1) i) END
    FROM (SELECT lower(q) AS l) x
$$;

CREATE INDEX studies_search_terms ON studies USING gin (
  teleread_search_terms(patient_name, patient_name_ideographic, patient_id, accession_number));

CREATE INDEX tasks_priority_queue_order ON tasks (
  priority,
  (CASE WHEN state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
  (CASE priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END),
  arrived_at, id);
CREATE INDEX tasks_kind_queue_order ON tasks (
  kind,
  (CASE WHEN state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
  (CASE priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END),
  arrived_at, id);
`,
};
