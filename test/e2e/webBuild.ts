import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/testdata.js';

export const WEB_ROOT = path.join(repoRoot, 'dist/renderer');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/**
 * Builds the renderer unless dist/renderer is newer than every source it is made from
 * (scripts/system-test.sh builds once before the suites, so this is usually a no-op there).
 */
export function ensureRendererBuild(): string {
  const index = path.join(WEB_ROOT, 'index.html');
  const sources = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(repoRoot, p));
  const fresh = fs.existsSync(index) && fs.statSync(index).mtimeMs > Math.max(...sources.map(newestMtime));
  if (!fresh) {
    execFileSync(path.join(repoRoot, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  }
  return WEB_ROOT;
}
