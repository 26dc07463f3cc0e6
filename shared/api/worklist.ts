import { z } from 'zod';
import { PRIORITIES, TASK_KINDS, TASK_STATES } from '../domain/worklist.js';
import { IsoDateTime, Uuid } from './common.js';

export const Priority = z.enum(PRIORITIES);
export const TaskState = z.enum(TASK_STATES);
export const TaskKind = z.enum(TASK_KINDS);

/** Length limits of the exam request's free-text fields (the township form uses the same). */
export const EXAM_REQUEST_LIMITS = { department: 50, bed: 20 } as const;

export const ExamRequest = z.object({
  studyInstanceUid: z.string().regex(/^[0-9.]{1,64}$/, 'a DICOM UID'),
  clinicalHistory: z.string().trim().max(2000).default(''),
  examRequested: z.string().trim().max(200).default(''),
  urgency: Priority,
  orderingClinician: z.string().trim().max(100).default(''),
  contactPhone: z.string().trim().max(40).regex(/^[0-9+\-() ]*$/, 'digits, +, -, ( ) and spaces only').default(''),
  /** Ward location (科室 / 床号), optional: printed in the critical-value register and on the alert. */
  department: z.string().trim().max(EXAM_REQUEST_LIMITS.department).default(''),
  bed: z.string().trim().max(EXAM_REQUEST_LIMITS.bed).default(''),
});
export type ExamRequest = z.infer<typeof ExamRequest>;

export const Task = z.object({
  id: Uuid,
  studyInstanceUid: z.string(),
  kind: TaskKind,
  siteId: Uuid.nullable(),
  siteName: z.string().nullable(),
  priority: Priority,
  state: TaskState,
  claimedBy: z.object({ id: Uuid, username: z.string(), displayName: z.string() }).nullable(),
  leaseExpiresAt: IsoDateTime.nullable(),
  arrivedAt: IsoDateTime,
  claimedAt: IsoDateTime.nullable(),
  preliminaryAt: IsoDateTime.nullable(),
  finalAt: IsoDateTime.nullable(),
  version: z.number().int(),
  patient: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    nameIdeographic: z.string().nullable(),
    sex: z.string().nullable(),
    birthDate: z.string().nullable(),
  }),
  modalities: z.array(z.string()),
  accessionNumber: z.string().nullable(),
  studyDescription: z.string().nullable(),
  studyDate: z.string().nullable(),
  request: ExamRequest.omit({ studyInstanceUid: true }).nullable(),
  tat: z.object({
    elapsed: z.number(),
    targetMinutes: z.number(),
    dueAt: IsoDateTime,
    overdue: z.boolean(),
    remaining: z.number(),
    arrivalToClaim: z.number().nullable(),
    arrivalToPreliminary: z.number().nullable(),
    arrivalToFinal: z.number().nullable(),
  }),
});
export type Task = z.infer<typeof Task>;

export const TaskQuery = z.object({
  state: z.union([TaskState, z.array(TaskState)]).optional(),
  kind: TaskKind.optional(),
  priority: Priority.optional(),
  siteId: Uuid.optional(),
  modality: z.string().max(16).optional(),
  mine: z.coerce.boolean().optional(),
  q: z.string().trim().max(64).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  // Up to 10,000 rows in one answer: the worklist screen virtualises them.
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskQuery = z.infer<typeof TaskQuery>;

export const TaskList = z.object({
  tasks: z.array(Task),
  total: z.number().int(),
  counts: z.partialRecord(TaskState, z.number().int()),
});
export type TaskList = z.infer<typeof TaskList>;

export const ReassignRequest = z.object({ userId: Uuid });
export const PriorityRequest = z.object({ priority: Priority });
export const CancelRequest = z.object({ reason: z.string().trim().min(2).max(500) });

/** What a live-event socket carries. */
export const LiveEvent = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  type: z.string(),
  siteId: Uuid.nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

/** Client → hub on /api/events: authenticate (first message) and resume after `since`. */
export const EventsHello = z.object({ type: z.literal('hello'), token: z.string().min(10).max(2048), since: z.number().int().min(0).optional() });
