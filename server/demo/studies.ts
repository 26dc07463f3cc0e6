import type { FastifyInstance } from 'fastify';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import type { Hub } from '../hub.js';
import { DEMO_PASSWORD, DEMO_USERS } from './accounts.js';
import { demoStudies, type DemoStudy } from './dicom/index.js';

const BATCH = 16;

/**
 * Puts the generated demo studies in through the hub's own front door, as the township staff of
 * each site would: exam request first (so the task gets its priority), then STOW-RS in batches.
 * The same path as a real upload means the same checks, audit rows, tasks and live events.
 * Idempotent: a study already complete in the index is skipped.
 */
export async function seedDemoStudies(hub: Hub, app: FastifyInstance, log: (line: string) => void = () => undefined): Promise<{ studiesSeeded: number; instancesSent: number }> {
  // A fresh sign-in per study: a short TELEREAD_ACCESS_TTL must not outlive a long seed.
  const tokenFor = async (siteCode: string) => {
    const user = DEMO_USERS.find((u) => u.role === 'township_staff' && u.site === siteCode);
    if (!user) throw new Error(`no demo township account for ${siteCode}`);
    return (await hub.auth.login(user.username, DEMO_PASSWORD, { ip: '127.0.0.1', userAgent: 'teleread-demo-seeder' })).accessToken;
  };
  let studiesSeeded = 0;
  let instancesSent = 0;
  for (const study of demoStudies()) {
    const have = await hub.db.query<{ num_instances: number }>('SELECT num_instances FROM studies WHERE study_instance_uid = $1', [study.studyInstanceUid]);
    if (have[0] && have[0].num_instances >= study.instanceCount) continue;
    const token = await tokenFor(study.siteCode);
    const headers = { authorization: `Bearer ${token}` };
    const req = await app.inject({ method: 'PUT', url: '/api/exam-requests', headers, payload: { studyInstanceUid: study.studyInstanceUid, ...study.request } });
    if (req.statusCode !== 200) throw new Error(`demo exam request for ${study.key} refused: ${req.body}`);
    instancesSent += await stowStudy(app, headers, study);
    studiesSeeded++;
    log(`demo study ${study.key} (${study.modality}, ${study.instanceCount} instances) → ${study.siteCode}`);
  }
  return { studiesSeeded, instancesSent };
}

async function stowStudy(app: FastifyInstance, headers: Record<string, string>, study: DemoStudy): Promise<number> {
  let batch: Uint8Array[] = [];
  let sent = 0;
  const flush = async () => {
    if (!batch.length) return;
    const { body, contentType } = stowBody(batch);
    const res = await app.inject({
      method: 'POST',
      url: `/dicomweb/studies/${study.studyInstanceUid}`,
      headers: { ...headers, 'content-type': contentType, accept: 'application/dicom+json' },
      payload: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    });
    if (res.statusCode !== 200) throw new Error(`demo STOW for ${study.key} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    sent += batch.length;
    batch = [];
  };
  for (const bytes of study.instances()) {
    // Generating slices is CPU-bound: let the hub answer requests between them.
    await new Promise((resolve) => setImmediate(resolve));
    batch.push(bytes);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return sent;
}
