// Builds the desktop shell with esbuild (`npm run build:electron`):
//   dist-electron/main.cjs     Electron main process (CJS; `electron` provided at runtime)
//   dist-electron/preload.cjs  sandboxed preload: one self-contained CJS file, only `electron` required
//   dist-electron/hub.mjs      the hub (server/main.ts) for the embedded demo hub, run in a utility process
//   dist-electron/tray*.png    the tray icons (build/render-icons.mjs), loaded by main beside main.cjs
// Packages that load WebAssembly or data files next to their own code stay external and are resolved
// from node_modules at runtime; electron-builder.yml ships exactly those (HUB_EXTERNALS).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Keep in sync with `files:` in electron-builder.yml. */
export const HUB_EXTERNALS = [
  '@electric-sql/pglite', // postgres.wasm, postgres.data, extension tarballs read beside its dist/
  'pdfkit', // reads its font metrics (data/*.afm) beside its own code; its dependencies ship with it
  // Optional native bindings, loaded in try/catch and never installed (no native modules in the app):
  'pg-native', // of `pg`
  'bufferutil', // of `ws`
  'utf-8-validate', // of `ws`
];

/** Loaded at runtime by electron/main/main.ts from beside main.cjs. */
export const TRAY_ICONS = ['tray.png', 'tray-alert.png'];

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

/** Builds the three bundles into `outdir` (default `dist-electron/`); tests pass a temp folder. */
export async function buildElectron({ quiet = false, outdir = path.join(root, 'dist-electron') } = {}) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const out = (name) => path.join(outdir, name);
  const results = await Promise.all([
    build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: out('main.cjs'), format: 'cjs', external: ['electron'], metafile: true }),
    build({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: out('preload.cjs'),
      format: 'cjs',
      // A sandboxed preload may `require` only `electron` (and a few Node polyfills): everything else is inlined.
      external: ['electron'],
      metafile: true,
    }),
    build({
      ...common,
      entryPoints: ['server/main.ts'],
      outfile: out('hub.mjs'),
      format: 'esm',
      external: HUB_EXTERNALS,
      // Bundled CommonJS dependencies call require(); give the ES module one.
      banner: { js: "import { createRequire as __teleread_createRequire } from 'node:module'; const require = __teleread_createRequire(import.meta.url);" },
      metafile: true,
    }),
  ]);
  for (const icon of TRAY_ICONS) fs.copyFileSync(path.join(root, 'build', icon), out(icon));
  if (!quiet) {
    for (const result of results) {
      for (const [file, info] of Object.entries(result.metafile.outputs)) {
        if (!file.endsWith('.map')) console.log(`${path.relative(root, path.resolve(root, file))}  ${(info.bytes / 1024).toFixed(0)} KiB`);
      }
    }
  }
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--outdir DIR` builds elsewhere (the build test uses a temp folder).
  const at = process.argv.indexOf('--outdir');
  const outdir = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : undefined;
  buildElectron(outdir ? { outdir } : {}).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
