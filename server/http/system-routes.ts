import { z } from 'zod';
import { HealthResponse } from '../../shared/api/health.js';
import { schemaVersion } from '../db/migrate.js';
import { defineRoute, type AnyRoute } from './route.js';
import { buildOpenApi } from './openapi.js';

export const VERSION = '0.1.0';

export function systemRoutes(allRoutes: () => readonly AnyRoute[]) {
  return [
    defineRoute({
      id: 'system.health',
      method: 'GET',
      url: '/api/health',
      summary: 'Is the hub up; which database and image store it uses',
      tags: ['system'],
      access: 'public',
      response: HealthResponse,
      handler: async ({ hub, reply }) => {
        let dbOk = true;
        let version = 0;
        try {
          version = await schemaVersion(hub.db);
        } catch {
          dbOk = false;
        }
        const store = await hub.storeInfo().catch(() => ({ kind: 'builtin' as const, location: 'unknown', ok: false }));
        const body: HealthResponse = {
          status: dbOk && store.ok ? 'ok' : 'degraded',
          version: VERSION,
          demo: hub.config.demo,
          database: { ...hub.db.describe(), ok: dbOk, schemaVersion: version },
          store,
          time: new Date().toISOString(),
        };
        reply.code(body.status === 'ok' ? 200 : 503);
        return body;
      },
    }),
    defineRoute({
      id: 'system.openapi',
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API as OpenAPI 3.1, generated from the schemas in shared/',
      tags: ['system'],
      access: 'public',
      response: z.record(z.string(), z.unknown()),
      handler: async () => buildOpenApi(allRoutes(), VERSION),
    }),
  ];
}
