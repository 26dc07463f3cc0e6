import { Report } from '../../../../shared/api/reports.js';
import type { ApiClient } from '../../api/client.js';
import { clientError, errorFromResponse } from '../../api/errors.js';

/** The signed report of a task (township staff see signed versions only). */
export function taskReport(client: ApiClient, taskId: string): Promise<Report> {
  return client.request('GET', `/api/tasks/${taskId}/report`, { schema: Report, auth: true });
}

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
