import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

const BUCKETS: Array<[RegExp, string]> = [
  [/@electric-sql\/pglite/, 'PGlite (embedded PostgreSQL, WASM)'],
  [/node_modules\/pino|thread-stream|sonic-boom/, 'pino request logging'],
  [/undici|internal\/deps\/undici/, 'undici (fetch to the upstream)'],
  [/node_modules\/fastify|find-my-way|avvio|light-my-request/, 'Fastify'],
  [/node_modules\/zod/, 'zod'],
  [/server\/audit/, 'server/audit (audit rows, hash chain)'],
  [/server\/dicomweb/, 'server/dicomweb (gateway)'],
  [/server\/auth|server\/access/, 'server/auth + access'],
  [/server\/db/, 'server/db'],
  [/node:stream|internal\/streams|internal\/webstreams/, 'Node streams'],
  [/node:net|internal\/net|stream_base|node:http|_http/, 'Node net/http'],
  [/^node:|^internal\//, 'Node core (other)'],
];

/** Self time of a V8 .cpuprofile grouped by where the code lives, largest first (for naming the cause of a miss). */
export function summariseProfile(file: string, top = 10): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = p.timeDeltas[i] ?? 0;
    if (!n || n.callFrame.functionName === '(idle)') return;
    const url = n.callFrame.url;
    const bucket = n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : (BUCKETS.find(([re]) => re.test(url))?.[1] ?? (url ? path.basename(url) : 'native/other'));
    self.set(bucket, (self.get(bucket) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return rows.map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n');
}
