import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, openSettingsStore, parseSettings, SETTINGS_FILE } from './settings.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('starts from the defaults when there is no file', async () => {
    const warn = vi.fn();
    const store = await openSettingsStore(dir, warn);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.get().language).toBe('zh-CN');
    expect(warn).not.toHaveBeenCalled();
  });

  it('persists updates across restarts', async () => {
    const first = await openSettingsStore(dir, vi.fn());
    await first.update({ hub: 'https://hub.qsx.example', language: 'en', ecgPxPerMm: 3.78 });
    await first.update({ print: { silent: true, deviceName: 'HP LaserJet 乡镇卫生院' } });
    const second = await openSettingsStore(dir, vi.fn());
    expect(second.get()).toEqual({
      hub: 'https://hub.qsx.example',
      language: 'en',
      ecgPxPerMm: 3.78,
      print: { silent: true, deviceName: 'HP LaserJet 乡镇卫生院' },
      updateUrl: null,
    });
  });

  it('survives a corrupt file: defaults, a warning, and the damaged file kept aside', async () => {
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), '{"hub": "demo", "language": "en"'); // truncated write
    const warn = vi.fn();
    const store = await openSettingsStore(dir, warn);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not valid JSON'));
    expect(fs.readFileSync(path.join(dir, `${SETTINGS_FILE}.corrupt`), 'utf8')).toContain('"hub": "demo"');
    await store.update({ language: 'en' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8')).language).toBe('en');
  });

  it('keeps the valid fields when one field is invalid', async () => {
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), JSON.stringify({ hub: 'file:///etc/passwd', language: 'en', ecgPxPerMm: 4, print: 'yes' }));
    const warn = vi.fn();
    const store = await openSettingsStore(dir, warn);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'en', ecgPxPerMm: 4 });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([expect.stringContaining('"hub"'), expect.stringContaining('"print"')]);
  });

  it('treats a non-object document as corrupt', () => {
    expect(parseSettings([1, 2]).problems).toHaveLength(1);
    expect(parseSettings(null).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses invalid updates and leaves the file unchanged', async () => {
    const store = await openSettingsStore(dir, vi.fn());
    await store.update({ language: 'en' });
    await expect(store.update({ ecgPxPerMm: -1 })).rejects.toThrow();
    expect(store.get().ecgPxPerMm).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8')).ecgPxPerMm).toBeNull();
  });
});
