import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { openPostgres } from '../server/db/postgres.js';
import type { PgServer } from '../test/harness/postgres.js';
import { BENCH_PASSWORD, prepareHubDatabase } from './lib/accounts.js';
import { login } from './lib/dicomweb.js';
import { onCleanup, startHubProcess, tempDir, type HubProcess } from './lib/procs.js';
import { addRow, hubMemory, notes } from './lib/report.js';
import { fmtMb, fmtMs, median, p95 } from './lib/stats.js';

const CLIENTS = 50;
const EVENTS = 200; // 100 claims + 100 releases
const TASKS = EVENTS / 2;
const TIMEOUT_MS = 10_000;
const TARGET_P95 = 1000;

interface Expect {
  taskId: string;
  state: string;
  t0: number;
  got: Map<number, number>;
  done: () => void;
}

interface Client {
  id: number;
  ws: WebSocket;
  hub: string;
}

/** A live-event socket as the app opens it: hello with the token, then `ready`. Calls `onTask` for every task event. */
async function connect(id: number, hubUrl: string, token: string, onTask: (client: number, taskId: string, state: string, at: number) => void): Promise<Client> {
  const ws = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/api/events`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${id}: no ready within 15 s`)), 15_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const at = performance.now();
      const msg = JSON.parse(String(raw)) as { type: string; event?: { type: string; payload: { task?: { id: string; state: string } } } };
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (msg.type === 'event' && msg.event?.payload.task) onTask(id, msg.event.payload.task.id, msg.event.payload.task.state, at);
    });
  });
  return { id, ws, hub: hubUrl };
}

/** Section 6 (hub side): 50 sockets, 200 task events, one hub and two hubs on one PostgreSQL. */
export async function runEventBenchmarks(pg: PgServer): Promise<void> {
  const url = await pg.createDatabase('bench_events');
  const dirA = tempDir('events-a');
  const dirB = tempDir('events-b');
  await prepareHubDatabase({ dataDir: dirA.dir, databaseUrl: url });
  const db = await openPostgres(url, 2);
  onCleanup('events db', () => db.close());
  const dpz = (await db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-DPZ'"))[0].id;
  await db.query(
    `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, modalities, source, num_series, num_instances)
     SELECT '1.2.826.0.1.3680043.10.999.9.' || g, $1::uuid, 'E' || g, 'Li^Na', '李娜', ARRAY['CT'], 'upload', 1, 1 FROM generate_series(1, $2::int) g`,
    [dpz, TASKS],
  );
  const tasks = await db.query<{ id: string }>(
    `INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state)
     SELECT '1.2.826.0.1.3680043.10.999.9.' || g, 'imaging', $1::uuid, 'routine', 'waiting' FROM generate_series(1, $2::int) g RETURNING id`,
    [dpz, TASKS],
  );
  const env = (dir: string) => ({ DATABASE_URL: url, TELEREAD_DATA_DIR: dir, TELEREAD_TOKEN_SECRET: randomSecret });
  const randomSecret = randomBytes(32).toString('hex');
  const hubA = await startHubProcess('events-A', env(dirA.dir));
  const one = await scenario([hubA], hubA, tasks.map((t) => t.id));
  report('6a', 'one hub', one, hubA);
  const hubB = await startHubProcess('events-B', env(dirB.dir));
  const two = await scenario([hubA, hubB], hubA, tasks.map((t) => t.id));
  report('6b', 'two hubs on one PostgreSQL (API calls on hub A, half the clients on hub B: LISTEN/NOTIFY)', two, hubA, hubB, one);
  notes.push(
    `Events: ${CLIENTS} WebSocket clients in the bench process (40 signed in as readers rad1/rad2, 10 as township staff town1 of the tasks' site), hello → ready, then ${EVENTS} task events made through the API, one at a time: POST /api/tasks/:id/claim then /release as rad1 (${TASKS} tasks). Latency = from just before the API call to the client's receipt of the matching task.updated; the next call is made after every client has it (or after ${TIMEOUT_MS / 1000} s). Hub processes share TELEREAD_TOKEN_SECRET and the database. Alert events (critical values) go through the same bus and sockets; raise → modal needs the UI (6c).`,
  );
}

interface ScenarioResult {
  all: number[];
  cross: number[];
  lastPerEvent: number[];
  api: number[];
  missing: number;
  rssBefore: number[];
  rssPeak: number[];
}

async function scenario(hubs: HubProcess[], caller: HubProcess, taskIds: string[]): Promise<ScenarioResult> {
  let current: Expect | undefined;
  const onTask = (client: number, taskId: string, state: string, at: number) => {
    const e = current;
    if (!e || e.taskId !== taskId || e.state !== state || e.got.has(client)) return;
    e.got.set(client, at - e.t0);
    if (e.got.size === CLIENTS) e.done();
  };
  const tokens: Record<string, string> = {};
  for (const u of ['rad1', 'rad2', 'town1']) tokens[u] = await login(caller.url, u, BENCH_PASSWORD);
  const clients: Client[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const user = i % 5 === 4 ? 'town1' : i % 2 ? 'rad2' : 'rad1';
    clients.push(await connect(i, hubs[i % hubs.length].url, tokens[user], onTask));
  }
  const closeAll = onCleanup('event clients', async () => clients.forEach((c) => c.ws.terminate()));
  const rssBefore = hubs.map((h) => h.mem().rss);
  hubs.forEach((h) => h.resetPeak());
  const result: ScenarioResult = { all: [], cross: [], lastPerEvent: [], api: [], missing: 0, rssBefore, rssPeak: [] };
  for (let n = 0; n < EVENTS; n++) {
    const taskId = taskIds[Math.floor(n / 2) % taskIds.length];
    const action = n % 2 ? 'release' : 'claim';
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const e: Expect = { taskId, state: action === 'claim' ? 'claimed' : 'waiting', t0: performance.now(), got: new Map(), done };
    current = e;
    const res = await fetch(`${caller.url}/api/tasks/${taskId}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.rad1}` } });
    result.api.push(performance.now() - e.t0);
    if (res.status !== 200) throw new Error(`${action} ${taskId}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, TIMEOUT_MS)))]);
    clearTimeout(timer);
    current = undefined;
    result.missing += CLIENTS - e.got.size;
    for (const [client, ms] of e.got) {
      result.all.push(ms);
      if (clients[client].hub !== caller.url) result.cross.push(ms);
    }
    if (e.got.size) result.lastPerEvent.push(Math.max(...e.got.values()));
  }
  result.rssPeak = hubs.map((h) => h.mem().hwm);
  await closeAll();
  return result;
}

function report(id: string, label: string, r: ScenarioResult, hubA: HubProcess, hubB?: HubProcess, oneHub?: ScenarioResult): void {
  const hubs = hubB ? [hubA, hubB] : [hubA];
  const ok = p95(r.all) < TARGET_P95 && r.missing === 0;
  hubMemory.push(`${EVENTS} events to ${CLIENTS} sockets (${id}): ${hubs.map((h, i) => `hub ${'AB'[i]} ${fmtMb(r.rssBefore[i])} → peak ${fmtMb(r.rssPeak[i])}`).join(', ')}`);
  const cross = r.cross.length ? `; clients on the other hub p50 ${fmtMs(median(r.cross))}, p95 ${fmtMs(p95(r.cross))}` : '';
  addRow({
    id,
    what: `Task event API call → received by all ${CLIENTS} WebSocket clients, ${EVENTS} events, ${label}`,
    value: `p50 ${fmtMs(median(r.all))}, p95 ${fmtMs(p95(r.all))} over ${r.all.length.toLocaleString('en')} deliveries${cross}; last client per event p95 ${fmtMs(p95(r.lastPerEvent))}; ${r.missing} missing`,
    ratio: oneHub
      ? `p95 two hubs ÷ one hub = ${(p95(r.all) / p95(oneHub.all)).toFixed(2)}×`
      : `p95 delivery ÷ p50 of the API call itself (${fmtMs(median(r.api))}) = ${(p95(r.all) / median(r.api)).toFixed(2)}×`,
    target: 'p95 < 1 s, none lost',
    status: ok ? 'pass' : 'miss',
    note: `${hubs.map((h, i) => `hub ${'AB'[i]} RSS ${fmtMb(r.rssBefore[i])} → peak ${fmtMb(r.rssPeak[i])}`).join('; ')}${ok ? '' : r.missing ? `; ${r.missing} deliveries never arrived within ${TIMEOUT_MS / 1000} s` : '; slow delivery'}`,
  });
}
