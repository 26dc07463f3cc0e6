import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Packaging cannot run here (no Electron binary), so the config is checked with electron-builder's
// own schema validator, and the security-relevant settings are asserted.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const repoRoot = path.resolve(import.meta.dirname, '..');
const config = yaml.load(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
  it('is rejected by the validator when it has an unknown key (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNode: false, bogus: true } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
  it('identifies the app and targets Windows NSIS x64, Linux AppImage + deb, macOS dmg', () => {
    expect(config).toMatchObject({ appId: 'cn.teleread.workstation', productName: 'TeleRead 远程阅片' });
    expect(config.win).toEqual({ target: [{ target: 'nsis', arch: ['x64'] }] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'dcm' })]);
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['teleread'] })]);
  });
  it('flips the fuses of the security checklist', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
  it('ships the bundles, the renderer and the external PGlite package', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**/*', 'dist-electron/**/*', 'node_modules/@electric-sql/pglite/**/*']));
  });
});
