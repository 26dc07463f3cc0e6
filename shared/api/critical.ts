import { z } from 'zod';
import { ALERT_STATES, CHANNELS, CRITICAL_DOMAINS, DELIVERY_STATUSES } from '../critical/types.js';
import { IsoDateTime, Uuid } from './common.js';

export const CriticalDomain = z.enum(CRITICAL_DOMAINS);
export const AlertState = z.enum(ALERT_STATES);
const Code = z.string().regex(/^[A-Z]{2,5}(-[A-Z]{2,6})?-\d{2,3}$/, 'a catalogue code such as RAD-CNS-01');
const Minutes = z.number().int().positive().max(60 * 24 * 30);
const StudyUid = z.string().regex(/^[0-9.]{1,64}$/, 'a DICOM UID');

export const CatalogueItem = z.object({
  code: Code,
  domain: CriticalDomain,
  zh: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(300),
  modalities: z.array(z.string().regex(/^[A-Z0-9]{1,16}$/)).max(20),
  criteria: z.string().max(500),
  acrCategory: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  notifyMin: Minutes,
  ackMin: Minutes,
  actMin: Minutes,
  source: z.string().max(500),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const Catalogue = z.object({
  domain: CriticalDomain,
  version: z.number().int().positive(),
  createdAt: IsoDateTime,
  createdBy: z.string().nullable(),
  note: z.string(),
  items: z.array(CatalogueItem),
});
export type Catalogue = z.infer<typeof Catalogue>;

export const CatalogueQuery = z.object({ domain: CriticalDomain, version: z.coerce.number().int().positive().optional() });

/** A supervisor publishes a whole new version; items not listed are retired (their codes stay reserved). */
export const CatalogueUpdate = z.object({
  domain: CriticalDomain,
  note: z.string().trim().min(1).max(500),
  items: z.array(CatalogueItem).min(1).max(200),
});
export type CatalogueUpdate = z.infer<typeof CatalogueUpdate>;

export const PatientConfirmation = z
  .object({
    patientId: z.string().trim().min(1).max(64),
    name: z.string().trim().max(200).optional(),
    birthDate: z.string().trim().max(20).optional(),
  })
  .refine((p) => !!p.name || !!p.birthDate, { message: 'a second identifier (name or birth date) is required' });

export const RaiseAlert = z.object({
  studyInstanceUid: StudyUid,
  itemCodes: z.array(Code).min(1).max(10),
  note: z.string().trim().max(2000).default(''),
  patient: PatientConfirmation,
});
export type RaiseAlert = z.infer<typeof RaiseAlert>;

export const AcknowledgeAlert = z.object({
  receiverName: z.string().trim().min(1).max(100),
  receiverPhone: z.string().trim().max(40).regex(/^[0-9+\-() ]*$/, 'digits, +, -, ( ) and spaces only').default(''),
  readBack: z.string().trim().min(1).max(1000),
  /** Optional at the township (the alert already names the patient); when given, both identifiers must match. */
  patient: PatientConfirmation.optional(),
});
export type AcknowledgeAlert = z.infer<typeof AcknowledgeAlert>;

export const RecordAction = z.object({
  what: z.string().trim().min(1).max(2000),
  who: z.string().trim().min(1).max(100),
  when: IsoDateTime,
  referral: z.string().trim().max(500).default(''),
});
export type RecordAction = z.infer<typeof RecordAction>;

export const RedirectAlert = z.object({ reason: z.string().trim().min(1).max(500), redirectTo: z.string().trim().max(200).default('') });
export const CloseAlert = z.object({ reason: z.string().trim().max(500).default('') });
export const RecordCall = z.object({
  outcome: z.enum(['answered', 'no_answer']),
  calledNumber: z.string().trim().max(40).default(''),
  note: z.string().trim().max(500).default(''),
});

export const Delivery = z.object({
  at: IsoDateTime,
  channel: z.enum(CHANNELS),
  status: z.enum(DELIVERY_STATUSES),
  recipient: z.string(),
  detail: z.string(),
});

export const AlertLogEntry = z.object({
  at: IsoDateTime,
  type: z.string(),
  username: z.string().nullable(),
  channel: z.string().nullable(),
  level: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const Alert = z.object({
  id: Uuid,
  studyInstanceUid: z.string(),
  siteId: Uuid,
  siteName: z.string(),
  kind: z.enum(['imaging', 'ecg']),
  domain: CriticalDomain,
  catalogueVersion: z.number().int(),
  items: z.array(CatalogueItem.pick({ code: true, zh: true, en: true, acrCategory: true, notifyMin: true, ackMin: true, actMin: true })),
  category: z.number().int(),
  note: z.string(),
  state: AlertState,
  patient: z.object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    nameIdeographic: z.string().nullable(),
    /** Ward location from the exam request (科室 / 床号); '' when not given. */
    department: z.string().default(''),
    bed: z.string().default(''),
  }),
  raisedBy: z.object({ username: z.string(), displayName: z.string() }),
  raisedAt: IsoDateTime,
  notifiedAt: IsoDateTime.nullable(),
  ackDueAt: IsoDateTime,
  actionDueAt: IsoDateTime,
  acknowledgedAt: IsoDateTime.nullable(),
  acknowledgedBy: z.object({ username: z.string(), displayName: z.string() }).nullable(),
  receiverName: z.string().nullable(),
  readBack: z.string().nullable(),
  action: z.object({ what: z.string(), who: z.string(), when: IsoDateTime, referral: z.string(), recordedAt: IsoDateTime }).nullable(),
  escalationLevel: z.number().int(),
  /** Reminders sent so far while unacknowledged (the modal names the ladder step: first notice, reminder n, escalated). */
  reminders: z.number().int().min(0).default(0),
  notPickedUp: z.boolean(),
  redirectReason: z.string().nullable(),
  closedAt: IsoDateTime.nullable(),
  closeReason: z.string().nullable(),
  deliveries: z.array(Delivery),
  /** From the exam request: whom the reader phones when prompted (absent from older hubs). */
  contact: z.object({ orderingClinician: z.string(), phone: z.string() }).nullable().optional(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertDetail = Alert.extend({ log: z.array(AlertLogEntry) });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const AlertQuery = z.object({
  studyUid: StudyUid.optional(),
  state: z.union([AlertState, z.array(AlertState)]).optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const RegisterQuery = z.object({
  siteId: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  category: z.coerce.number().int().min(1).max(3).optional(),
  state: AlertState.optional(),
  /** Free text: patient name or ID, accession number, finding, receiver. */
  q: z.string().trim().max(100).optional(),
  format: z.enum(['json', 'csv', 'pdf']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(2000),
});
export type RegisterQuery = z.infer<typeof RegisterQuery>;

export const MetricsQuery = z.object({ siteId: Uuid.optional(), from: IsoDateTime.optional(), to: IsoDateTime.optional() });

const Spread = z.object({ n: z.number(), median: z.number().nullable(), p90: z.number().nullable() });
export const Metrics = z.object({
  count: z.number(),
  open: z.number(),
  notify: Spread,
  ack: Spread,
  action: Spread,
  notifyWithinTargetPct: z.number().nullable(),
  ackWithinTargetPct: z.number().nullable(),
  actionWithinTargetPct: z.number().nullable(),
  escalatedPct: z.number().nullable(),
  notPickedUpPct: z.number().nullable(),
  redirectedPct: z.number().nullable(),
  readBackMismatchRate: z.number().nullable(),
});
export const MetricsReport = z.object({
  overall: Metrics,
  byCategory: z.array(z.object({ category: z.number() }).extend(Metrics.shape)),
  bySite: z.array(z.object({ siteId: Uuid, siteName: z.string() }).extend(Metrics.shape)),
});
export type MetricsReport = z.infer<typeof MetricsReport>;

/** A township site's director (level 2 of the escalation ladder). */
export const SiteDirector = z.object({
  siteId: Uuid,
  siteCode: z.string(),
  siteName: z.string(),
  director: z.object({ id: Uuid, username: z.string(), displayName: z.string() }).nullable(),
});
export type SiteDirector = z.infer<typeof SiteDirector>;
export const SetSiteDirector = z.object({ userId: Uuid.nullable() });

/** One row of the 危急值登记 register (JSON form; the CSV and PDF carry the same fields). */
export const RegisterRow = z.object({
  alertId: Uuid,
  raisedAt: z.string(),
  patientName: z.string(),
  patientSex: z.string(),
  patientAge: z.string(),
  patientId: z.string(),
  departmentBed: z.string(),
  exam: z.string(),
  accessionNumber: z.string(),
  content: z.string(),
  reportingInstitution: z.string(),
  reporter: z.string(),
  receivedAt: z.string(),
  receiver: z.string(),
  receiverPhone: z.string(),
  readBack: z.string(),
  readBackDone: z.string(),
  notifiedPhysician: z.string(),
  notifiedAt: z.string(),
  action: z.string(),
  actionAt: z.string(),
  treatingPhysician: z.string(),
  referral: z.string(),
  signedBy: z.string(),
  receivingInstitution: z.string(),
  category: z.number(),
  state: z.string(),
  channels: z.string(),
  escalations: z.string(),
  outcome: z.string(),
  catalogueCodes: z.string(),
  catalogueVersion: z.number(),
  srSopInstanceUid: z.string(),
  pdfSopInstanceUid: z.string(),
});
export type RegisterRow = z.infer<typeof RegisterRow>;
