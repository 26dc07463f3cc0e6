import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { buildApp, createHub } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { openPglite } from '../../server/db/pglite.js';
import { seedDemoAccounts } from '../../server/demo/accounts.js';
import { startOrthanc, type OrthancServer } from '../harness/orthanc.js';
import { dataFile } from '../harness/testdata.js';

/**
 * Upstream mode: the hub stores the report's SR, Encapsulated PDF and KOS in the PACS (Orthanc
 * 1.10 + DICOMweb plugin) through the same path as STOW, and they come back byte-identical.
 */
describe('report artefacts in an upstream PACS (Orthanc)', () => {
  let orthanc: OrthancServer;
  let db: Database;
  let app: FastifyInstance;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    process.env.TELEREAD_PACS_POLL_SECONDS = '0';
    orthanc = await startOrthanc();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-report-upstream-'));
    db = await openPglite(undefined);
    await migrate(db);
    const hub = await createHub(
      loadConfig({}, { dataDir, demo: true, tokenSecret: 'report-upstream-'.padEnd(48, 'u'), pacsDicomwebUrl: orthanc.dicomweb, pacsAuth: orthanc.pacsAuth }),
      { db, jobs: false },
    );
    await seedDemoAccounts(hub);
    app = (await buildApp(hub)).app;
    for (const u of ['rad1', 'rad2', 'town1']) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'demo' } });
      tokens[u] = res.json().accessToken;
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await orthanc?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('SR, PDF and KOS are stored in the PACS and come back byte-identical', async () => {
    const { body, contentType } = stowBody([fs.readFileSync(dataFile('ct-series/pancreas-ct-cb-001/1-002.dcm'))]);
    const stow = await app.inject({ method: 'POST', url: '/dicomweb/studies', payload: Buffer.from(body), headers: { authorization: `Bearer ${tokens.town1}`, 'content-type': contentType } });
    expect(stow.statusCode, stow.body).toBe(200);
    const img = (await db.query<{ study_instance_uid: string; series_instance_uid: string; sop_instance_uid: string; sop_class_uid: string }>(
      'SELECT study_instance_uid, series_instance_uid, sop_instance_uid, sop_class_uid FROM instances LIMIT 1',
    ))[0];
    const task = (await db.query<{ id: string }>('SELECT id FROM tasks WHERE study_instance_uid = $1', [img.study_instance_uid]))[0];
    expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad1')).statusCode).toBe(200);
    const report = (await call('POST', '/api/reports', 'rad1', { taskId: task.id, templateId: 'ct-chest' })).json();
    const keyImages = [{ seriesInstanceUid: img.series_instance_uid, sopInstanceUid: img.sop_instance_uid, sopClassUid: img.sop_class_uid }];
    const signed = await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1, content: { findings: '胰腺形态正常。', impression: '腹部CT平扫未见明显异常。', language: 'zh-CN', keyImages } });
    expect(signed.statusCode, signed.body).toBe(200);
    const v = signed.json().versions[0];
    expect(v.archivedAt).not.toBeNull();
    const outbox = await db.query<{ sop_instance_uid: string; bytes: Uint8Array }>('SELECT sop_instance_uid, bytes FROM report_outbox WHERE report_id = $1 ORDER BY seq', [report.id]);
    expect(outbox.map((o) => o.sop_instance_uid)).toEqual([v.srSopInstanceUid, v.pdfSopInstanceUid, v.kosSopInstanceUid]);
    for (const o of outbox) {
      const found = (await (await orthanc.rest('/tools/find', { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: { SOPInstanceUID: o.sop_instance_uid } }) })).json()) as string[];
      expect(found, o.sop_instance_uid).toHaveLength(1);
      const file = Buffer.from(await (await orthanc.rest(`/instances/${found[0]}/file`)).arrayBuffer());
      expect(file.equals(Buffer.from(o.bytes)), `${o.sop_instance_uid} byte-identical`).toBe(true);
    }
    // And through the hub's own gateway, as a township client would find them (QIDO series).
    const qido = await call('GET', `/dicomweb/studies/${img.study_instance_uid}/series`, 'town1');
    expect(qido.statusCode).toBe(200);
    const modalities = (qido.json() as Array<Record<string, { Value?: string[] }>>).map((s) => s['00080060']?.Value?.[0]).sort();
    expect(modalities).toEqual(['CT', 'DOC', 'KO', 'SR']);
  }, 60_000);
});
