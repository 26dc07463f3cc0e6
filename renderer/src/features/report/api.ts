import { z } from 'zod';
import { Alert, Catalogue, type RaiseAlert } from '../../../../shared/api/critical.js';
import { Report, type AmendRequest, type SaveDraftRequest, type SignRequest } from '../../../../shared/api/reports.js';
import { Task, TaskList } from '../../../../shared/api/worklist.js';
import type { ApiClient } from '../../api/client.js';

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

/** The PDF of a signed version, fetched with the bearer token (an <iframe src> cannot send it) → a blob URL. */
export async function fetchPdfUrl(client: ApiClient, hubBase: string, reportId: string, n: number): Promise<string> {
  const token = await client.session.accessToken();
  const url = new URL(`/api/reports/${reportId}/versions/${n}/pdf`, hubBase || window.location.href);
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
