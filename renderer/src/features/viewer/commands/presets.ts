import { CT_PRESETS } from '../domain/presets.js';
import type { ViewerMessageKey } from '../i18n.js';
import type { ViewerCommand } from './types.js';

const isCT = (modality: string) => modality === 'CT';

/** One command per CT preset, on its number key; plus 0 for the file's own window (any modality). */
export const presetCommands: ViewerCommand[] = [
  {
    id: 'preset.file',
    label: 'cmd.preset.file',
    keys: ['0'],
    group: 'preset',
    perform: (s) => ({ window: s.fileWindow }),
  },
  ...CT_PRESETS.map(
    (p): ViewerCommand => ({
      id: `preset.${p.id}`,
      label: `cmd.preset.${p.id}` as ViewerMessageKey,
      keys: [p.key],
      group: 'preset',
      isAvailable: (s) => isCT(s.modality),
      isActive: (s) => s.window.center === p.window.center && s.window.width === p.window.width,
      perform: () => ({ window: { ...p.window } }),
    }),
  ),
];
