import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoStudies } from './index.js';

/** `npm run demo:generate -- --out DIR [--only key,key]`: writes DIR/<key>/<n>.dcm (n from 1). */
function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
  if (!values.out) {
    console.error('用法 / usage: npm run demo:generate -- --out <目录/dir> [--only ct-chest,dx-chest,…]');
    process.exit(2);
  }
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const started = Date.now();
  for (const study of demoStudies()) {
    if (only && !only.has(study.key)) continue;
    const dir = path.join(values.out, study.key);
    mkdirSync(dir, { recursive: true });
    let n = 0;
    for (const bytes of study.instances()) writeFileSync(path.join(dir, `${++n}.dcm`), bytes);
    console.log(`${study.key}: ${n} × ${study.modality} → ${dir}`);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
