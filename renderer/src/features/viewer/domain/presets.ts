import type { WindowLevel } from './voi.js';

export type PresetId = 'brain' | 'subdural' | 'stroke' | 'lung' | 'mediastinum' | 'abdomen' | 'liver' | 'bone';

/**
 * CT window presets in HU on number keys 1–8 (0 returns to the file's window). Values follow the
 * common teaching set (radiopaedia "windowing (CT)"; Weasis presets.xml for brain/lung/bone/abdomen
 * differ by a few HU): width/level.
 */
export const CT_PRESETS: readonly { id: PresetId; key: string; window: WindowLevel }[] = [
  { id: 'brain', key: '1', window: { width: 80, center: 40 } },
  { id: 'subdural', key: '2', window: { width: 200, center: 75 } },
  { id: 'stroke', key: '3', window: { width: 40, center: 40 } },
  { id: 'lung', key: '4', window: { width: 1500, center: -600 } },
  { id: 'mediastinum', key: '5', window: { width: 350, center: 50 } },
  { id: 'abdomen', key: '6', window: { width: 400, center: 50 } },
  { id: 'liver', key: '7', window: { width: 150, center: 30 } },
  { id: 'bone', key: '8', window: { width: 1800, center: 400 } },
];

export function presetById(id: PresetId): WindowLevel {
  const p = CT_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown preset ${id}`);
  return p.window;
}
