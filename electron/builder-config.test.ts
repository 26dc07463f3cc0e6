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
    expect(config.win).toEqual({ icon: 'build/icon.png', target: [{ target: 'nsis', arch: ['x64'] }] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'dcm', role: 'Viewer' })]);
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['teleread'] })]);
    // Chinese product name for the installer, shortcuts and menus; ASCII artifact names for servers.
    expect(config.productName).toMatch(/[\u4e00-\u9fff]/);
    expect(config.artifactName).toMatch(/^[\x20-\x7e]+$/);
    expect(config.nsis).toMatchObject({ shortcutName: 'TeleRead 远程阅片', language: '2052' });
  });
  it('uses the TeleRead icon on every platform: a committed PNG of at least 1024 px, small enough to keep in git', () => {
    for (const platform of [config, config.win, config.mac, config.linux] as Record<string, unknown>[]) expect(platform.icon).toBe('build/icon.png');
    const png = fs.readFileSync(path.join(repoRoot, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20. macOS needs 1024 px for a crisp .icns.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(png.length).toBeLessThan(100 * 1024);
    for (const tray of ['build/tray.png', 'build/tray-alert.png']) expect(fs.readFileSync(path.join(repoRoot, tray)).readUInt32BE(16), tray).toBe(32);
  });
  it('auto-update is off by default and the documented switch turns on a generic feed that passes validation', async () => {
    expect(config.publish).toBeNull();
    const withFeed = { ...config, publish: { provider: 'generic', url: 'https://updates.qsx-yigongti.example/teleread/' } };
    await expect(validateConfiguration(withFeed, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, publish: { provider: 'generic' } }, new DebugLogger(false))).rejects.toThrow(/publish/);
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
