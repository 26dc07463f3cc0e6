import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/harness/testdata.js';
import { runEventBenchmarks } from './events.js';
import { cleanupAll } from './lib/procs.js';
import { addRow, hubMemory, machineInfo, renderMarkdown } from './lib/report.js';
import { runPacsBenchmarks } from './pacs.js';
import { runWorklistBenchmarks, startBenchPostgres } from './worklist.js';
import { runUiBenchmarks } from './ui.js';

/**
 * `npm run bench`: hub-side benchmarks against the reference PACS (Orthanc) and PostgreSQL 15,
 * each figure with a ratio taken in the same run. Writes bench/RESULTS.md.
 * `--only pacs,worklist,events` runs a subset (for development; RESULTS.md is written only for a full run unless --out is given).
 */
const SECTIONS = ['pacs', 'worklist', 'events', 'ui'] as const;

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
  const only = values.only ? values.only.split(',') : [...SECTIONS];
  const startedAt = new Date();
  const t0 = performance.now();
  const versions: Record<string, string> = {};
  const machine = machineInfo({});
  let failed = false;
  const section = async (name: (typeof SECTIONS)[number], fn: () => Promise<void>) => {
    if (!only.includes(name)) return;
    const s0 = performance.now();
    console.log(`[bench] ${name}: start`);
    try {
      await fn();
    } catch (err) {
      failed = true;
      console.error(`[bench] ${name} failed:`, err);
      addRow({ id: name, what: `section ${name}`, value: 'failed', ratio: '', target: '', status: 'miss', note: `the benchmark itself failed: ${String(err instanceof Error ? err.message : err).slice(0, 300)}` });
    } finally {
      await cleanupAll();
      console.log(`[bench] ${name}: ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    }
  };

  await section('pacs', () => runPacsBenchmarks(versions));
  await section('worklist', async () => {
    const pg = await startBenchPostgres(versions);
    await runWorklistBenchmarks(pg);
  });
  await section('events', async () => {
    const pg = await startBenchPostgres(versions);
    await runEventBenchmarks(pg);
  });
  await section('ui', () => runUiBenchmarks(versions));
  addRow({
    id: '8b',
    what: 'Hub RSS under the STOW, event and alert loads (child process, /proc VmRSS → VmHWM)',
    value: hubMemory.join('; ') || '–',
    ratio: '',
    target: '',
    status: hubMemory.length ? 'info' : 'not measured yet',
    note: 'the STOW hubs run on PGlite (embedded PostgreSQL in WASM, inside the hub process), the event and alert hubs on PostgreSQL: the difference in base RSS is mostly that',
  });

  const total = (performance.now() - t0) / 1000;
  versions['Load average at end (1/5/15 min)'] = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const md = renderMarkdown({ ...machine, ...versions }, startedAt, total);
  console.log(`\n${md}`);
  const out = values.out ?? (only.length === SECTIONS.length ? path.join(repoRoot, 'bench/RESULTS.md') : undefined);
  if (out) {
    fs.writeFileSync(out, md);
    console.log(`[bench] wrote ${path.relative(process.cwd(), out)} in ${total.toFixed(0)} s`);
  }
  process.exitCode = failed ? 1 : 0;
}

const stop = (signal: string) => {
  console.error(`[bench] ${signal}: cleaning up`);
  void cleanupAll().then(() => process.exit(130));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
