/**
 * Critical-value (危急值) vocabulary shared by the hub and the renderer: catalogue items, alert
 * states, delivery channels. Thresholds and deadlines are data (catalogue versions in the hub's
 * database, edited by supervisors), never code.
 */
export const CRITICAL_DOMAINS = ['radiology', 'ecg'] as const;
export type CriticalDomain = (typeof CRITICAL_DOMAINS)[number];

/** ACR actionable-finding category: 1 = minutes (危急值), 2 = hours (重大阳性), 3 = days (follow-up). */
export const ACR_CATEGORIES = [1, 2, 3] as const;
export type AcrCategory = (typeof ACR_CATEGORIES)[number];

export interface CatalogueItem {
  /** Stable code (e.g. RAD-CNS-01); once used, never given to another finding. */
  code: string;
  domain: CriticalDomain;
  zh: string;
  en: string;
  /** Modalities the finding applies to (DICOM modality codes). */
  modalities: string[];
  /** Threshold wording as published (zh-CN / en), for the reader; the hub does not evaluate it. */
  criteria: string;
  acrCategory: AcrCategory;
  /** Minutes from raise to the first delivery, to a confirmed read-back, to a recorded action. */
  notifyMin: number;
  ackMin: number;
  actMin: number;
  source: string;
}

export interface Catalogue {
  domain: CriticalDomain;
  version: number;
  items: CatalogueItem[];
}

export const ALERT_STATES = ['raised', 'notified', 'acknowledged', 'actioned', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Unacknowledged states: reminders repeat and the escalation ladder runs while in one of these. */
export const OPEN_UNACKED: readonly AlertState[] = ['raised', 'notified'];

export const CHANNELS = ['in_app', 'sms', 'phone', 'manual_phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DELIVERY_STATUSES = ['sent', 'not_configured', 'failed', 'answered', 'no_answer'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Escalation ladder: 1 other staff of the site (ordering clinician first), 2 the site's director account, 3 alliance supervisors ('not picked up' incident). */
export const ESCALATION_LEVELS = [1, 2, 3] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ALERT_STATE_LABELS: Record<AlertState, { 'zh-CN': string; en: string }> = {
  raised: { 'zh-CN': '已发起', en: 'Raised' },
  notified: { 'zh-CN': '已通知', en: 'Notified' },
  acknowledged: { 'zh-CN': '已接收', en: 'Acknowledged' },
  actioned: { 'zh-CN': '已处理', en: 'Action recorded' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
};
