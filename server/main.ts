import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, createHub } from './app.js';
import { loadConfig } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { seedDemo } from './demo/seed.js';
import { seedDemoStudies } from './demo/studies.js';

/** `npm run serve -- [--demo] [--port N] [--host H] [--data-dir DIR]`: the hub and the web UI. */
async function main() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'web-root': { type: 'string' },
    },
  });
  const defaultWeb = path.resolve('dist/renderer');
  const config = loadConfig(process.env, {
    ...(values.demo ? { demo: true } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir']) } : {}),
  });
  config.webRoot = values['web-root'] ?? config.webRoot ?? (fs.existsSync(path.join(defaultWeb, 'index.html')) ? defaultWeb : undefined);

  const hub = await createHub(config);
  if (config.demo) {
    const seeded = await seedDemo(hub);
    console.log(`demo data: ${JSON.stringify(seeded)}`);
  }
  const { app } = await buildApp(hub, { logger: true });
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`TeleRead hub listening on ${address}${config.webRoot ? ` (web UI from ${config.webRoot})` : ' (no web build: run `npm run build:renderer`)'}`);
  // Machine-readable line for the desktop shell and test harnesses that start the hub on port 0.
  console.log(`TELEREAD_READY ${JSON.stringify({ url: address })}`);
  if (config.demo && process.env.TELEREAD_DEMO_STUDIES !== '0') {
    // After listening: the UI is usable at once and the demo studies arrive as live tasks.
    const t0 = Date.now();
    try {
      const seeded = await seedDemoStudies(hub, app, (l) => app.log.info(l));
      console.log(`TELEREAD_DEMO_SEEDED ${JSON.stringify({ ...seeded, ms: Date.now() - t0 })}`);
    } catch (err) {
      // The hub keeps serving; the demo simply has fewer studies.
      app.log.error({ err }, 'demo studies could not be seeded');
      console.log(`TELEREAD_DEMO_SEEDED ${JSON.stringify({ error: err instanceof Error ? err.message : String(err) })}`);
    }
  }
}

main().catch((err) => {
  if (err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
