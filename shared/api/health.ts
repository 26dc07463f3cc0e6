import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  demo: z.boolean(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), location: z.string(), ok: z.boolean(), schemaVersion: z.number().int() }),
  store: z.object({ kind: z.enum(['builtin', 'upstream']), location: z.string(), ok: z.boolean() }),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
