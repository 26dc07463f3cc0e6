import type { Alert } from '../../../../shared/api/critical.js';
import { needsAcknowledgement } from '../critical/model.js';
import type { ReportNews } from './inboxMemory.js';

/**
 * The counts the desktop shell shows on the tray and taskbar (platform/attention.ts) for a
 * township user. Pure, so the rules are unit-tested here and the hooks only pass their state.
 */

/**
 * Critical alerts of the site still waiting for acknowledgement. An alert the user sent on as
 * "not my patient" still counts: it stays unacknowledged on the hub and reminders go on.
 */
export function unacknowledgedAlertCount(alerts: readonly Pick<Alert, 'id' | 'state'>[]): number {
  return new Set(alerts.filter(needsAcknowledgement).map((a) => a.id)).size;
}

const SIGNED = new Set(['final', 'amended']);

/** Final or amended reports announced in the inbox and not yet opened or dismissed (one per exam). */
export function unseenReportCount(news: readonly Pick<ReportNews, 'taskId' | 'status'>[]): number {
  return new Set(news.filter((n) => SIGNED.has(n.status)).map((n) => n.taskId)).size;
}
