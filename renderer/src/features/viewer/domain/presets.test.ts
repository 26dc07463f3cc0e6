import { describe, expect, it } from 'vitest';
import { CT_PRESETS, presetById } from './presets.js';
import { windowToRange } from './voi.js';

describe('CT window presets', () => {
  it('has the eight presets of the issue on keys 1–8, each once', () => {
    expect(CT_PRESETS.map((p) => p.id)).toEqual(['brain', 'subdural', 'stroke', 'lung', 'mediastinum', 'abdomen', 'liver', 'bone']);
    expect(CT_PRESETS.map((p) => p.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('puts the tissue of each preset inside its window (HU)', () => {
    const inside = (id: Parameters<typeof presetById>[0], hu: number) => {
      const r = windowToRange(presetById(id));
      return hu >= r.lower && hu <= r.upper;
    };
    expect(inside('lung', -850)).toBe(true); // aerated lung
    expect(inside('brain', 35)).toBe(true); // grey matter
    expect(inside('brain', 1000)).toBe(false); // bone saturates white
    expect(inside('bone', 1200)).toBe(true); // cortical bone
    expect(inside('liver', 60)).toBe(true);
    expect(inside('subdural', 70)).toBe(true); // acute blood
    expect(inside('mediastinum', -100)).toBe(true); // fat
    expect(() => presetById('nope' as never)).toThrow();
  });
});
