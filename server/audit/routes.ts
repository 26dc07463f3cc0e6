import { z } from 'zod';
import { AuditEntry, AuditQuery, AuditVerifyResult } from '../../shared/api/audit.js';
import { defineRoute } from '../http/route.js';

export const auditRoutes = [
  defineRoute({
    id: 'audit.query',
    method: 'GET',
    url: '/api/audit',
    summary: 'Search the audit trail by patient, user, study, action, outcome and time range (newest first)',
    tags: ['audit'],
    access: { roles: ['supervisor'] },
    query: AuditQuery,
    response: z.array(AuditEntry),
    handler: async ({ hub, query, authorize, record }) => {
      await authorize('audit.read', {});
      const rows = await hub.audit.query(query);
      await record({ action: 'audit.query', detail: { ...query } });
      return rows;
    },
  }),
  defineRoute({
    id: 'audit.verify',
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Walk the hash chain and report the first broken link, if any',
    tags: ['audit'],
    access: { roles: ['supervisor'] },
    response: AuditVerifyResult,
    handler: async ({ hub, authorize, record }) => {
      await authorize('audit.read', {});
      const result = await hub.audit.verify();
      await record({ action: 'audit.verify', detail: { ok: result.ok, firstBrokenSeq: result.firstBrokenSeq } });
      return result;
    },
  }),
];
