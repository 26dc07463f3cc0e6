import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Libraries and hub areas: a sample counts for the nearest of these on its stack. */
const OWNERS: Array<[RegExp, string]> = [
  [/@electric-sql\/pglite/, 'PGlite (embedded PostgreSQL: WASM engine + its file I/O)'],
  [/node_modules\/(pino|thread-stream|sonic-boom)/, 'pino request logging'],
  [/undici/, 'undici (fetch to the upstream, incl. its llhttp parser)'],
  [/node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify)/, 'Fastify'],
  [/node_modules\/zod/, 'zod'],
  [/node_modules\/tsx|internal\/modules/, 'module loading and tsx (startup)'],
  [/server\/audit/, 'server/audit'],
  [/server\/dicomweb/, 'server/dicomweb'],
  [/server\/(auth|access)/, 'server/auth + access'],
  [/server\/db/, 'server/db'],
];
/** Node core, when no owner above is on the stack. */
const CORE: Array<[RegExp, string]> = [
  [/node:stream|internal\/streams|internal\/webstreams/, 'Node streams'],
  [/node:net|internal\/net|stream_base|node:http|_http/, 'Node sockets/http (incl. kernel copy on loopback)'],
];

/** Self time of a V8 .cpuprofile grouped by the library or hub area that caused it, largest first. */
export function summariseProfile(file: string, top = 10): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const bucketOf = (id: number): string => {
    const leaf = byId.get(id)!.callFrame;
    if (leaf.functionName.startsWith('(')) return leaf.functionName;
    let core: string | undefined;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)?.callFrame.url ?? '';
      if (!url || url.startsWith('wasm://')) continue;
      const hit = OWNERS.find(([re]) => re.test(url));
      if (hit) return hit[1];
      core ??= CORE.find(([re]) => re.test(url))?.[1] ?? (/^node:/.test(url) ? 'Node core (other)' : path.basename(url));
    }
    return core ?? 'native (no JS caller)';
  };
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const bucket = bucketOf(id);
    if (bucket === '(idle)') return;
    const dt = p.timeDeltas[i] ?? 0;
    self.set(bucket, (self.get(bucket) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return rows.map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n');
}
