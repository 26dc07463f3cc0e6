import { z } from 'zod';
import { CancelRequest, ExamRequest, PriorityRequest, ReassignRequest, Task, TaskKind, TaskList, TaskQuery } from '../../shared/api/worklist.js';
import { READER_ROLES } from '../../shared/domain/roles.js';
import { defineRoute } from '../http/route.js';

const IdParams = z.object({ id: z.string().uuid() });
const READERS = { roles: READER_ROLES } as const;
const SUPERVISOR = { roles: ['supervisor'] } as const;

export const worklistRoutes = [
  defineRoute({
    id: 'tasks.list',
    method: 'GET',
    url: '/api/tasks',
    summary: 'The reading queue (filtered to what the caller may see), with counts per state',
    tags: ['worklist'],
    access: { roles: 'any' },
    query: TaskQuery,
    response: TaskList,
    handler: async ({ hub, user, query }) => hub.worklist.list(user(), query),
  }),
  defineRoute({
    id: 'tasks.next',
    method: 'GET',
    url: '/api/tasks/next',
    summary: 'The next waiting task for this reader, by priority then age (null when the queue is empty)',
    tags: ['worklist'],
    access: READERS,
    query: z.object({ kind: TaskKind.optional() }),
    response: Task.nullable(),
    handler: async ({ hub, user, query }) => {
      const p = user();
      const kind = query.kind ?? (p.role === 'ecg_reader' ? 'ecg' : 'imaging');
      const list = await hub.worklist.list(p, { kind, state: 'waiting', limit: 1, offset: 0 });
      return list.tasks[0] ?? null;
    },
  }),
  defineRoute({
    id: 'tasks.get',
    method: 'GET',
    url: '/api/tasks/:id',
    summary: 'One task',
    tags: ['worklist'],
    access: { roles: 'any' },
    params: IdParams,
    response: Task,
    handler: async ({ hub, user, params, meta }) => hub.worklist.toApi(await hub.worklist.get(user(), params.id, meta.ip)),
  }),
  defineRoute({
    id: 'tasks.claim',
    method: 'POST',
    url: '/api/tasks/:id/claim',
    summary: 'Claim a task to read it (a lease); 409 with the holder’s name if someone else has it',
    tags: ['worklist'],
    access: READERS,
    params: IdParams,
    response: Task,
    handler: async ({ hub, user, params, meta }) => hub.worklist.claim(user(), params.id, meta.ip),
  }),
  defineRoute({
    id: 'tasks.renew',
    method: 'POST',
    url: '/api/tasks/:id/renew',
    summary: 'Renew the holder’s lease while reading',
    tags: ['worklist'],
    access: READERS,
    params: IdParams,
    response: Task,
    handler: async ({ hub, user, params, meta }) => hub.worklist.renew(user(), params.id, meta.ip),
  }),
  defineRoute({
    id: 'tasks.release',
    method: 'POST',
    url: '/api/tasks/:id/release',
    summary: 'Give a claimed task back to the queue',
    tags: ['worklist'],
    access: READERS,
    params: IdParams,
    response: Task,
    handler: async ({ hub, user, params, meta }) => hub.worklist.release(user(), params.id, meta.ip),
  }),
  defineRoute({
    id: 'tasks.reassign',
    method: 'POST',
    url: '/api/tasks/:id/reassign',
    summary: 'Supervisor: give the task to another reader',
    tags: ['worklist'],
    access: SUPERVISOR,
    params: IdParams,
    body: ReassignRequest,
    response: Task,
    handler: async ({ hub, user, params, body, meta, authorize }) => {
      await authorize('task.manage', {});
      return hub.worklist.reassign(user(), params.id, body.userId, meta.ip);
    },
  }),
  defineRoute({
    id: 'tasks.priority',
    method: 'POST',
    url: '/api/tasks/:id/priority',
    summary: 'Supervisor: change the priority',
    tags: ['worklist'],
    access: SUPERVISOR,
    params: IdParams,
    body: PriorityRequest,
    response: Task,
    handler: async ({ hub, user, params, body, meta, authorize }) => {
      await authorize('task.manage', {});
      return hub.worklist.setPriority(user(), params.id, body.priority, meta.ip);
    },
  }),
  defineRoute({
    id: 'tasks.cancel',
    method: 'POST',
    url: '/api/tasks/:id/cancel',
    summary: 'Supervisor: cancel a task (with a reason)',
    tags: ['worklist'],
    access: SUPERVISOR,
    params: IdParams,
    body: CancelRequest,
    response: Task,
    handler: async ({ hub, user, params, body, meta, authorize }) => {
      await authorize('task.manage', {});
      return hub.worklist.cancel(user(), params.id, body.reason, meta.ip);
    },
  }),
  defineRoute({
    id: 'examRequests.save',
    method: 'PUT',
    url: '/api/exam-requests',
    summary: 'Township: the exam request for a study (clinical history, exam, urgency, ordering clinician, phone)',
    tags: ['worklist'],
    access: { roles: ['township_staff'] },
    body: ExamRequest,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ hub, user, body, meta }) => {
      await hub.worklist.saveExamRequest(user(), body, meta.ip);
      return { ok: true };
    },
  }),
];
