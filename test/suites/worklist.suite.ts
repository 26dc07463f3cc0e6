import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp, createHub } from '../../server/app.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { seedDemoAccounts } from '../../server/demo/accounts.js';
import type { Hub } from '../../server/hub.js';

let uidCounter = 0;
export const newStudyUid = () => `1.2.826.0.1.3680043.10.999.${Date.now()}.${++uidCounter}`;

/** A study in the index as the DICOMweb gateway would leave it (the gateway itself is tested elsewhere). */
export async function insertStudy(db: Database, opts: { uid?: string; siteCode: string; modality: string; sopClass: string; name?: string; ideo?: string }) {
  const uid = opts.uid ?? newStudyUid();
  const site = (await db.query<{ id: string }>('SELECT id FROM sites WHERE code = $1', [opts.siteCode]))[0];
  await db.query(
    `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, modalities, source, num_series, num_instances)
     VALUES ($1, $2, $3, $4, $5, $6, 'upload', 1, 1)`,
    [uid, site.id, `P${uidCounter}`, opts.name ?? 'Zhang^San', opts.ideo ?? '张三', [opts.modality]],
  );
  await db.query('INSERT INTO series (series_instance_uid, study_instance_uid, modality, num_instances) VALUES ($1, $2, $3, 1)', [`${uid}.1`, uid, opts.modality]);
  await db.query(
    `INSERT INTO instances (sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid, transfer_syntax_uid, byte_size, sha256, metadata)
     VALUES ($1, $2, $3, $4, '1.2.840.10008.1.2.1', 1, 'x', '{}')`,
    [`${uid}.1.1`, `${uid}.1`, uid, opts.sopClass],
  );
  return uid;
}

export const CT = { modality: 'CT', sopClass: '1.2.840.10008.5.1.4.1.1.2' };
export const ECG = { modality: 'ECG', sopClass: '1.2.840.10008.5.1.4.1.1.9.1.1' };

export interface SocketClient {
  events: Array<{ seq: number; type: string; payload: { task?: { id: string; state: string; claimedBy: { username: string } | null } } }>;
  ready: Promise<{ lastSeq: number }>;
  waitFor(pred: (e: SocketClient['events'][number]) => boolean, ms?: number): Promise<SocketClient['events'][number]>;
  close(): void;
}

export function connectEvents(baseUrl: string, token: string, since?: number): SocketClient {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/events`);
  const events: SocketClient['events'] = [];
  const waiters: Array<() => void> = [];
  let resolveReady!: (v: { lastSeq: number }) => void;
  const ready = new Promise<{ lastSeq: number }>((r) => (resolveReady = r));
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token, since })));
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw));
    if (msg.type === 'ready') resolveReady(msg);
    if (msg.type === 'event') {
      events.push(msg.event);
      waiters.splice(0).forEach((w) => w());
    }
  });
  return {
    events,
    ready,
    waitFor(pred, ms = 1000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.type))}`)), ms);
        const check = () => {
          const hit = events.find(pred);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => ws.close(),
  };
}

export interface TestHub {
  hub: Hub;
  app: FastifyInstance;
  url: string;
  token(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestHub(db: Database, opts: { seed?: boolean } = {}): Promise<TestHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-wl-'));
  const hub = await createHub(loadConfig({}, { dataDir, demo: true, tokenSecret: 'worklist-secret-'.padEnd(48, 'z') }), { db, jobs: false });
  if (opts.seed !== false) await seedDemoAccounts(hub);
  const { app } = await buildApp(hub);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    hub,
    app,
    url,
    async token(username, password = 'demo') {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
      return res.json().accessToken;
    },
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** States, leases, the claim race, supervisor actions, TAT in the API, and live events. */
export function defineWorklistSuite(label: string, openDb: () => Promise<Database>, raceRounds: number) {
  describe(`worklist on ${label}`, () => {
    let db: Database;
    let t: TestHub;
    const tokens: Record<string, string> = {};
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
      t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });
    const newTask = async (siteCode = 'QSX-DPZ', kind = CT) => {
      const uid = await insertStudy(db, { siteCode, ...kind });
      const [task] = await t.hub.worklist.ensureTasksForStudy(uid);
      return { uid, task };
    };

    beforeAll(async () => {
      db = await openDb();
      t = await startTestHub(db);
      for (const u of ['rad1', 'rad2', 'ecg1', 'town1', 'town2', 'admin']) tokens[u] = await t.token(u);
    });
    afterAll(async () => {
      await t?.close();
      await db?.close();
    });

    it('an arriving study makes the right task once, with the priority of its exam request', async () => {
      const uid = newStudyUid();
      const req = await call('PUT', '/api/exam-requests', 'town1', {
        studyInstanceUid: uid, clinicalHistory: '胸痛 2 小时', examRequested: '胸部CT平扫', urgency: 'stat', orderingClinician: '刘医生', contactPhone: '0571-1234567',
      });
      expect(req.statusCode, req.body).toBe(200);
      await insertStudy(db, { uid, siteCode: 'QSX-DPZ', ...CT });
      await t.hub.studyEvents.emit({ type: 'study.stored', studyUid: uid, siteId: null, source: 'upload', newInstances: 1, newStudy: true });
      expect(await t.hub.worklist.ensureTasksForStudy(uid)).toEqual([]);
      const list = (await call('GET', `/api/tasks?q=${encodeURIComponent('张三')}&state=waiting&limit=1000`, 'rad1')).json();
      const task = list.tasks.find((x: { studyInstanceUid: string }) => x.studyInstanceUid === uid);
      expect(task).toMatchObject({ kind: 'imaging', priority: 'stat', state: 'waiting', siteName: '东坪镇卫生院', claimedBy: null });
      expect(task.request).toMatchObject({ clinicalHistory: '胸痛 2 小时', orderingClinician: '刘医生' });
      expect(task.tat).toMatchObject({ targetMinutes: 30, overdue: false });
      const ecg = await newTask('QSX-XHX', ECG);
      expect(ecg.task).toMatchObject({ kind: 'ecg', priority: 'routine' });
      const other = await call('PUT', '/api/exam-requests', 'town2', { studyInstanceUid: uid, urgency: 'routine' });
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('exam_request_site_mismatch');
    });

    it('township staff see only their own site’s tasks; readers see all sites', async () => {
      const a = await newTask('QSX-DPZ');
      const b = await newTask('QSX-XHX');
      const town1 = (await call('GET', '/api/tasks?limit=1000', 'town1')).json();
      expect(town1.tasks.some((x: { id: string }) => x.id === a.task.id)).toBe(true);
      expect(town1.tasks.some((x: { id: string }) => x.id === b.task.id)).toBe(false);
      expect((await call('GET', `/api/tasks/${b.task.id}`, 'town1')).statusCode).toBe(404);
      const rad = (await call('GET', '/api/tasks?limit=1000', 'rad1')).json();
      expect(rad.tasks.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([a.task.id, b.task.id]));
      expect(rad.counts.waiting).toBeGreaterThan(1);
      const denied = await db.query("SELECT 1 FROM audit_log WHERE action = 'task.read' AND outcome = 'denied' AND username = 'town1'");
      expect(denied.length).toBe(1);
    });

    it('claim, conflict with the holder’s name, renew, release — each transition recorded', async () => {
      const { task } = await newTask();
      const c1 = await call('POST', `/api/tasks/${task.id}/claim`, 'rad1');
      expect(c1.statusCode).toBe(200);
      expect(c1.json()).toMatchObject({ state: 'claimed', claimedBy: { username: 'rad1', displayName: '王磊' } });
      const c2 = await call('POST', `/api/tasks/${task.id}/claim`, 'rad2');
      expect(c2.statusCode).toBe(409);
      expect(c2.json().error).toMatchObject({ code: 'task_taken', message: '该检查已由 王磊 认领阅片。' });
      const ecg = await call('POST', `/api/tasks/${task.id}/claim`, 'ecg1');
      expect(ecg.statusCode).toBe(403);
      expect((await call('POST', `/api/tasks/${task.id}/claim`, 'town1')).statusCode).toBe(403);
      expect((await call('POST', `/api/tasks/${task.id}/renew`, 'rad1')).statusCode).toBe(200);
      expect((await call('POST', `/api/tasks/${task.id}/renew`, 'rad2')).json().error.code).toBe('not_task_holder');
      expect((await call('POST', `/api/tasks/${task.id}/release`, 'rad2')).statusCode).toBe(409);
      const rel = await call('POST', `/api/tasks/${task.id}/release`, 'rad1');
      expect(rel.json()).toMatchObject({ state: 'waiting', claimedBy: null });
      expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad2')).statusCode).toBe(200);
      const steps = await db.query<{ action: string; to_state: string }>('SELECT action, to_state FROM task_transitions WHERE task_id = $1 ORDER BY id', [task.id]);
      // Renewals are heartbeats, not transitions.
      expect(steps.map((s) => s.action)).toEqual(['create', 'claim', 'release', 'claim']);
      const audit = await db.query<{ action: string; outcome: string }>("SELECT action, outcome FROM audit_log WHERE resource = $1 ORDER BY seq", [`task:${task.id}`]);
      expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(
        expect.arrayContaining(['task.claim:allowed', 'task.claim:failed', 'task.claim:denied', 'task.release:allowed']),
      );
    });

    it('a lapsed lease returns the task to the queue; another reader can take it', async () => {
      const { task } = await newTask();
      expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad1')).statusCode).toBe(200);
      // Move the lease into the past rather than sleeping through it.
      await db.query("UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = $1", [task.id]);
      expect((await call('GET', `/api/tasks/${task.id}`, 'rad2')).json()).toMatchObject({ state: 'waiting', claimedBy: null });
      expect((await call('POST', `/api/tasks/${task.id}/renew`, 'rad1')).json().error.code).toBe('not_task_holder');
      expect(await t.hub.worklist.expireLeases()).toBeGreaterThanOrEqual(1);
      const row = (await db.query<{ state: string; claimed_by: string | null }>('SELECT state, claimed_by FROM tasks WHERE id = $1', [task.id]))[0];
      expect(row).toEqual({ state: 'waiting', claimed_by: null });
      expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad2')).json().claimedBy.username).toBe('rad2');
    });

    it(`fifty simultaneous claims on one task: exactly one winner, ${raceRounds} rounds`, async () => {
      const hash = await hashPassword('race-password');
      const county = (await db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-RMYY'"))[0].id;
      const racers: string[] = [];
      for (let i = 0; i < 50; i++) {
        const name = `racer${label.replace(/\W/g, '')}${i}`;
        await db.query("INSERT INTO users (username, display_name, role, site_id, password_hash) VALUES ($1, $1, 'radiologist', $2, $3)", [name, county, hash]);
        racers.push(await t.token(name, 'race-password'));
      }
      for (let round = 0; round < raceRounds; round++) {
        const { task } = await newTask();
        const results = await Promise.all(
          racers.map((tok) => t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/claim`, headers: { authorization: `Bearer ${tok}` } })),
        );
        const codes = results.map((r) => r.statusCode);
        expect(codes.filter((c) => c === 200)).toHaveLength(1);
        expect(codes.filter((c) => c === 409)).toHaveLength(49);
        const winner = results.find((r) => r.statusCode === 200)!.json().claimedBy.username;
        expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.details.holder === winner)).toBe(true);
        const claims = await db.query("SELECT 1 FROM task_transitions WHERE task_id = $1 AND action = 'claim'", [task.id]);
        expect(claims).toHaveLength(1);
      }
      // 50 scrypt logins (memory-hard by design) dominate this test; on a loaded 2-core machine they alone took > 30 s.
    }, 120_000);

    it('supervisors reassign (to a reader of the right kind), reprioritise and cancel; others cannot', async () => {
      const { task } = await newTask();
      const users = (await call('GET', '/api/users', 'admin')).json() as Array<{ id: string; username: string }>;
      const id = (u: string) => users.find((x) => x.username === u)!.id;
      expect((await call('POST', `/api/tasks/${task.id}/reassign`, 'rad1', { userId: id('rad2') })).statusCode).toBe(403);
      expect((await call('POST', `/api/tasks/${task.id}/reassign`, 'admin', { userId: id('ecg1') })).json().error.code).toBe('invalid_assignee');
      const r = await call('POST', `/api/tasks/${task.id}/reassign`, 'admin', { userId: id('rad2') });
      expect(r.json()).toMatchObject({ state: 'claimed', claimedBy: { username: 'rad2' } });
      const p = await call('POST', `/api/tasks/${task.id}/priority`, 'admin', { priority: 'urgent' });
      expect(p.json()).toMatchObject({ priority: 'urgent', tat: { targetMinutes: 120 } });
      // A later exam request does not undo the supervisor's choice.
      await call('PUT', '/api/exam-requests', 'town1', { studyInstanceUid: task.studyInstanceUid, urgency: 'routine' });
      expect((await call('GET', `/api/tasks/${task.id}`, 'admin')).json().priority).toBe('urgent');
      expect((await call('POST', `/api/tasks/${task.id}/cancel`, 'admin', { reason: '重复上传' })).json().state).toBe('cancelled');
      expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad1')).json().error.code).toBe('task_not_open');
    });

    it('next task follows priority then age; my tasks lists only mine', async () => {
      await db.query("UPDATE tasks SET state = 'cancelled' WHERE state = 'waiting'");
      const routine = await newTask();
      const stat = await newTask();
      await call('POST', `/api/tasks/${stat.task.id}/priority`, 'admin', { priority: 'stat' });
      expect((await call('GET', '/api/tasks/next', 'rad1')).json().id).toBe(stat.task.id);
      await call('POST', `/api/tasks/${stat.task.id}/claim`, 'rad1');
      expect((await call('GET', '/api/tasks/next', 'rad1')).json().id).toBe(routine.task.id);
      const mine = (await call('GET', '/api/tasks?mine=true', 'rad1')).json();
      expect(mine.tasks.map((x: { id: string }) => x.id)).toContain(stat.task.id);
      expect(mine.tasks.every((x: { claimedBy: { username: string } }) => x.claimedBy.username === 'rad1')).toBe(true);
    });

    it('pushes task events live to sessions allowed to see them, and replays what a client missed', async () => {
      const rad2 = connectEvents(t.url, tokens.rad2);
      const town2 = connectEvents(t.url, tokens.town2);
      const { lastSeq } = await rad2.ready;
      await town2.ready;
      const { task } = await newTask('QSX-DPZ');
      await rad2.waitFor((e) => e.type === 'task.created' && e.payload.task?.id === task.id);
      await call('POST', `/api/tasks/${task.id}/claim`, 'rad1');
      const taken = await rad2.waitFor((e) => e.type === 'task.updated' && e.payload.task?.id === task.id);
      expect(taken.payload.task).toMatchObject({ state: 'claimed', claimedBy: { username: 'rad1' } });
      const other = await newTask('QSX-XHX');
      await town2.waitFor((e) => e.payload.task?.id === other.task.id);
      expect(town2.events.some((e) => e.payload.task?.id === task.id)).toBe(false);
      rad2.close();
      town2.close();
      // Reconnect from where we were: everything since arrives, in order.
      const again = connectEvents(t.url, tokens.rad2, lastSeq);
      await again.ready;
      const replayed = again.events.filter((e) => e.payload.task?.id === task.id).map((e) => e.type);
      expect(replayed).toEqual(['task.created', 'task.updated']);
      const seqs = again.events.map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      again.close();
    });

    it('a socket without a valid hello is closed with 4401 and the attempt audited', async () => {
      const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/api/events`);
      const code = await new Promise<number>((resolve) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: 'not-a-real-token-at-all' })));
        ws.on('close', (c) => resolve(c));
      });
      expect(code).toBe(4401);
      expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'events.connect' AND outcome = 'denied'")).length).toBeGreaterThan(0);
    });
  });
}
