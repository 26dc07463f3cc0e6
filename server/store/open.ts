import fs from 'node:fs';
import path from 'node:path';
import type { HubConfig } from '../config.js';
import { BuiltinFiles } from './builtin.js';
import type { ImageStore } from './types.js';
import { UpstreamClient } from './upstream.js';

/** Opens the configured store: `PACS_DICOMWEB_URL` selects the upstream PACS, else files under `TELEREAD_DATA_DIR/store`. */
export async function openImageStore(config: Pick<HubConfig, 'pacsDicomwebUrl' | 'pacsAuth' | 'dataDir'>): Promise<ImageStore> {
  if (config.pacsDicomwebUrl) {
    const timeout = Number(process.env.TELEREAD_PACS_TIMEOUT_SECONDS ?? 30);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new Error(`TELEREAD_PACS_TIMEOUT_SECONDS must be a positive number of seconds, got "${process.env.TELEREAD_PACS_TIMEOUT_SECONDS}"`);
    const client = new UpstreamClient(config.pacsDicomwebUrl, config.pacsAuth, timeout * 1000);
    return { kind: 'upstream', location: client.displayUrl, client, health: () => client.health() };
  }
  const files = new BuiltinFiles(path.join(config.dataDir, 'store'));
  await files.init();
  return { kind: 'builtin', location: files.root, files, health: async () => fs.existsSync(files.objectsDir) };
}
