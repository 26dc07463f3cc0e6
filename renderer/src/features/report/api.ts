import { z } from 'zod';
import { Alert, Catalogue, type RaiseAlert } from '../../../../shared/api/critical.js';
import { Report, type AmendRequest, type SaveDraftRequest, type SignRequest } from '../../../../shared/api/reports.js';
import { Task, TaskList } from '../../../../shared/api/worklist.js';
import type { ApiClient } from '../../api/client.js';
import { clientError, errorFromResponse } from '../../api/errors.js';

/** The report panel's hub calls, typed by shared/api/reports.ts and shared/api/critical.ts. */

/**
 * The reading task of a study. The hub has no study filter on /api/tasks yet, so: the reader's own
 * claims first (small), then the whole list of that kind.
 */
export async function findTask(client: ApiClient, studyUid: string, kind: 'imaging' | 'ecg'): Promise<Task | null> {
  const pick = (l: TaskList) => l.tasks.find((t) => t.studyInstanceUid === studyUid) ?? null;
  const mine = pick(await client.request('GET', `/api/tasks?mine=true&kind=${kind}&limit=200`, { schema: TaskList, auth: true }));
  if (mine) return mine;
  return pick(await client.request('GET', `/api/tasks?kind=${kind}&limit=10000`, { schema: TaskList, auth: true }));
}

export const getTask = (client: ApiClient, id: string) => client.request('GET', `/api/tasks/${id}`, { schema: Task, auth: true });
export const reportOfTask = (client: ApiClient, taskId: string) => client.request('GET', `/api/tasks/${taskId}/report`, { schema: Report, auth: true });
export const getReport = (client: ApiClient, id: string) => client.request('GET', `/api/reports/${id}`, { schema: Report, auth: true });
export const createReport = (client: ApiClient, taskId: string, templateId?: string) =>
  client.request('POST', '/api/reports', { schema: Report, auth: true, body: { taskId, templateId } });
export const saveDraftOnHub = (client: ApiClient, id: string, body: SaveDraftRequest) =>
  client.request('PUT', `/api/reports/${id}/draft`, { schema: Report, auth: true, body });
export const signReport = (client: ApiClient, id: string, body: SignRequest) => client.request('POST', `/api/reports/${id}/sign`, { schema: Report, auth: true, body });
export const verifyReport = (client: ApiClient, id: string, body: SignRequest) =>
  client.request('POST', `/api/reports/${id}/verify`, { schema: Report, auth: true, body });
export const amendReport = (client: ApiClient, id: string, body: AmendRequest) => client.request('POST', `/api/reports/${id}/amend`, { schema: Report, auth: true, body });
export const reportSettings = (client: ApiClient) =>
  client.request('GET', '/api/reports/settings', { schema: z.object({ directFinalUsers: z.array(z.string()) }), auth: true });

export const criticalCatalogue = (client: ApiClient, domain: 'radiology' | 'ecg') =>
  client.request('GET', `/api/critical/catalogue?domain=${domain}`, { schema: Catalogue, auth: true });
export const raiseAlert = (client: ApiClient, body: RaiseAlert) => client.request('POST', '/api/critical/alerts', { schema: Alert, auth: true, body });
export const alertsOfStudy = (client: ApiClient, studyUid: string) =>
  client.request('GET', `/api/critical/alerts?studyUid=${encodeURIComponent(studyUid)}&limit=50`, { schema: z.array(Alert), auth: true });

/**
 * Exactly the signed PDF of a version, as a blob: URL for the browser's PDF viewer. `print`
 * asks with ?purpose=print so the hub audits a print (report.print) rather than an open.
 */
export async function pdfBlobUrl(client: ApiClient, reportId: string, version: number, print = false): Promise<string> {
  return URL.createObjectURL(new Blob([await pdfBytes(client, reportId, version, print)], { type: 'application/pdf' }));
}

/** Exactly the signed PDF bytes of a version (printing and saving hand these to the platform). */
export async function pdfBytes(client: ApiClient, reportId: string, version: number, print = false): Promise<Uint8Array<ArrayBuffer>> {
  const token = await client.session.accessToken();
  if (!token) throw clientError('session_ended');
  const url = `${client.baseUrl}/api/reports/${reportId}/versions/${version}/pdf${print ? '?purpose=print' : ''}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/pdf' } });
  } catch (err) {
    throw clientError('hub_unreachable', err);
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    throw errorFromResponse(res.status, body);
  }
  return new Uint8Array(await res.arrayBuffer());
}
