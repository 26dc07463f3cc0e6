import { z } from 'zod';
import { Alert, type AcknowledgeAlert, type RecordAction } from '../../../../shared/api/critical.js';
import type { ApiClient } from '../../api/client.js';

/** The township's critical-alert calls (server/critical/README.md), typed by shared/api/critical.ts. */
export const AlertList = z.array(Alert);

export function listOpenAlerts(client: ApiClient): Promise<Alert[]> {
  return client.request('GET', '/api/critical/alerts?open=true&limit=100', { schema: AlertList, auth: true });
}

export function listAlerts(client: ApiClient, limit = 200): Promise<Alert[]> {
  return client.request('GET', `/api/critical/alerts?limit=${limit}`, { schema: AlertList, auth: true });
}

export function acknowledgeAlert(client: ApiClient, id: string, body: Partial<AcknowledgeAlert> & { receiverName: string; readBack: string }): Promise<Alert> {
  return client.request('POST', `/api/critical/alerts/${id}/acknowledge`, { schema: Alert, auth: true, body });
}

export function redirectAlert(client: ApiClient, id: string, body: { reason: string; redirectTo?: string }): Promise<Alert> {
  return client.request('POST', `/api/critical/alerts/${id}/redirect`, { schema: Alert, auth: true, body });
}

export function recordAction(client: ApiClient, id: string, body: Omit<RecordAction, 'referral'> & { referral?: string }): Promise<Alert> {
  return client.request('POST', `/api/critical/alerts/${id}/action`, { schema: Alert, auth: true, body });
}

/** The reader's own phone call to the clinic, with its outcome (a manual delivery attempt on the alert). */
export function recordCall(client: ApiClient, id: string, body: { outcome: 'answered' | 'no_answer'; calledNumber?: string; note?: string }): Promise<Alert> {
  return client.request('POST', `/api/critical/alerts/${id}/calls`, { schema: Alert, auth: true, body });
}
