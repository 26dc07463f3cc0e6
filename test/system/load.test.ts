import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoStudies } from '../../server/demo/dicom/index.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { login } from '../harness/http.js';

/**
 * Load (issue 13): 50 simulated clients against ONE hub (the real `server/main.ts --demo` as a child
 * process, embedded database): each polls the worklist every 2 s and holds an /api/events socket;
 * the clients whose user may read the demo CT also fetch its frames by WADO-RS, one every 1.5 s,
 * walking the series. A driver claims and releases the CT task every 4 s so the sockets carry events.
 *
 * Pass/fail on errors and on memory growth, never on timing:
 *  - every response 2xx, every frame body non-empty, no socket closed or errored before the end;
 *  - memory flat: the hub's RSS (VmRSS from /proc, sampled every 5 s) after a 15 s warm-up is split in
 *    thirds; the median of the last third may exceed the median of the first third by at most
 *    max(15 %, 60 MB). (Node's heap and PGlite's WASM memory settle in steps; a leak that grows with
 *    the requests served — ~1,300 worklist polls and ~2,400 frames a minute — exceeds it within minutes.)
 * Duration: TELEREAD_LOAD_SECONDS (default 120, minimum 30).
 */
const SECONDS = Math.max(30, Number(process.env.TELEREAD_LOAD_SECONDS ?? 120));
const CLIENTS = 50;
const POLL_MS = 2000;
const FRAME_MS = 1500;
const RSS_EVERY_MS = 5000;
const WARMUP_MS = 15_000;
const ANY_TS = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

const ct = demoStudies().find((s) => s.modality === 'CT')!;
const ctTownUser = ct.siteCode === 'QSX-DPZ' ? 'town1' : 'town2';
const USERS = ['rad1', 'rad2', 'town1', 'town2', 'ecg1'];
const mayReadCt = (u: string) => u === 'rad1' || u === 'rad2' || u === ctTownUser;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const mb = (n: number) => Math.round(n / 1048576);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Frame {
  series: string;
  sop: string;
}

describe(`load: ${CLIENTS} clients on one hub for ${SECONDS} s`, () => {
  let hub: HubProcess;
  const tokens = new Map<string, string>();
  let frames: Frame[] = [];
  let clientsReady: Promise<Array<{ i: number; user: string; token: string; events: number }>>;
  let setupSeconds = 0;

  beforeAll(async () => {
    const s0 = Date.now();
    hub = await startHub({ demo: true });
    // Each client signs in for itself (a session per client, as 50 workstations would have), while
    // the hub is still seeding the demo studies (it serves from the moment it listens).
    clientsReady = Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const user = USERS[i % USERS.length];
        return { i, user, token: await login(hub.url, user), events: 0 };
      }),
    );
    clientsReady.catch(() => undefined); // awaited (and reported) by the test
    await hub.waitForOutput('TELEREAD_DEMO_SEEDED');
    setupSeconds = (Date.now() - s0) / 1000;
    for (const u of USERS) tokens.set(u, await login(hub.url, u));
    const r = await fetch(`${hub.url}/dicomweb/studies/${ct.studyInstanceUid}/metadata`, { headers: { authorization: `Bearer ${tokens.get('rad1')}`, accept: 'application/dicom+json' } });
    expect(r.status).toBe(200);
    const meta = (await r.json()) as Array<Record<string, { Value?: string[] }>>;
    frames = meta.map((m) => ({ series: m['0020000E'].Value![0], sop: m['00080018'].Value![0] }));
    expect(frames.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('serves every request and socket without error, with flat memory', async () => {
    const errors: string[] = [];
    const fail = (what: string) => {
      if (errors.length < 50) errors.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
      else errors.length++;
    };
    const counts = { polls: 0, frames: 0, frameBytes: 0, events: 0, claims: 0 };
    let stopping = false;
    let t0 = Date.now();
    let end = Infinity;
    const clients = await clientsReady;

    // Event sockets.
    const sockets = clients.map((c) => {
      const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/api/events`);
      const ready = new Promise<void>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: c.token })));
        ws.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as { type: string };
          if (msg.type === 'ready') resolve();
          if (msg.type === 'event') {
            c.events++;
            counts.events++;
          }
        });
        ws.on('error', (err) => {
          fail(`socket ${c.i} (${c.user}) error: ${err.message}`);
          reject(err);
        });
        ws.on('close', (code, reason) => {
          if (!stopping) fail(`socket ${c.i} (${c.user}) closed ${code} ${String(reason)}`);
        });
      });
      return { ws, ready };
    });
    await Promise.all(sockets.map((s) => s.ready));
    const connectSeconds = (Date.now() - t0) / 1000;
    // The measured window starts once every client is signed in and connected.
    t0 = Date.now();
    end = t0 + SECONDS * 1000;

    const get = async (what: string, token: string, rel: string, accept: string): Promise<Buffer | undefined> => {
      try {
        const r = await fetch(hub.url + rel, { headers: { authorization: `Bearer ${token}`, accept } });
        const body = Buffer.from(await r.arrayBuffer());
        if (r.status < 200 || r.status > 299) fail(`${what} ${r.status} ${body.toString('utf8', 0, 200)}`);
        else return body;
      } catch (err) {
        fail(`${what} threw ${(err as Error).message}`);
      }
      return undefined;
    };

    const pollLoop = async (c: (typeof clients)[number]) => {
      await sleep((c.i * POLL_MS) / CLIENTS);
      while (!stopping && Date.now() < end) {
        const body = await get(`poll ${c.i} (${c.user})`, c.token, '/api/tasks', 'application/json');
        if (body) {
          counts.polls++;
          if (!Array.isArray((JSON.parse(body.toString('utf8')) as { tasks?: unknown }).tasks)) fail(`poll ${c.i}: no tasks array`);
        }
        await sleep(POLL_MS);
      }
    };
    const frameLoop = async (c: (typeof clients)[number]) => {
      await sleep((c.i * FRAME_MS) / CLIENTS);
      let k = c.i;
      while (!stopping && Date.now() < end) {
        const f = frames[k++ % frames.length];
        const body = await get(`frame ${c.i} (${c.user})`, c.token, `/dicomweb/studies/${ct.studyInstanceUid}/series/${f.series}/instances/${f.sop}/frames/1`, ANY_TS);
        if (body) {
          if (body.length < 1024) fail(`frame ${c.i}: only ${body.length} bytes`);
          counts.frames++;
          counts.frameBytes += body.length;
        }
        await sleep(FRAME_MS);
      }
    };
    const driver = async () => {
      const token = tokens.get('rad1')!;
      const list = await get('driver list', token, '/api/tasks?limit=50', 'application/json');
      const task = (JSON.parse(list!.toString('utf8')) as { tasks: Array<{ id: string; studyInstanceUid: string }> }).tasks.find((t) => t.studyInstanceUid === ct.studyInstanceUid)!;
      while (!stopping && Date.now() < end) {
        for (const step of ['claim', 'release']) {
          const r = await fetch(`${hub.url}/api/tasks/${task.id}/${step}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
          if (!r.ok) fail(`driver ${step} ${r.status} ${await r.text()}`);
          else await r.arrayBuffer();
          await sleep(2000);
        }
        counts.claims++;
      }
    };

    const rss: Array<{ s: number; bytes: number }> = [];
    const sampler = async () => {
      while (!stopping && Date.now() < end) {
        rss.push({ s: Math.round((Date.now() - t0) / 1000), bytes: rssBytes(hub.pid) });
        await sleep(RSS_EVERY_MS);
      }
    };

    await Promise.all([...clients.map(pollLoop), ...clients.filter((c) => mayReadCt(c.user)).map(frameLoop), driver(), sampler()]);
    // Sockets still open at the end (a closed one was recorded as an error already).
    const open = sockets.filter((s) => s.ws.readyState === WebSocket.OPEN).length;
    stopping = true;
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.ws.readyState === WebSocket.CLOSED) return resolve();
            s.ws.once('close', () => resolve());
            s.ws.close();
          }),
      ),
    );

    const steady = rss.filter((x) => x.s * 1000 >= WARMUP_MS);
    const third = Math.floor(steady.length / 3);
    const first = median(steady.slice(0, third).map((x) => x.bytes));
    const last = median(steady.slice(-third).map((x) => x.bytes));
    const allowed = Math.max(first * 0.15, 60 * 1048576);
    const frameClients = clients.filter((c) => mayReadCt(c.user)).length;
    console.log(
      `load: ${CLIENTS} clients (${frameClients} fetching frames; setup ${setupSeconds.toFixed(1)} s hub start, demo seeding and sign-ins, ${connectSeconds.toFixed(1)} s to connect the sockets), ${SECONDS} s: ${counts.polls} worklist polls, ${counts.frames} frames (${mb(counts.frameBytes)} MB), ` +
        `${counts.events} events received over ${CLIENTS} sockets (${counts.claims} claim/release rounds), ${errors.length} errors, ${open}/${CLIENTS} sockets open at the end\n` +
        `load: hub RSS MB every ${RSS_EVERY_MS / 1000} s: ${rss.map((x) => `${x.s}s=${mb(x.bytes)}`).join(' ')}\n` +
        `load: RSS median first third ${mb(first)} MB, last third ${mb(last)} MB (growth ${mb(last - first)} MB, allowed ${mb(allowed)} MB)`,
    );

    expect(errors, errors.join('\n')).toEqual([]);
    expect(open).toBe(CLIENTS);
    expect(third).toBeGreaterThanOrEqual(2);
    expect(counts.polls).toBeGreaterThan(CLIENTS * (SECONDS / (POLL_MS / 1000)) * 0.5);
    expect(counts.frames).toBeGreaterThan(frameClients * (SECONDS / (FRAME_MS / 1000)) * 0.3);
    // Every reader socket saw the driver's claims (task events reach those who may read the task).
    for (const c of clients.filter((x) => x.user.startsWith('rad') || x.user === ctTownUser)) expect(c.events, `socket ${c.i} (${c.user}) events`).toBeGreaterThan(0);
    expect(last - first, `RSS grew from ${mb(first)} MB to ${mb(last)} MB`).toBeLessThanOrEqual(allowed);
  }, (SECONDS + 60) * 1000);
});
