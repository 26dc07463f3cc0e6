import { z } from 'zod';
import { MEASUREMENT_TOOLS, SPACING_SOURCES } from '../reports/measurements.js';
import { REPORT_LANGUAGES, REPORT_STATUSES, SIGNED_STATUSES } from '../reports/status.js';
import { IsoDateTime, Uuid } from './common.js';
import { ExamRequest, TaskKind } from './worklist.js';

/**
 * Reports API. Two counters, on purpose:
 * - `Report.version` is the working copy's write counter: every save sends the `baseVersion` it
 *   started from, and a stale one is refused with 409 `report_stale` (who saved last), never merged.
 * - `ReportVersion.number` numbers the signed documents (1 = first signature, then verification,
 *   amendments …); each is immutable and has its own SR and PDF.
 */
export const ReportStatus = z.enum(REPORT_STATUSES);
export const SignedStatus = z.enum(SIGNED_STATUSES);
export const ReportLanguage = z.enum(REPORT_LANGUAGES);

const Uid = z.string().regex(/^[0-9.]{1,64}$/, 'a DICOM UID');

export const KeyImage = z.object({
  seriesInstanceUid: Uid,
  sopInstanceUid: Uid,
  sopClassUid: Uid,
  /** 1-based frame of a multi-frame instance. */
  frame: z.number().int().min(1).optional(),
});
export type KeyImage = z.infer<typeof KeyImage>;

const Finite = z.number().finite();

/**
 * A viewer measurement kept with the report (shared/reports/measurements.ts formats it; the hub
 * writes the set as a TID 1500 SR on signing). Points are image coordinates (column, row).
 */
export const Measurement = z.object({
  /** stable across saves and versions (the viewer's annotation UID; the SR's tracking identifier) */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  tool: z.enum(MEASUREMENT_TOOLS),
  image: KeyImage,
  points: z.array(z.tuple([Finite, Finite])).min(1).max(2000),
  values: z
    .object({ length: Finite, angle: Finite, area: Finite, mean: Finite, sd: Finite, min: Finite, max: Finite, value: Finite })
    .partial(),
  lengthUnit: z.enum(['mm', 'px']),
  valueUnit: z.string().max(16),
  spacing: z.enum(SPACING_SOURCES),
  /** arrow annotations: the reader's text */
  text: z.string().max(500).optional(),
});
export type Measurement = z.infer<typeof Measurement>;

export const ReportPerson = z.object({ id: Uuid, username: z.string(), displayName: z.string() });
export type ReportPerson = z.infer<typeof ReportPerson>;

const Text = z.string().max(20_000);

export const ReportContent = z.object({
  templateId: z.string().max(64).nullable().optional(),
  language: ReportLanguage.default('zh-CN'),
  findings: Text,
  impression: Text,
  keyImages: z.array(KeyImage).max(100).default([]),
  measurements: z.array(Measurement).max(200).default([]),
});
export type ReportContent = z.infer<typeof ReportContent>;

export const CreateReportRequest = z.object({ taskId: Uuid, templateId: z.string().max(64).optional() });
export type CreateReportRequest = z.infer<typeof CreateReportRequest>;
export const SaveDraftRequest = ReportContent.extend({ baseVersion: z.number().int().min(1) });
export type SaveDraftRequest = z.infer<typeof SaveDraftRequest>;
/** Sign / verify: optionally with last edits (saved in the same transaction). */
export const SignRequest = z.object({
  baseVersion: z.number().int().min(1),
  content: ReportContent.optional(),
  /** Finalising while a critical alert is unacknowledged needs a reason (recorded on the alert). */
  criticalOverrideReason: z.string().trim().min(2).max(500).optional(),
});
export type SignRequest = z.infer<typeof SignRequest>;
export const AmendRequest = ReportContent.extend({
  baseVersion: z.number().int().min(1),
  reason: z.string().trim().min(2).max(500),
  criticalOverrideReason: z.string().trim().min(2).max(500).optional(),
});
export type AmendRequest = z.infer<typeof AmendRequest>;

export const ReportVersion = z.object({
  number: z.number().int(),
  status: SignedStatus,
  templateId: z.string().nullable(),
  language: ReportLanguage,
  findings: z.string(),
  impression: z.string(),
  keyImages: z.array(KeyImage),
  measurements: z.array(Measurement).default([]),
  author: ReportPerson,
  signedAt: IsoDateTime,
  verifier: ReportPerson.nullable(),
  verifiedAt: IsoDateTime.nullable(),
  amendedBy: ReportPerson.nullable(),
  amendReason: z.string().nullable(),
  createdAt: IsoDateTime,
  srSopInstanceUid: z.string(),
  pdfSopInstanceUid: z.string(),
  kosSopInstanceUid: z.string().nullable(),
  /** the TID 1500 measurement SR, when the version has measurements */
  measurementSrSopInstanceUid: z.string().nullable().default(null),
  pdfSha256: z.string(),
  archivedAt: IsoDateTime.nullable(),
  archiveError: z.string().nullable(),
});
export type ReportVersion = z.infer<typeof ReportVersion>;

export const Report = z.object({
  id: Uuid,
  taskId: Uuid,
  studyInstanceUid: z.string(),
  kind: TaskKind,
  siteId: Uuid.nullable(),
  siteName: z.string().nullable(),
  status: ReportStatus,
  /** Write counter of the working copy (send it back as `baseVersion`). Township staff see the latest signed version instead. */
  version: z.number().int(),
  templateId: z.string().nullable(),
  language: ReportLanguage,
  findings: z.string(),
  impression: z.string(),
  keyImages: z.array(KeyImage),
  /** the working copy's measurements (the latest signed set for township staff) */
  measurements: z.array(Measurement).default([]),
  author: ReportPerson,
  savedBy: ReportPerson,
  savedAt: IsoDateTime,
  patient: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    nameIdeographic: z.string().nullable(),
    sex: z.string().nullable(),
    birthDate: z.string().nullable(),
  }),
  accessionNumber: z.string().nullable(),
  studyDescription: z.string().nullable(),
  modalities: z.array(z.string()),
  /** The township's exam request, shown while writing. */
  examRequest: ExamRequest.omit({ studyInstanceUid: true }).nullable(),
  versions: z.array(ReportVersion),
});
export type Report = z.infer<typeof Report>;

export const ReportSettings = z.object({
  /** Usernames whose signature makes a report final at once (no second reader). */
  directFinalUsers: z.array(z.string().min(1).max(64)).max(200),
});
export type ReportSettings = z.infer<typeof ReportSettings>;
