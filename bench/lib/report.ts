import { execFileSync } from 'node:child_process';
import os from 'node:os';

export type Status = 'pass' | 'miss' | 'info' | 'not measured yet';

/** One line of RESULTS.md: a figure, its same-run ratio, the target and whether it was met. */
export interface Row {
  id: string;
  what: string;
  value: string;
  ratio: string;
  target: string;
  status: Status;
  note: string;
}

export const rows: Row[] = [];
/** Hub RSS figures gathered by the sections for row 8b. */
export const hubMemory: string[] = [];
/** Longer findings (EXPLAIN plans, causes) printed under the table. */
export const notes: string[] = [];

export function addRow(r: Row): void {
  rows.push(r);
  console.log(`[bench] ${r.id} ${r.what}: ${r.value}${r.ratio ? ` (${r.ratio})` : ''} → ${r.status}${r.note ? ` — ${r.note}` : ''}`);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function machineInfo(extra: Record<string, string>): Record<string, string> {
  const cpus = os.cpus();
  let load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  try {
    load += ` (${execFileSync('sh', ['-c', 'ps -e --no-headers | wc -l'], { encoding: 'utf8' }).trim()} processes)`;
  } catch {
    // ps missing: the load average alone
  }
  return {
    CPU: `${cpus[0]?.model ?? 'unknown'} (${cpus.length} cores visible)`,
    RAM: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
    OS: `${os.type()} ${os.release()}`,
    Node: process.version,
    'Load average at start (1/5/15 min)': load,
    ...extra,
  };
}

export function renderMarkdown(machine: Record<string, string>, startedAt: Date, totalSeconds: number): string {
  const lines: string[] = [];
  lines.push('# TeleRead benchmarks', '');
  lines.push(`Written by \`npm run bench\` (bench/run.ts) on ${startedAt.toISOString()}; the run took ${Math.round(totalSeconds)} s.`, '');
  lines.push(
    '**Read the ratios, not the absolute times.** This machine was shared with other agents (builds, test suites) while the',
    'run was going, so absolute times drift from run to run. Every ratio compares two figures taken in the same run,',
    'interleaved round by round, with the same client code and concurrency.',
    '',
  );
  lines.push('## Machine', '', '| | |', '|---|---|');
  for (const [k, v] of Object.entries(machine)) lines.push(`| ${cell(k)} | ${cell(v)} |`);
  lines.push('', '## Results', '', '| # | Figure | Value | Ratio (same run) | Target | Result | Note |', '|---|---|---|---|---|---|---|');
  const ordered = [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  for (const r of ordered) lines.push(`| ${cell(r.id)} | ${cell(r.what)} | ${cell(r.value)} | ${cell(r.ratio || '–')} | ${cell(r.target || '–')} | ${r.status} | ${cell(r.note)} |`);
  if (notes.length) lines.push('', '## Findings', '', ...notes.flatMap((n) => [n, '']));
  return `${lines.join('\n').trimEnd()}\n`;
}
