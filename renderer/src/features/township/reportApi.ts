import { Report } from '../../../../shared/api/reports.js';
import type { ApiClient } from '../../api/client.js';

/** The signed report of a task (township staff see signed versions only). */
export function taskReport(client: ApiClient, taskId: string): Promise<Report> {
  return client.request('GET', `/api/tasks/${taskId}/report`, { schema: Report, auth: true });
}
