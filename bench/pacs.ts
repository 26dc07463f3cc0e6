import fs from 'node:fs';
import path from 'node:path';
import { startOrthanc } from '../test/harness/orthanc.js';
import { BENCH_PASSWORD, prepareHubDatabase } from './lib/accounts.js';
import { summariseProfile } from './lib/cpuprofile.js';
import { ctVariant, loadCtFiles, type CtSeries } from './lib/ct.js';
import { fetchFrames, fetchSeriesMetadata, hubEndpoint, login, orthancEndpoint, stowFiles, type Endpoint } from './lib/dicomweb.js';
import { childPid, cpuMs, onCleanup, startHubProcess, tempDir, type HubProcess } from './lib/procs.js';
import { addRow, hubMemory, notes } from './lib/report.js';
import { fmtMb, fmtMs, fmtRatio, median } from './lib/stats.js';

const STOW_ROUNDS = 3;
const STOW_BATCH = 34; // 134 slices in 4 POSTs, as DOMAIN.md §6.3 measured Orthanc
const GATEWAY_ROUNDS = 7;
const CONCURRENCY = 6; // a browser's connections per origin
const MB = 1024 * 1024;
/**
 * Why a frame request costs more through the hub (server/dicomweb/routes.ts studyGet → proxy.ts proxyToUpstream).
 * History: 7.2–7.7 ms hub CPU per frame with 4 index queries per frame; 4.5 ms after the session/study/series memos
 * (13:02 UTC); then (h3, 16:00 UTC) the upstream connection was found to be reopened for every frame: Orthanc answers
 * `Keep-Alive: timeout=1` and Node's http.Agent refuses to keep a socket whose announced timeout is ≤ 1 s, so each
 * frame paid a TCP connect/close on the hub and on Orthanc (profile: internalConnect and close 13 % of the hub's
 * samples). upstreamGet.ts now keeps such sockets for the announced timeout minus 300 ms. What is left per frame:
 * no database work, no JSON; the handler, Fastify and auth functions are a few % of the profile's samples; the rest
 * is Node moving 0.5 MB through two loopback sockets on a machine whose 2 cores also run Orthanc and the client.
 */
const FRAME_CAUSE =
  'Cause: a second HTTP hop on 2 cores shared by the hub, Orthanc and the client — every frame crosses loopback twice, and the hub\'s relay (Node socket reads and writes of 0.5 MB per frame) costs CPU of the same order as Orthanc producing the frame (figures in this row). No database query per warm frame (session, study and series memos), upstream connections kept alive (Orthanc\'s Keep-Alive: timeout=1 made Node reconnect for every frame before the hub kept its own upstream agent), frames relayed with the upstream Content-Length straight onto the socket';
const FRAME_SUGGESTION =
  '**Gateway miss: what is left** (server/dicomweb): frame requests make no database query once a series is warm and reuse the upstream connection; the remaining cost is relaying the bytes (a second loopback hop through Node). Further options: serve frames from a hub-side store where it has them, or let the viewer fetch a series in fewer requests (a series-level retrieve). Re-measure with `npm run bench -- --only pacs`; diagnose with BENCH_PROFILE_DIR (its samples attribute preemption inside socket writes to writeLatin1String/writev: compare with /proc CPU).';

interface Target {
  ep: Endpoint;
  hub?: HubProcess;
}

/** Sections 3 (gateway overhead) and 4 (STOW ingest): Orthanc, a hub in upstream mode, a hub with the built-in store. */
export async function runPacsBenchmarks(versions: Record<string, string>): Promise<void> {
  const orthanc = await startOrthanc();
  onCleanup('orthanc', () => orthanc.stop());
  const sys = (await (await orthanc.rest('/system')).json()) as { Version: string };
  const dw = (await (await orthanc.rest('/plugins/dicom-web')).json()) as { Version: string };
  versions.Orthanc = `${sys.Version} with DICOMweb plugin ${dw.Version} (Debian), loopback, HttpThreadsCount 8`;

  const upDir = tempDir('upstream');
  const inDir = tempDir('builtin');
  await prepareHubDatabase({ dataDir: upDir.dir });
  await prepareHubDatabase({ dataDir: inDir.dir });
  const upEnv = { TELEREAD_DATA_DIR: upDir.dir, PACS_DICOMWEB_URL: orthanc.dicomweb, PACS_AUTH: orthanc.pacsAuth };
  let upstream = await startHubProcess('upstream', upEnv);
  const builtin = await startHubProcess('builtin', { TELEREAD_DATA_DIR: inDir.dir });
  const direct: Target = { ep: orthancEndpoint('Orthanc', orthanc.dicomweb, orthanc.user, orthanc.password) };
  const viaUpstream: Target = { ep: hubEndpoint('hub (upstream)', upstream.url, await login(upstream.url, 'town1', BENCH_PASSWORD)), hub: upstream };
  const viaBuiltin: Target = { ep: hubEndpoint('hub (built-in store)', builtin.url, await login(builtin.url, 'town1', BENCH_PASSWORD)), hub: builtin };

  const ct = loadCtFiles();
  const ct134 = await stowSection(ct, direct, viaUpstream, viaBuiltin);
  await builtin.stop();

  // Section 3 reads as a radiologist of the county hospital; the 34-slice series is the CT's first 34 slices under new UIDs.
  const ct34 = ctVariant(ct, 40, 34);
  await stowFiles(viaUpstream.ep, ct34.files, STOW_BATCH);
  // Diagnosis: BENCH_PROFILE_DIR=… restarts the upstream hub under V8's CPU profiler for section 3 (slower; not for the table).
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) {
    await upstream.stop();
    fs.mkdirSync(profileDir, { recursive: true });
    upstream = await startHubProcess('upstream-profiled', upEnv, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  }
  const reader: Target = { ep: hubEndpoint('hub (upstream)', upstream.url, await login(upstream.url, 'rad1', BENCH_PASSWORD)), hub: upstream };
  await gatewaySection(direct, reader, ct134, ct34);
  if (profileDir) {
    await upstream.stop();
    const newest = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profileDir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]; // the main thread's (largest) profile
    if (newest) notes.push(`CPU profile of the upstream hub during section 3 (${newest}), self time by area:\n\n\`\`\`\n${summariseProfile(newest, 14)}\n\`\`\``);
  }
}

async function stowSection(ct: Buffer[], direct: Target, viaUpstream: Target, viaBuiltin: Target): Promise<CtSeries> {
  const targets = [direct, viaUpstream, viaBuiltin];
  // Warm-up (JIT, connections, first-write paths): 4 slices each, not timed.
  for (const [i, t] of targets.entries()) await stowFiles(t.ep, ctVariant(ct, 90 + i, 4).files, 4);
  const times = targets.map(() => [] as number[]);
  const peaks = targets.map(() => 0);
  const before = targets.map((t) => t.hub?.mem().rss ?? 0);
  let first134: CtSeries | undefined;
  for (let round = 0; round < STOW_ROUNDS; round++) {
    // Rotate the order each round so drift on the shared machine does not favour one target.
    for (let k = 0; k < targets.length; k++) {
      const i = (k + round) % targets.length;
      const series = ctVariant(ct, 10 * (i + 1) + round + 1);
      targets[i].hub?.resetPeak();
      const { ms } = await stowFiles(targets[i].ep, series.files, STOW_BATCH);
      times[i].push(ms);
      if (targets[i].hub) peaks[i] = Math.max(peaks[i], targets[i].hub!.mem().hwm);
      if (i === 1 && !first134) first134 = series;
    }
  }
  const bytes = ct.reduce((n, f) => n + f.length, 0);
  const [o, u, b] = times.map(median);
  const mbps = (ms: number) => `${((bytes / MB) / (ms / 1000)).toFixed(1)} MB/s`;
  const detail = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  addRow({ id: '4a', what: `STOW 134-slice CT (${fmtMb(bytes)}, ${Math.ceil(134 / STOW_BATCH)} POSTs) straight into Orthanc`, value: `${fmtMs(o)} median (${mbps(o)}; runs ${detail(times[0])} s)`, ratio: '1.00× (reference)', target: '', status: 'info', note: '' });
  hubMemory.push(`STOW 134 slices: upstream hub ${fmtMb(before[1])} → peak ${fmtMb(peaks[1])}, built-in-store hub ${fmtMb(before[2])} → peak ${fmtMb(peaks[2])}`);
  for (const [i, label, v] of [[1, 'through the hub, upstream mode (→ Orthanc)', u], [2, 'through the hub, built-in store (PGlite + files)', b]] as const) {
    addRow({
      id: i === 1 ? '4b' : '4c',
      what: `STOW 134-slice CT ${label}`,
      value: `${fmtMs(v)} median (${mbps(v)}; runs ${detail(times[i])} s)`,
      ratio: `${fmtRatio(v / o)} of Orthanc direct`,
      target: '',
      status: 'info',
      note: `hub RSS ${fmtMb(before[i])} before, peak ${fmtMb(peaks[i])} during a 134-slice STOW`,
    });
  }
  notes.push(
    `STOW: ${STOW_ROUNDS} rounds, order rotated each round; every run stores a new copy of the CT under new UIDs (length-preserving rewrite of the TCIA UID root, pixels unchanged), in sequential POSTs of ${STOW_BATCH} instances, each POST checked for every instance in ReferencedSOPSequence. The issue sets no target for STOW; the ratio is the hub's cost over the reference PACS.`,
  );
  return first134!;
}

async function gatewaySection(direct: Target, hub: Target, s134: CtSeries, s34: CtSeries): Promise<void> {
  const hp = hub.hub!;
  for (const t of [direct, hub]) {
    await fetchFrames(t.ep, s134, CONCURRENCY);
    await fetchSeriesMetadata(t.ep, s134);
  }
  const frames = [[], []] as number[][];
  const meta = [[], []] as number[][];
  // CPU used per frame request: [Orthanc direct], [hub, Orthanc behind the hub].
  const orthancPid = childPid('Orthanc');
  const cpu = { direct: 0, hub: 0, behind: 0 };
  const ocpu = () => (orthancPid ? cpuMs(orthancPid) : Number.NaN);
  let frameBytes = 0;
  let metaInfo = { bytes: 0, instances: 0 };
  for (let round = 0; round < GATEWAY_ROUNDS; round++) {
    const order = round % 2 ? [1, 0] : [0, 1];
    for (const i of order) {
      const t = i ? hub : direct;
      const [h0, o0] = [cpuMs(hp.pid), ocpu()];
      const f = await fetchFrames(t.ep, s134, CONCURRENCY);
      frames[i].push(f.ms);
      if (i) {
        cpu.hub += cpuMs(hp.pid) - h0;
        cpu.behind += ocpu() - o0;
      } else cpu.direct += ocpu() - o0;
      frameBytes = f.bytes;
      const m = await fetchSeriesMetadata(t.ep, s134);
      meta[i].push(m.ms);
      metaInfo = m;
    }
  }
  const [fo, fh] = frames.map(median);
  const [mo, mh] = meta.map(median);
  const fr = fh / fo;
  const mr = mh / mo;
  const perFrame = (ms: number) => `${(ms / GATEWAY_ROUNDS / s134.sops.length).toFixed(2)} ms`;
  const cpuNote = `CPU per frame request: Orthanc direct ${perFrame(cpu.direct)}; through the hub, hub ${perFrame(cpu.hub)} + Orthanc ${perFrame(cpu.behind)}`;
  const spread = (xs: number[]) => `${fmtMs(Math.min(...xs))}–${fmtMs(Math.max(...xs))}`;
  addRow({
    id: '3a',
    what: `WADO-RS frames, 134 CT frames (${fmtMb(frameBytes)}, transfer-syntax=*), ${CONCURRENCY} in parallel: hub (upstream) vs Orthanc direct`,
    value: `hub ${fmtMs(fh)} (${spread(frames[1])}), Orthanc ${fmtMs(fo)} (${spread(frames[0])}); medians of ${GATEWAY_ROUNDS}`,
    ratio: fmtRatio(fr),
    target: '≤ 1.15×',
    status: fr <= 1.15 ? 'pass' : 'miss',
    note: `${cpuNote}${fr <= 1.15 ? '' : `. ${FRAME_CAUSE}`}`,
  });
  if (fr > 1.15) notes.push(FRAME_SUGGESTION);
  addRow({
    id: '3b',
    what: `Series metadata, 134 instances (${fmtMb(metaInfo.bytes)} JSON): hub (upstream) vs Orthanc direct`,
    value: `hub ${fmtMs(mh)} (${spread(meta[1])}), Orthanc ${fmtMs(mo)} (${spread(meta[0])}); medians of ${GATEWAY_ROUNDS}`,
    ratio: fmtRatio(mr),
    target: '≤ 1.15×',
    status: mr <= 1.15 ? 'pass' : 'miss',
    note: mr <= 1.15
      ? 'proxied through node:http on a kept-alive connection and streamed (BulkDataURI rewriting on the bytes as they pass)'
      : 'fixed per-request cost in the hub: one audit row per metadata request (a PGlite transaction before the answer starts) and the second hop; authorisation and the series check are memoised, URLs are rewritten on the bytes as they pass',
  });

  // Memory: the same bytes moved (34-slice series 4× vs 134-slice series 1×), different series size.
  // Each window's rise = its peak RSS (VmHWM after clear_refs) minus the RSS at its start; ABBA order
  // so the slow upward drift of a long-running V8 heap favours neither size.
  const window = async (s: CtSeries, times: number) => {
    const start = hp.mem().rss;
    hp.resetPeak();
    for (let k = 0; k < times; k++) {
      await fetchFrames(hub.ep, s, CONCURRENCY);
      await fetchSeriesMetadata(hub.ep, s);
    }
    return hp.mem().hwm - start;
  };
  const base = hp.mem().rss;
  const rise34: number[] = [];
  const rise134: number[] = [];
  for (let k = 0; k < 3; k++) {
    rise34.push(await window(s34, 4));
    rise134.push(await window(s134, 1));
    rise134.push(await window(s134, 1));
    rise34.push(await window(s34, 4));
  }
  const after = hp.mem().rss;
  const extra = s134.bytes - s34.bytes;
  const growth = median(rise134) - median(rise34);
  const share = Math.max(0, growth) / extra;
  const list = (xs: number[]) => xs.map((x) => (x / MB).toFixed(1)).join(', ');
  addRow({
    id: '3c',
    what: 'Hub RSS across series size: RSS rise while reading a 134-slice series once vs a 34-slice series 4× (same bytes moved), 6 windows each',
    value: `median rise 34-slice ${fmtMb(median(rise34))}, 134-slice ${fmtMb(median(rise134))}; RSS ${fmtMb(base)} before, ${fmtMb(after)} after`,
    ratio: `growth ${fmtMb(growth)} = ${(share * 100).toFixed(1)} % of the ${fmtMb(extra)} extra series bytes`,
    target: 'no growth with series size (< 10 % of the extra series bytes)',
    status: share < 0.1 ? 'pass' : 'miss',
    note: `${share < 0.1 ? 'frames and metadata are streamed, not buffered. ' : ''}Rise per window in MB — 34-slice: ${list(rise34)}; 134-slice: ${list(rise134)}`,
  });
  notes.push(
    `Gateway: the same client code (Node fetch, keep-alive) and ${CONCURRENCY} requests in flight for both targets; hub and Orthanc alternate first each round; one warm-up pass each is not timed. The hub runs as a child process (\`node --import tsx server/main.ts\`, what \`tsx server/main.ts\` runs), PGlite index, info-level request logging as in production, PACS polling off. RSS from /proc (VmRSS; peaks from VmHWM after clear_refs).`,
  );
}
