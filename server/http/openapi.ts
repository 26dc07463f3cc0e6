import { z } from 'zod';
import { ApiErrorBody } from '../../shared/api/common.js';
import type { AnyRoute } from './route.js';

const toSchema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** OpenAPI from the route table, so the published contract cannot drift from what the hub validates. */
export function buildOpenApi(routes: readonly AnyRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      const parameters: unknown[] = [];
      for (const [where, schema] of [
        ['path', r.params],
        ['query', r.query],
      ] as const) {
        if (!schema) continue;
        const js = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, prop] of Object.entries(js.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
        }
      }
      (paths[path] ??= {})[m.toLowerCase()] = {
        operationId: r.id,
        summary: r.summary,
        tags: r.tags,
        security: r.access === 'public' ? [] : [{ bearer: [] }],
        'x-teleread-roles': r.access === 'public' ? 'public' : r.access.roles,
        parameters,
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
        responses: {
          [String(r.status ?? 200)]: {
            description: 'OK',
            ...(r.response ? { content: { 'application/json': { schema: toSchema(r.response, 'output') } } } : {}),
          },
          default: { description: 'Error', content: { 'application/json': { schema: toSchema(ApiErrorBody, 'output') } } },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'TeleRead Hub API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
