import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, createHub } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';

describe('cross-origin access', () => {
  let db: Database;
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-cors-'));
    const hub = await createHub(loadConfig({}, { dataDir: dir }), { db, jobs: false });
    ({ app } = await buildApp(hub));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the desktop app’s preflight with exactly its origin and the headers it needs', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/tasks',
      headers: { origin: 'app://teleread', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('app://teleread');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
  });

  it('gives other origins no CORS grant', async () => {
    for (const origin of ['https://evil.example', 'app://evil', 'null']) {
      const res = await app.inject({ method: 'GET', url: '/api/health', headers: { origin } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});
