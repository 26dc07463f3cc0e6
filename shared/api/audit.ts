import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  userId: Uuid.nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  siteId: Uuid.nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  patientId: z.string().nullable(),
  studyUid: z.string().nullable(),
  reportId: z.string().nullable(),
  alertId: z.string().nullable(),
  resource: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  patientId: z.string().max(64).optional(),
  userId: Uuid.optional(),
  username: z.string().max(64).optional(),
  studyUid: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z.coerce.number().int().positive().optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
