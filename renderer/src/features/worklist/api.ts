import { z } from 'zod';
import { Task, TaskList, type TaskQuery } from '../../../../shared/api/worklist.js';
import type { ApiClient } from '../../api/client.js';

/** The worklist's hub calls, typed by the schemas in shared/api/worklist.ts. */
export function listTasks(client: ApiClient, q: Partial<TaskQuery>): Promise<TaskList> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return client.request('GET', `/api/tasks?${params}`, { schema: TaskList, auth: true });
}

export const claimTask = (client: ApiClient, id: string) => client.request('POST', `/api/tasks/${id}/claim`, { schema: Task, auth: true });
export const releaseTask = (client: ApiClient, id: string) => client.request('POST', `/api/tasks/${id}/release`, { schema: Task, auth: true });
export const renewTask = (client: ApiClient, id: string) => client.request('POST', `/api/tasks/${id}/renew`, { schema: Task, auth: true });
export const nextTask = (client: ApiClient, kind?: 'imaging' | 'ecg') =>
  client.request('GET', `/api/tasks/next${kind ? `?kind=${kind}` : ''}`, { schema: Task.nullable(), auth: true });

/** ws(s)://<hub>/api/events, from the hub's base URL ('' = this page's origin). */
export function eventsUrl(hubBase: string | null | undefined, pageHref: string): string {
  const u = new URL('/api/events', hubBase || pageHref);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

export const TaskArray = z.array(Task);
