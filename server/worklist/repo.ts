import type { Task } from '../../shared/api/worklist.js';
import { turnaround, type Priority, type TaskKind, type TaskState, type TatTargets } from '../../shared/domain/worklist.js';
import type { Queryable } from '../db/database.js';

export interface TaskRow {
  id: string;
  study_instance_uid: string;
  kind: TaskKind;
  site_id: string | null;
  site_name: string | null;
  priority: Priority;
  priority_overridden: boolean;
  state: TaskState;
  claimed_by: string | null;
  claimer_username: string | null;
  claimer_name: string | null;
  lease_expires_at: Date | null;
  arrived_at: Date;
  claimed_at: Date | null;
  preliminary_at: Date | null;
  final_at: Date | null;
  version: number;
  patient_id: string | null;
  patient_name: string | null;
  patient_name_ideographic: string | null;
  patient_sex: string | null;
  patient_birth_date: string | null;
  modalities: string[] | null;
  accession_number: string | null;
  study_description: string | null;
  study_date: string | null;
  r_clinical_history: string | null;
  r_exam_requested: string | null;
  r_urgency: Priority | null;
  r_ordering_clinician: string | null;
  r_contact_phone: string | null;
  r_department: string | null;
  r_bed: string | null;
}

/** The patient columns of a study row (task and report reads select them under the same names). */
export function patientOf(r: Pick<TaskRow, 'patient_id' | 'patient_name' | 'patient_name_ideographic' | 'patient_sex' | 'patient_birth_date'>) {
  return { id: r.patient_id, name: r.patient_name, nameIdeographic: r.patient_name_ideographic, sex: r.patient_sex, birthDate: r.patient_birth_date };
}

/** The exam request joined as `r_*` columns, or null when the study came without one. */
export function examRequestOf(
  r: Pick<TaskRow, 'r_clinical_history' | 'r_exam_requested' | 'r_urgency' | 'r_ordering_clinician' | 'r_contact_phone'> & Partial<Pick<TaskRow, 'r_department' | 'r_bed'>>,
) {
  return r.r_urgency
    ? {
        clinicalHistory: r.r_clinical_history ?? '',
        examRequested: r.r_exam_requested ?? '',
        urgency: r.r_urgency,
        orderingClinician: r.r_ordering_clinician ?? '',
        contactPhone: r.r_contact_phone ?? '',
        department: r.r_department ?? '',
        bed: r.r_bed ?? '',
      }
    : null;
}

/** One query shape for every task read: task + study + site + holder + exam request. */
export const TASK_SELECT = `
SELECT t.id, t.study_instance_uid, t.kind, t.site_id, si.name AS site_name, t.priority, t.priority_overridden, t.state,
       t.claimed_by, u.username AS claimer_username, u.display_name AS claimer_name, t.lease_expires_at, t.arrived_at,
       t.claimed_at, t.preliminary_at, t.final_at, t.version,
       st.patient_id, st.patient_name, st.patient_name_ideographic, st.patient_sex, st.patient_birth_date, st.modalities,
       st.accession_number, st.study_description, st.study_date,
       r.clinical_history AS r_clinical_history, r.exam_requested AS r_exam_requested, r.urgency AS r_urgency,
       r.ordering_clinician AS r_ordering_clinician, r.contact_phone AS r_contact_phone, r.department AS r_department, r.bed AS r_bed
  FROM tasks t
  LEFT JOIN studies st ON st.study_instance_uid = t.study_instance_uid
  LEFT JOIN sites si ON si.id = t.site_id
  LEFT JOIN users u ON u.id = t.claimed_by
  LEFT JOIN exam_requests r ON r.study_instance_uid = t.study_instance_uid`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTask(r: TaskRow, targets: TatTargets, now: Date): Task {
  const clock = {
    arrivedAt: r.arrived_at.toISOString(),
    claimedAt: iso(r.claimed_at),
    preliminaryAt: iso(r.preliminary_at),
    finalAt: iso(r.final_at),
    priority: r.priority,
    state: r.state,
  };
  // An expired lease reads as waiting even before the sweeper has released it.
  const leaseLapsed = r.state === 'claimed' && r.lease_expires_at !== null && r.lease_expires_at <= now;
  return {
    id: r.id,
    studyInstanceUid: r.study_instance_uid,
    kind: r.kind,
    siteId: r.site_id,
    siteName: r.site_name,
    priority: r.priority,
    state: leaseLapsed ? 'waiting' : r.state,
    claimedBy: r.claimed_by && !leaseLapsed ? { id: r.claimed_by, username: r.claimer_username ?? '', displayName: r.claimer_name ?? '' } : null,
    leaseExpiresAt: leaseLapsed ? null : iso(r.lease_expires_at),
    arrivedAt: clock.arrivedAt,
    claimedAt: clock.claimedAt,
    preliminaryAt: clock.preliminaryAt,
    finalAt: clock.finalAt,
    version: r.version,
    patient: patientOf(r),
    modalities: r.modalities ?? [],
    accessionNumber: r.accession_number,
    studyDescription: r.study_description,
    studyDate: r.study_date,
    request: examRequestOf(r),
    tat: turnaround(clock, targets, now),
  };
}

export async function loadTaskRow(q: Queryable, id: string): Promise<TaskRow | undefined> {
  return (await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [id]))[0];
}

export async function recordTransition(
  q: Queryable,
  t: { taskId: string; userId: string | null; action: string; from: TaskState | null; to: TaskState; detail?: Record<string, unknown> },
) {
  await q.query('INSERT INTO task_transitions (task_id, user_id, action, from_state, to_state, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    t.taskId,
    t.userId,
    t.action,
    t.from,
    t.to,
    t.detail ? JSON.stringify(t.detail) : null,
  ]);
}
