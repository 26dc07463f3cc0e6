import type { MetricsReport, RegisterQuery, RegisterRow } from '../../shared/api/critical.js';
import { wardLocation } from '../../shared/critical/location.js';
import { computeMetrics, type AlertTimes } from '../../shared/critical/metrics.js';
import type { Database } from '../db/database.js';

/** One row of the 危急值登记 register (DOMAIN.md §2.4 fields plus the alliance additions): shared/api/critical.ts. */
export type { RegisterRow };

/** Column order and bilingual headers of the CSV export. */
export const REGISTER_COLUMNS: Array<[keyof RegisterRow, string]> = [
  ['raisedAt', '报告时间 Raised at'],
  ['patientName', '患者姓名 Patient name'],
  ['patientSex', '性别 Sex'],
  ['patientAge', '年龄 Age'],
  ['patientId', '门诊/住院号 Patient ID'],
  ['departmentBed', '科室/床号 Department/bed'],
  ['exam', '检查项目 Exam'],
  ['accessionNumber', '检查号 Accession no.'],
  ['content', '危急值内容 Critical finding'],
  ['reportingInstitution', '报告科室/机构 Reporting institution'],
  ['reporter', '报告人 Reporter'],
  ['receivedAt', '接收时间 Received at'],
  ['receiver', '接收人 Receiver'],
  ['receiverPhone', '接收人电话 Receiver phone'],
  ['readBackDone', '复述 Read back'],
  ['readBack', '复述内容 Read-back text'],
  ['notifiedPhysician', '通知医生 Notified physician'],
  ['notifiedAt', '通知时间 Notified at'],
  ['action', '处理措施 Action'],
  ['actionAt', '处理时间 Action time'],
  ['treatingPhysician', '处理医生 Treating physician'],
  ['referral', '转诊 Referral'],
  ['signedBy', '确认账号 Signed by (account)'],
  ['receivingInstitution', '接收机构 Receiving institution'],
  ['category', 'ACR分类 Category'],
  ['state', '状态 State'],
  ['channels', '通知渠道及尝试 Channels and attempts'],
  ['escalations', '升级记录 Escalations'],
  ['outcome', '结局 Outcome'],
  ['catalogueCodes', '清单编码 Catalogue codes'],
  ['catalogueVersion', '清单版本 Catalogue version'],
  ['srSopInstanceUid', 'SR实例UID SR SOP Instance UID'],
  ['pdfSopInstanceUid', 'PDF实例UID PDF SOP Instance UID'],
];

interface Row {
  id: string;
  raised_at: Date;
  patient_name: string | null;
  patient_name_ideographic: string | null;
  patient_sex: string | null;
  patient_birth_date: string | null;
  study_date: string | null;
  patient_id: string | null;
  modalities: string[] | null;
  study_description: string | null;
  accession_number: string | null;
  items: Array<{ code: string; zh: string }>;
  raiser_site: string;
  raiser_name: string;
  acknowledged_at: Date | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  read_back: string | null;
  notified_at: Date | null;
  ordering_clinician: string | null;
  department: string | null;
  bed: string | null;
  action_what: string | null;
  action_when: Date | null;
  action_who: string | null;
  action_referral: string | null;
  acker: string | null;
  site_name: string;
  category: number;
  state: string;
  escalation_level: number;
  not_picked_up_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  item_codes: string[];
  catalogue_version: number;
  sr_sop_instance_uid: string | null;
  pdf_sop_instance_uid: string | null;
  channels: string | null;
  escalations: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : '');

function age(birth: string | null, on: string | null): string {
  if (!birth || !/^\d{8}$/.test(birth)) return '';
  const ref = on && /^\d{8}$/.test(on) ? on : new Date().toISOString().slice(0, 10).replace(/-/g, '');
  let y = Number(ref.slice(0, 4)) - Number(birth.slice(0, 4));
  if (ref.slice(4) < birth.slice(4)) y--;
  return y >= 0 ? String(y) : '';
}

function outcome(r: Row): string {
  if (r.state === 'closed') return r.action_what ? '已处理并关闭 closed after action' : `主管关闭 closed by supervisor: ${r.close_reason ?? ''}`;
  if (r.not_picked_up_at) return '未接收（已上报）not picked up (incident)';
  if (r.action_what) return '已处理 action recorded';
  return r.acknowledged_at ? '已接收 acknowledged' : '未接收 open';
}

function filters(q: Pick<RegisterQuery, 'siteId' | 'from' | 'to' | 'category' | 'state'>) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.siteId) add('a.site_id = ?', q.siteId);
  if (q.from) add('a.raised_at >= ?', q.from);
  if (q.to) add('a.raised_at < ?', q.to);
  if (q.category) add('a.category = ?', q.category);
  if (q.state) add('a.state = ?', q.state);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export async function registerRows(db: Database, q: RegisterQuery): Promise<RegisterRow[]> {
  const f = filters(q);
  const params = f.params;
  let where = f.where;
  if (q.q) {
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    const text = `(st.patient_name ILIKE ${p} OR st.patient_name_ideographic ILIKE ${p} OR st.patient_id ILIKE ${p} OR st.accession_number ILIKE ${p}
      OR a.items::text ILIKE ${p} OR a.receiver_name ILIKE ${p} OR array_to_string(a.item_codes, ' ') ILIKE ${p})`;
    where = where ? `${where} AND ${text}` : `WHERE ${text}`;
  }
  params.push(q.limit);
  const rows = await db.query<Row>(
    `SELECT a.*, st.patient_name, st.patient_name_ideographic, st.patient_sex, st.patient_birth_date, st.study_date, st.patient_id,
            st.modalities, st.study_description, st.accession_number, rs.name AS raiser_site, ru.display_name AS raiser_name,
            au.username AS acker, s.name AS site_name, er.ordering_clinician, er.department, er.bed,
            (SELECT string_agg(to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' ' || l.channel || ':' || l.status, '; ' ORDER BY l.id)
               FROM critical_alert_log l WHERE l.alert_id = a.id AND l.type = 'delivery') AS channels,
            (SELECT string_agg(to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' L' || l.level || ' → ' || coalesce(l.recipient, ''), '; ' ORDER BY l.id)
               FROM critical_alert_log l WHERE l.alert_id = a.id AND l.type IN ('escalation', 'incident')) AS escalations
       FROM critical_alerts a
       JOIN sites s ON s.id = a.site_id
       JOIN users ru ON ru.id = a.raised_by
       JOIN sites rs ON rs.id = ru.site_id
       LEFT JOIN users au ON au.id = a.acknowledged_by
       LEFT JOIN studies st ON st.study_instance_uid = a.study_instance_uid
       LEFT JOIN exam_requests er ON er.study_instance_uid = a.study_instance_uid
       ${where} ORDER BY a.raised_at DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    alertId: r.id,
    raisedAt: iso(r.raised_at),
    // PN groups: the ideographic name is written family^given (张^伟 → 张伟); the alphabetic with a space.
    patientName: r.patient_name_ideographic ? r.patient_name_ideographic.replace(/\^+/g, '') : (r.patient_name ?? '').replace(/\^/g, ' ').trim(),
    patientSex: r.patient_sex ?? '',
    patientAge: age(r.patient_birth_date, r.study_date),
    patientId: r.patient_id ?? '',
    departmentBed: wardLocation(r),
    exam: [(r.modalities ?? []).join('/'), r.study_description ?? ''].filter(Boolean).join(' '),
    accessionNumber: r.accession_number ?? '',
    content: r.items.map((i) => i.zh).join('；'),
    reportingInstitution: r.raiser_site,
    reporter: r.raiser_name,
    receivedAt: iso(r.acknowledged_at),
    receiver: r.receiver_name ?? '',
    receiverPhone: r.receiver_phone ?? '',
    readBack: r.read_back ?? '',
    readBackDone: r.read_back ? '是 yes' : '否 no',
    notifiedPhysician: r.receiver_name ?? r.ordering_clinician ?? '',
    notifiedAt: iso(r.notified_at),
    action: r.action_what ?? '',
    actionAt: iso(r.action_when),
    treatingPhysician: r.action_who ?? '',
    referral: r.action_referral ?? '',
    signedBy: r.acker ?? '',
    receivingInstitution: r.site_name,
    category: r.category,
    state: r.state,
    channels: r.channels ?? '',
    escalations: r.escalations ?? '',
    outcome: outcome(r),
    catalogueCodes: r.item_codes.join(' '),
    catalogueVersion: r.catalogue_version,
    srSopInstanceUid: r.sr_sop_instance_uid ?? '',
    pdfSopInstanceUid: r.pdf_sop_instance_uid ?? '',
  }));
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote always; neutralise formula injection (a cell starting with = + - @ runs in Excel).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** UTF-8 with a BOM and CRLF, so Excel opens the Chinese text correctly. */
export function registerCsv(rows: RegisterRow[]): string {
  const lines = [REGISTER_COLUMNS.map(([, h]) => csvCell(h)).join(',')];
  for (const r of rows) lines.push(REGISTER_COLUMNS.map(([k]) => csvCell(r[k])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

interface MetricRow {
  site_id: string;
  site_name: string;
  category: number;
  raised_at: Date;
  notified_at: Date | null;
  acknowledged_at: Date | null;
  action_recorded_at: Date | null;
  closed_at: Date | null;
  items: Array<{ notifyMin: number; ackMin: number; actMin: number }>;
  escalation_level: number;
  redirect_reason: string | null;
  read_back_mismatches: number;
}

export async function metricsReport(db: Database, q: Pick<RegisterQuery, 'siteId' | 'from' | 'to'>, now: Date): Promise<MetricsReport> {
  const { where, params } = filters(q);
  const rows = await db.query<MetricRow>(
    `SELECT a.site_id, s.name AS site_name, a.category, a.raised_at, a.notified_at, a.acknowledged_at, a.action_recorded_at, a.closed_at, a.items,
            a.escalation_level, a.redirect_reason, a.read_back_mismatches
       FROM critical_alerts a JOIN sites s ON s.id = a.site_id ${where}`,
    params,
  );
  const times = (r: MetricRow): AlertTimes => ({
    raisedAt: r.raised_at,
    notifiedAt: r.notified_at,
    acknowledgedAt: r.acknowledged_at,
    actionAt: r.action_recorded_at,
    closedAt: r.closed_at,
    notifyMin: Math.min(...r.items.map((i) => i.notifyMin)),
    ackMin: Math.min(...r.items.map((i) => i.ackMin)),
    actMin: Math.min(...r.items.map((i) => i.actMin)),
    escalationLevel: r.escalation_level,
    redirected: !!r.redirect_reason,
    readBackMismatches: r.read_back_mismatches,
  });
  const cats = [...new Set(rows.map((r) => r.category))].sort();
  const sites = [...new Map(rows.map((r) => [r.site_id, r.site_name])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  return {
    overall: computeMetrics(rows.map(times), now),
    byCategory: cats.map((category) => ({ category, ...computeMetrics(rows.filter((r) => r.category === category).map(times), now) })),
    bySite: sites.map(([siteId, siteName]) => ({ siteId, siteName, ...computeMetrics(rows.filter((r) => r.site_id === siteId).map(times), now) })),
  };
}

/** The register's filter in words (Chinese), printed in the PDF's title block. */
export async function describeRegisterFilter(db: Database, q: RegisterQuery): Promise<string> {
  const parts: string[] = [];
  if (q.siteId) parts.push(`机构 ${(await db.query<{ name: string }>('SELECT name FROM sites WHERE id = $1', [q.siteId]))[0]?.name ?? q.siteId}`);
  if (q.from) parts.push(`自 ${q.from}`);
  if (q.to) parts.push(`至 ${q.to}`);
  if (q.category) parts.push(`ACR分类 ${q.category}`);
  if (q.state) parts.push(`状态 ${q.state}`);
  if (q.q) parts.push(`检索 “${q.q}”`);
  return parts.join('；');
}
