import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EcgPxPerMm, HubChoice, Language } from '../../shared/api/ipc.js';

/**
 * Desktop settings, one JSON file in the user data folder. Loading never throws: a file that is
 * unreadable JSON gives the defaults, a field that fails its schema gives that field's default;
 * both are reported as warnings and the damaged file is kept beside as `settings.json.corrupt`.
 */
export const PrintPreferences = z.object({
  /** Township kiosks print straight to the default (or named) printer without the dialog. */
  silent: z.boolean(),
  deviceName: z.string().min(1).max(256).nullable(),
});

export const ShellSettings = z.object({
  /** The hub URL, `demo` for the embedded demo hub, null until the user picks one at sign-in. */
  hub: HubChoice.nullable(),
  language: Language,
  /** Screen pixels per millimetre measured by the ECG calibration ruler; null = not calibrated. */
  ecgPxPerMm: EcgPxPerMm.nullable(),
  print: PrintPreferences,
  /** Automatic-update feed (https, generic electron-builder feed); null = updates off (updates.ts). */
  updateUrl: z.string().min(1).max(2048).nullable(),
});
export type ShellSettings = z.infer<typeof ShellSettings>;

export const DEFAULT_SETTINGS: ShellSettings = Object.freeze({
  hub: null,
  language: 'zh-CN',
  ecgPxPerMm: null,
  print: Object.freeze({ silent: false, deviceName: null }),
  updateUrl: null,
}) as ShellSettings;

const FIELDS = Object.keys(ShellSettings.shape) as (keyof ShellSettings)[];

/** Parses a settings document field by field, so one bad value does not cost the others. */
export function parseSettings(raw: unknown): { settings: ShellSettings; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: structuredClone(DEFAULT_SETTINGS), problems: ['settings file is not a JSON object'] };
  }
  const source = raw as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field of FIELDS) {
    if (!(field in source)) {
      settings[field] = structuredClone(DEFAULT_SETTINGS[field]);
      continue;
    }
    const parsed = ShellSettings.shape[field].safeParse(source[field]);
    if (parsed.success) {
      settings[field] = parsed.data;
    } else {
      settings[field] = structuredClone(DEFAULT_SETTINGS[field]);
      problems.push(`settings field "${field}" is invalid; using the default`);
    }
  }
  return { settings: settings as ShellSettings, problems };
}

export interface SettingsStore {
  /** Current settings (a copy). */
  get(): ShellSettings;
  /** Validates, saves atomically, and returns the new settings. */
  update(patch: Partial<ShellSettings>): Promise<ShellSettings>;
}

export const SETTINGS_FILE = 'settings.json';

export async function openSettingsStore(userDataDir: string, warn: (message: string) => void): Promise<SettingsStore> {
  const file = path.join(userDataDir, SETTINGS_FILE);
  let current = structuredClone(DEFAULT_SETTINGS);
  let text: string | null = null;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read ${file}: ${(err as Error).message}; using default settings`);
  }
  if (text !== null) {
    let raw: unknown;
    let problems: string[];
    try {
      raw = JSON.parse(text);
      ({ settings: current, problems } = parseSettings(raw));
    } catch {
      problems = ['settings file is not valid JSON; using default settings'];
    }
    if (problems.length > 0) {
      for (const problem of problems) warn(problem);
      // Keep the damaged file for support rather than silently overwriting it later.
      await fs.copyFile(file, `${file}.corrupt`).catch(() => undefined);
    }
  }

  let writing: Promise<unknown> = Promise.resolve();
  return {
    get: () => structuredClone(current),
    async update(patch) {
      const next = ShellSettings.parse({ ...current, ...patch });
      // Serialise writes: two quick updates must not interleave their temp files.
      const write = writing.then(() => writeAtomically(file, `${JSON.stringify(next, null, 2)}\n`));
      writing = write.catch(() => undefined);
      await write;
      current = next;
      return structuredClone(current);
    },
  };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text, { mode: 0o600 });
  await fs.rename(temp, file);
}
