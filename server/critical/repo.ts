import type { Alert, AlertDetail } from '../../shared/api/critical.js';
import type { AlertState, CatalogueItem, Channel, DeliveryStatus } from '../../shared/critical/types.js';
import type { Queryable } from '../db/database.js';

export type AlertItem = Pick<CatalogueItem, 'code' | 'zh' | 'en' | 'acrCategory' | 'notifyMin' | 'ackMin' | 'actMin'>;

export interface AlertRow {
  id: string;
  study_instance_uid: string;
  site_id: string;
  site_name: string;
  kind: 'imaging' | 'ecg';
  domain: 'radiology' | 'ecg';
  catalogue_version: number;
  item_codes: string[];
  items: AlertItem[];
  category: number;
  note: string;
  state: AlertState;
  raised_by: string;
  raiser_username: string;
  raiser_name: string;
  raised_at: Date;
  notified_at: Date | null;
  notify_due_at: Date;
  ack_due_at: Date;
  action_due_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acker_username: string | null;
  acker_name: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  read_back: string | null;
  action_what: string | null;
  action_who: string | null;
  action_when: Date | null;
  action_referral: string | null;
  action_recorded_at: Date | null;
  escalation_level: number;
  not_picked_up_at: Date | null;
  next_reminder_at: Date | null;
  action_reminded: boolean;
  next_due_at: Date | null;
  redirect_reason: string | null;
  read_back_mismatches: number;
  closed_at: Date | null;
  close_reason: string | null;
  patient_id: string | null;
  patient_name: string | null;
  patient_name_ideographic: string | null;
  req_clinician: string | null;
  req_phone: string | null;
  req_department: string | null;
  req_bed: string | null;
  reminder_count: number;
}

export const ALERT_SELECT = `
  SELECT a.*, s.name AS site_name, ru.username AS raiser_username, ru.display_name AS raiser_name,
         au.username AS acker_username, au.display_name AS acker_name,
         st.patient_id, st.patient_name, st.patient_name_ideographic,
         er.ordering_clinician AS req_clinician, er.contact_phone AS req_phone, er.department AS req_department, er.bed AS req_bed,
         (SELECT count(*)::int FROM critical_alert_log rl WHERE rl.alert_id = a.id AND rl.type = 'reminder') AS reminder_count
    FROM critical_alerts a
    JOIN sites s ON s.id = a.site_id
    JOIN users ru ON ru.id = a.raised_by
    LEFT JOIN users au ON au.id = a.acknowledged_by
    LEFT JOIN studies st ON st.study_instance_uid = a.study_instance_uid
    LEFT JOIN exam_requests er ON er.study_instance_uid = a.study_instance_uid`;

export async function loadAlert(q: Queryable, id: string, forUpdate = false): Promise<AlertRow | undefined> {
  // FOR UPDATE OF a: lock the alert row only (not the joined users/sites).
  const rows = await q.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE OF a' : ''}`, [id]);
  return rows[0];
}

export interface LogRow {
  alert_id: string;
  at: Date;
  type: string;
  username: string | null;
  channel: string | null;
  status: string | null;
  recipient: string | null;
  level: number | null;
  detail: Record<string, unknown> | null;
}

export async function appendLog(
  q: Queryable,
  e: { alertId: string; at: Date; type: string; userId?: string | null; channel?: Channel | null; status?: DeliveryStatus | null; recipient?: string | null; level?: number | null; detail?: Record<string, unknown> | null },
): Promise<void> {
  await q.query(
    'INSERT INTO critical_alert_log (alert_id, at, type, user_id, channel, status, recipient, level, detail) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
    [e.alertId, e.at, e.type, e.userId ?? null, e.channel ?? null, e.status ?? null, e.recipient ?? null, e.level ?? null, e.detail ? JSON.stringify(e.detail) : null],
  );
}

export async function loadLogs(q: Queryable, ids: string[], onlyDeliveries = false): Promise<Map<string, LogRow[]>> {
  const out = new Map<string, LogRow[]>();
  if (!ids.length) return out;
  const rows = await q.query<LogRow>(
    `SELECT l.alert_id, l.at, l.type, u.username, l.channel, l.status, l.recipient, l.level, l.detail
       FROM critical_alert_log l LEFT JOIN users u ON u.id = l.user_id
      WHERE l.alert_id = ANY($1) ${onlyDeliveries ? "AND l.type = 'delivery'" : ''} ORDER BY l.id`,
    [ids],
  );
  for (const r of rows) out.set(r.alert_id, [...(out.get(r.alert_id) ?? []), r]);
  return out;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAlert(r: AlertRow, logs: LogRow[] = []): Alert {
  return {
    id: r.id,
    studyInstanceUid: r.study_instance_uid,
    siteId: r.site_id,
    siteName: r.site_name,
    kind: r.kind,
    domain: r.domain,
    catalogueVersion: r.catalogue_version,
    items: r.items,
    category: r.category,
    note: r.note,
    state: r.state,
    patient: { id: r.patient_id, name: r.patient_name, nameIdeographic: r.patient_name_ideographic, department: r.req_department ?? '', bed: r.req_bed ?? '' },
    raisedBy: { username: r.raiser_username, displayName: r.raiser_name },
    raisedAt: r.raised_at.toISOString(),
    notifiedAt: iso(r.notified_at),
    ackDueAt: r.ack_due_at.toISOString(),
    actionDueAt: r.action_due_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acker_username ? { username: r.acker_username, displayName: r.acker_name ?? '' } : null,
    receiverName: r.receiver_name,
    readBack: r.read_back,
    action:
      r.action_what && r.action_when && r.action_recorded_at
        ? { what: r.action_what, who: r.action_who ?? '', when: r.action_when.toISOString(), referral: r.action_referral ?? '', recordedAt: r.action_recorded_at.toISOString() }
        : null,
    escalationLevel: r.escalation_level,
    reminders: r.reminder_count ?? 0,
    notPickedUp: !!r.not_picked_up_at,
    redirectReason: r.redirect_reason,
    closedAt: iso(r.closed_at),
    closeReason: r.close_reason,
    deliveries: logs
      .filter((l) => l.type === 'delivery')
      .map((l) => ({
        at: l.at.toISOString(),
        channel: l.channel as Alert['deliveries'][number]['channel'],
        status: l.status as Alert['deliveries'][number]['status'],
        recipient: l.recipient ?? '',
        detail: typeof l.detail?.message === 'string' ? l.detail.message : '',
      })),
    contact: r.req_clinician || r.req_phone ? { orderingClinician: r.req_clinician ?? '', phone: r.req_phone ?? '' } : null,
  };
}

export function toDetail(r: AlertRow, logs: LogRow[]): AlertDetail {
  return {
    ...toAlert(r, logs),
    log: logs.map((l) => ({ at: l.at.toISOString(), type: l.type, username: l.username, channel: l.channel, level: l.level, detail: l.detail })),
  };
}
