import type { ExamRequest, Task, TaskList, TaskQuery } from '../../shared/api/worklist.js';
import { DEFAULT_TAT_TARGETS, taskKindsFor, type Priority, type TaskState, type TatTargets } from '../../shared/domain/worklist.js';
import { decide, type Principal } from '../access/policy.js';
import type { AuditLog } from '../audit/log.js';
import { principalActor } from '../auth/service.js';
import type { Database, Queryable } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import { ApiError } from '../http/errors.js';
import { countsSql, listFilters, pageSql, searchPageAndCountsSql } from './query.js';
import { loadTaskRow, recordTransition, TASK_SELECT, toTask, type TaskRow } from './repo.js';

export interface WorklistOptions {
  /** A claim lapses after this long without renewal (the reader's client renews while active). */
  leaseSeconds: number;
  targets: TatTargets;
}

export const DEFAULT_WORKLIST_OPTIONS: WorklistOptions = { leaseSeconds: 10 * 60, targets: DEFAULT_TAT_TARGETS };

/**
 * The reading queue: tasks made from arriving studies, claimed as leases (one holder, decided by a
 * single conditional UPDATE so concurrent claims cannot both win), with turnaround clocks.
 */
export class Worklist {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    readonly opts: WorklistOptions = DEFAULT_WORKLIST_OPTIONS,
  ) {}

  private task(row: TaskRow, now = new Date()): Task {
    return toTask(row, this.opts.targets, now);
  }

  private async announce(tx: Queryable, row: TaskRow, type: 'task.created' | 'task.updated') {
    await this.events.publish({ type, siteId: row.site_id, kind: row.kind, payload: { task: this.task(row) } }, tx);
  }

  /** Creates the reading tasks a study needs (idempotent; safe to call on every upload and poll). */
  async ensureTasksForStudy(studyUid: string): Promise<Task[]> {
    return this.db.transaction(async (tx) => {
      const study = (await tx.query<{ site_id: string | null; modalities: string[] }>('SELECT site_id, modalities FROM studies WHERE study_instance_uid = $1', [studyUid]))[0];
      if (!study) return [];
      const sops = (await tx.query<{ sop_class_uid: string }>('SELECT DISTINCT sop_class_uid FROM instances WHERE study_instance_uid = $1', [studyUid])).map((r) => r.sop_class_uid);
      const request = (await tx.query<{ urgency: Priority }>('SELECT urgency FROM exam_requests WHERE study_instance_uid = $1', [studyUid]))[0];
      const created: Task[] = [];
      for (const kind of taskKindsFor(study.modalities ?? [], sops)) {
        const ins = await tx.query<{ id: string }>(
          `INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state) VALUES ($1, $2, $3, $4, 'waiting')
           ON CONFLICT (study_instance_uid, kind) DO NOTHING RETURNING id`,
          [studyUid, kind, study.site_id, request?.urgency ?? 'routine'],
        );
        if (!ins.length) continue;
        await recordTransition(tx, { taskId: ins[0].id, userId: null, action: 'create', from: null, to: 'waiting' });
        const row = (await loadTaskRow(tx, ins[0].id))!;
        await this.announce(tx, row, 'task.created');
        created.push(this.task(row));
      }
      return created;
    });
  }

  /**
   * Studies that have no task yet (e.g. the hub stopped between storing and queuing) get one. The
   * hub runs this every minute (server/app.ts), so it also folds the count deltas (compactCounts).
   */
  async reconcile(): Promise<number> {
    const missing = await this.db.query<{ study_instance_uid: string }>(
      `SELECT s.study_instance_uid FROM studies s
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.study_instance_uid = s.study_instance_uid) LIMIT 500`,
    );
    let n = 0;
    for (const m of missing) n += (await this.ensureTasksForStudy(m.study_instance_uid)).length;
    await this.compactCounts();
    return n;
  }

  async list(p: Principal, q: TaskQuery, now = new Date()): Promise<TaskList> {
    const f = listFilters(p, q);
    let rows: TaskRow[];
    let counts: TaskList['counts'];
    if (f.needsStudy) {
      // A search: page and counts from one pass over the matching tasks.
      const found = await this.db.query<TaskRow & { counts: string | TaskList['counts'] }>(searchPageAndCountsSql(TASK_SELECT, f, q.limit, q.offset), f.page.params);
      const c = found[0]?.counts ?? {};
      counts = typeof c === 'string' ? (JSON.parse(c) as TaskList['counts']) : c;
      rows = found.filter((r) => r.id !== null);
    } else {
      rows = await this.db.query<TaskRow>(pageSql(TASK_SELECT, f, q.limit, q.offset), f.page.params);
      // One count per state over the filters without the state filter.
      const countRows = await this.db.query<{ state: TaskState; n: number }>(countsSql(f), f.base.params);
      counts = Object.fromEntries(countRows.map((c) => [c.state, c.n])) as TaskList['counts'];
    }
    // The total is the sum of the counts over the states asked for.
    const total = Object.entries(counts).filter(([s]) => !f.states || f.states.includes(s as TaskState)).reduce((n, [, c]) => n + (c ?? 0), 0);
    return { tasks: rows.map((r) => this.task(r, now)), total, counts };
  }

  /**
   * Folds the count deltas the task triggers append (migration 010) into one row per key, in one
   * statement: rows written meanwhile are not in its snapshot and stay as they are, and readers see
   * the table before or after, so the sums never change. Returns the number of rows folded.
   */
  async compactCounts(): Promise<number> {
    const [r] = await this.db.query<{ folded: number }>(
      `WITH gone AS (DELETE FROM task_counts RETURNING site_id, kind, priority, state, n),
            kept AS (INSERT INTO task_counts (site_id, kind, priority, state, n)
                     SELECT site_id, kind, priority, state, sum(n) FROM gone GROUP BY site_id, kind, priority, state HAVING sum(n) <> 0
                     RETURNING 1)
       SELECT (SELECT count(*) FROM gone)::int AS folded`,
    );
    return r.folded;
  }

  /** Loads a task the caller may see (404 otherwise, audited: a guessed id reveals nothing). */
  async get(p: Principal, id: string, ip: string | null): Promise<TaskRow> {
    const row = await loadTaskRow(this.db, id);
    if (!row || !decide(p, 'task.read', { siteId: row.site_id, kind: row.kind }).allowed) {
      await this.audit.record({ ...principalActor(p), ip, action: 'task.read', outcome: 'denied', resource: `task:${id}`, studyUid: row?.study_instance_uid });
      throw new ApiError(404, 'not_found');
    }
    return row;
  }

  toApi(row: TaskRow): Task {
    return this.task(row);
  }

  /**
   * Claims (or, for the holder, renews) a task. The conditional UPDATE is the whole race: of any
   * number of simultaneous claims exactly one matches `state = 'waiting'` (or a lapsed lease).
   */
  async claim(p: Principal, id: string, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    const d = decide(p, 'task.claim', { siteId: row.site_id, kind: row.kind });
    if (!d.allowed) {
      await this.audit.record({ ...principalActor(p), ip, action: 'task.claim', outcome: 'denied', resource: `task:${id}`, studyUid: row.study_instance_uid, patientId: row.patient_id, detail: { reason: d.reason } });
      throw new ApiError(403, 'forbidden');
    }
    const outcome = await this.db.transaction(async (tx) => {
      const won = await tx.query<{ id: string }>(
        `UPDATE tasks SET state = 'claimed', claimed_by = $2, claimed_at = COALESCE(claimed_at, now()),
                lease_expires_at = now() + make_interval(secs => $3), updated_at = now(), version = version + 1
          WHERE id = $1 AND (state = 'waiting' OR (state = 'claimed' AND (claimed_by = $2 OR lease_expires_at <= now())))
          RETURNING id`,
        [id, p.id, this.opts.leaseSeconds],
      );
      if (!won.length) return { won: false as const, current: (await loadTaskRow(tx, id))! };
      const renewed = row.state === 'claimed' && row.claimed_by === p.id && (row.lease_expires_at?.getTime() ?? 0) > Date.now();
      await recordTransition(tx, { taskId: id, userId: p.id, action: renewed ? 'renew' : 'claim', from: row.state, to: 'claimed' });
      await this.audit.record({ ...principalActor(p), ip, action: renewed ? 'task.renew' : 'task.claim', outcome: 'allowed', resource: `task:${id}`, studyUid: row.study_instance_uid, patientId: row.patient_id }, tx);
      const after = (await loadTaskRow(tx, id))!;
      if (!renewed) await this.announce(tx, after, 'task.updated');
      return { won: true as const, task: this.task(after) };
    });
    if (outcome.won) return outcome.task;
    // Lost the race: recorded outside the (empty) transaction so the attempt is kept.
    const cur = outcome.current;
    await this.audit.record({ ...principalActor(p), ip, action: 'task.claim', outcome: 'failed', resource: `task:${id}`, studyUid: cur.study_instance_uid, detail: { state: cur.state, holder: cur.claimer_username } });
    if (cur.state === 'claimed') throw new ApiError(409, 'task_taken', { name: cur.claimer_name ?? '' }, { holder: cur.claimer_username });
    throw new ApiError(409, 'task_not_open', { state: cur.state });
  }

  /** The holder renews the lease while reading. */
  async renew(p: Principal, id: string, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    if (row.state !== 'claimed' || row.claimed_by !== p.id || (row.lease_expires_at?.getTime() ?? 0) <= Date.now()) throw new ApiError(409, 'not_task_holder');
    const upd = await this.db.query(
      "UPDATE tasks SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now() WHERE id = $1 AND claimed_by = $2 AND state = 'claimed' RETURNING id",
      [id, p.id, this.opts.leaseSeconds],
    );
    if (!upd.length) throw new ApiError(409, 'not_task_holder');
    return this.task((await loadTaskRow(this.db, id))!);
  }

  async release(p: Principal, id: string, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    return this.db.transaction(async (tx) => {
      const upd = await tx.query(
        "UPDATE tasks SET state = 'waiting', claimed_by = NULL, lease_expires_at = NULL, updated_at = now(), version = version + 1 WHERE id = $1 AND claimed_by = $2 AND state = 'claimed' RETURNING id",
        [id, p.id],
      );
      if (!upd.length) throw new ApiError(409, 'not_task_holder');
      await recordTransition(tx, { taskId: id, userId: p.id, action: 'release', from: 'claimed', to: 'waiting' });
      await this.audit.record({ ...principalActor(p), ip, action: 'task.release', outcome: 'allowed', resource: `task:${id}`, studyUid: row.study_instance_uid, patientId: row.patient_id }, tx);
      const after = (await loadTaskRow(tx, id))!;
      await this.announce(tx, after, 'task.updated');
      return this.task(after);
    });
  }

  /** Supervisor actions: reassign to a reader of the right kind, change priority, cancel. */
  async reassign(p: Principal, id: string, userId: string, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    const target = (await this.db.query<{ id: string; username: string; display_name: string; role: Principal['role']; site_id: string; active: boolean }>('SELECT * FROM users WHERE id = $1', [userId]))[0];
    if (!target?.active || !decide({ id: target.id, username: target.username, displayName: target.display_name, role: target.role, siteId: target.site_id }, 'task.claim', { siteId: row.site_id, kind: row.kind }).allowed) {
      throw new ApiError(400, 'invalid_assignee');
    }
    if (!['waiting', 'claimed'].includes(row.state)) throw new ApiError(409, 'task_not_open', { state: row.state });
    return this.supervise(p, id, row, 'reassign', 'claimed',
      `state = 'claimed', claimed_by = $2, claimed_at = COALESCE(claimed_at, now()), lease_expires_at = now() + make_interval(secs => ${Number(this.opts.leaseSeconds)})`,
      [userId], { to: target.username, from: row.claimer_username }, ip);
  }

  async setPriority(p: Principal, id: string, priority: Priority, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    return this.supervise(p, id, row, 'priority', row.state, 'priority = $2, priority_overridden = true', [priority], { from: row.priority, to: priority }, ip);
  }

  async cancel(p: Principal, id: string, reason: string, ip: string | null): Promise<Task> {
    const row = await this.get(p, id, ip);
    if (!['waiting', 'claimed'].includes(row.state)) throw new ApiError(409, 'task_not_open', { state: row.state });
    return this.supervise(p, id, row, 'cancel', 'cancelled', "state = 'cancelled', cancelled_at = now(), claimed_by = NULL, lease_expires_at = NULL", [], { reason }, ip);
  }

  private async supervise(p: Principal, id: string, row: TaskRow, action: string, to: TaskState, set: string, vals: unknown[], detail: Record<string, unknown>, ip: string | null) {
    return this.db.transaction(async (tx) => {
      await tx.query(`UPDATE tasks SET ${set}, updated_at = now(), version = version + 1 WHERE id = $1`, [id, ...vals]);
      await recordTransition(tx, { taskId: id, userId: p.id, action, from: row.state, to, detail });
      await this.audit.record({ ...principalActor(p), ip, action: `task.${action}`, outcome: 'allowed', resource: `task:${id}`, studyUid: row.study_instance_uid, patientId: row.patient_id, detail }, tx);
      const after = (await loadTaskRow(tx, id))!;
      await this.announce(tx, after, 'task.updated');
      return this.task(after);
    });
  }

  /** Called by the report module when a report is signed (preliminary/final) or amended. */
  async markReported(tx: Queryable, id: string, to: Extract<TaskState, 'preliminary' | 'final' | 'amended'>, userId: string): Promise<void> {
    const col = { preliminary: 'preliminary_at', final: 'final_at', amended: 'amended_at' }[to];
    const before = (await loadTaskRow(tx, id))!;
    await tx.query(`UPDATE tasks SET state = $2, ${col} = COALESCE(${col}, now()), lease_expires_at = NULL, updated_at = now(), version = version + 1 WHERE id = $1`, [id, to]);
    await recordTransition(tx, { taskId: id, userId, action: to, from: before.state, to });
    await this.announce(tx, (await loadTaskRow(tx, id))!, 'task.updated');
  }

  /** Lapsed leases go back to the queue (one hub wins each row: the UPDATE is atomic). */
  async expireLeases(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const lapsed = await tx.query<{ id: string }>(
        `UPDATE tasks SET state = 'waiting', claimed_by = NULL, lease_expires_at = NULL, updated_at = now(), version = version + 1
          WHERE id IN (SELECT id FROM tasks WHERE state = 'claimed' AND lease_expires_at <= now() FOR UPDATE SKIP LOCKED)
          RETURNING id`,
      );
      for (const l of lapsed) {
        await recordTransition(tx, { taskId: l.id, userId: null, action: 'lease_expired', from: 'claimed', to: 'waiting' });
        await this.announce(tx, (await loadTaskRow(tx, l.id))!, 'task.updated');
      }
      return lapsed.length;
    });
  }

  /** The township's exam request; sets the task priority unless a supervisor has overridden it. */
  async saveExamRequest(p: Principal, req: ExamRequest, ip: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const study = (await tx.query<{ site_id: string | null; patient_id: string | null }>('SELECT site_id, patient_id FROM studies WHERE study_instance_uid = $1', [req.studyInstanceUid]))[0];
      const existing = (await tx.query<{ site_id: string }>('SELECT site_id FROM exam_requests WHERE study_instance_uid = $1', [req.studyInstanceUid]))[0];
      const siteId = study?.site_id ?? existing?.site_id ?? p.siteId;
      if (siteId !== p.siteId || (existing && existing.site_id !== p.siteId)) {
        await this.audit.record({ ...principalActor(p), ip, action: 'exam_request.save', outcome: 'denied', studyUid: req.studyInstanceUid }, tx);
        throw new ApiError(403, 'exam_request_site_mismatch');
      }
      await tx.query(
        `INSERT INTO exam_requests (study_instance_uid, site_id, clinical_history, exam_requested, urgency, ordering_clinician, contact_phone, created_by, department, bed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (study_instance_uid) DO UPDATE SET clinical_history = $3, exam_requested = $4, urgency = $5,
           ordering_clinician = $6, contact_phone = $7, department = $9, bed = $10, updated_at = now()`,
        [req.studyInstanceUid, siteId, req.clinicalHistory, req.examRequested, req.urgency, req.orderingClinician, req.contactPhone, p.id, req.department, req.bed],
      );
      const changed = await tx.query<{ id: string }>(
        "UPDATE tasks SET priority = $2, updated_at = now(), version = version + 1 WHERE study_instance_uid = $1 AND NOT priority_overridden AND priority <> $2 RETURNING id",
        [req.studyInstanceUid, req.urgency],
      );
      for (const c of changed) await this.announce(tx, (await loadTaskRow(tx, c.id))!, 'task.updated');
      await this.audit.record({ ...principalActor(p), ip, action: 'exam_request.save', outcome: 'allowed', studyUid: req.studyInstanceUid, patientId: study?.patient_id ?? null, detail: { urgency: req.urgency } }, tx);
    });
  }
}
