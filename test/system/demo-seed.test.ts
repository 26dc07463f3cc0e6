import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, createHub } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { seedDemo } from '../../server/demo/seed.js';
import { seedDemoStudies } from '../../server/demo/studies.js';
import { demoStudies } from '../../server/demo/dicom/index.js';
import type { Hub } from '../../server/hub.js';

describe('demo mode seeding (npm run serve -- --demo)', () => {
  let dir: string;
  let hub: Hub;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-demo-'));
    hub = await createHub(loadConfig({}, { dataDir: dir, demo: true }), { jobs: false });
    ({ app } = await buildApp(hub));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts every generated study in through the front door, with tasks prioritised by the exam request', async () => {
    await seedDemo(hub);
    const studies = demoStudies();
    const first = await seedDemoStudies(hub, app);
    expect(first).toEqual({ studiesSeeded: studies.length, instancesSent: studies.reduce((n, s) => n + s.instanceCount, 0) });
    const tasks = await hub.db.query<{ study_instance_uid: string; kind: string; priority: string; state: string }>('SELECT study_instance_uid, kind, priority, state FROM tasks');
    expect(tasks).toHaveLength(studies.length);
    for (const s of studies) {
      const t = tasks.find((x) => x.study_instance_uid === s.studyInstanceUid);
      expect(t, s.key).toMatchObject({ kind: s.modality === 'ECG' ? 'ecg' : 'imaging', priority: s.request.urgency, state: 'waiting' });
    }
    const sites = await hub.db.query<{ code: string; n: number }>('SELECT si.code, count(*)::int AS n FROM studies s JOIN sites si ON si.id = s.site_id GROUP BY si.code ORDER BY si.code');
    expect(sites.map((r) => r.code)).toEqual(['QSX-DPZ', 'QSX-XHX']);
    // One audit row per upload request (the CT goes up in batches), each naming its study.
    const stow = await hub.db.query<{ study_uid: string; username: string }>("SELECT DISTINCT study_uid, username FROM audit_log WHERE action = 'dicomweb.stow' AND outcome = 'allowed'");
    expect(stow.map((r) => r.study_uid).sort()).toEqual(studies.map((s) => s.studyInstanceUid).sort());
    expect(new Set(stow.map((r) => r.username))).toEqual(new Set(['town1', 'town2']));
  });

  it('a second start adds nothing', async () => {
    expect(await seedDemo(hub)).toEqual({ sitesCreated: 0, usersCreated: 0 });
    expect(await seedDemoStudies(hub, app)).toEqual({ studiesSeeded: 0, instancesSent: 0 });
    const n = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    expect(n[0].n).toBe(demoStudies().length);
  });
});
