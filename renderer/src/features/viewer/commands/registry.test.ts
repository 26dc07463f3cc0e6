import { describe, expect, it } from 'vitest';
import { CT_PRESETS } from '../domain/presets.js';
import { viewerEn, viewerZhCN } from '../i18n.js';
import { COMMANDS, applyCommand, commandById, commandForKey } from './registry.js';
import type { ViewState } from './types.js';

const ct: ViewState = {
  window: { center: 40, width: 400 },
  fileWindow: { center: 40, width: 400 },
  invert: false,
  rotation: 0,
  flipH: false,
  flipV: false,
  zoom: 1,
  pan: [0, 0],
  sliceIndex: 10,
  sliceCount: 134,
  activeTool: 'WindowLevel',
  cine: false,
  mpr: false,
  modality: 'CT',
};
const cr: ViewState = { ...ct, sliceIndex: 0, sliceCount: 1, modality: 'CR' };
const run = (id: string, s: ViewState) => {
  const cmd = commandById(id);
  if (!cmd) throw new Error(`no command ${id}`);
  return applyCommand(cmd, s);
};

describe('viewer command registry', () => {
  it('has unique ids, a label in both languages, and no key bound twice', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(viewerZhCN[c.label], c.id).toBeTruthy();
      expect(viewerEn[c.label], c.id).toBeTruthy();
    }
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds commands by key, ignores modifier chords (those belong to the shell)', () => {
    expect(commandForKey({ key: 'i' }, cr)?.id).toBe('view.invert');
    expect(commandForKey({ key: 'i', ctrlKey: true }, cr)).toBeUndefined();
    expect(commandForKey({ key: 'r' }, cr)?.id).toBe('view.rotateRight');
    expect(commandForKey({ key: 'R' }, cr)?.id).toBe('view.rotateLeft');
    expect(commandForKey({ key: 'q' }, cr)).toBeUndefined();
  });

  it('puts the CT presets on 1–8 for CT only; 0 returns to the file window anywhere', () => {
    CT_PRESETS.forEach((p) => {
      const cmd = commandForKey({ key: p.key }, ct);
      expect(cmd?.id).toBe(`preset.${p.id}`);
      expect(applyCommand(cmd as never, ct).window).toEqual(p.window);
      expect(commandForKey({ key: p.key }, cr)).toBeUndefined();
    });
    const lung = run('preset.lung', ct);
    expect(lung.window).toEqual({ center: -600, width: 1500 });
    expect(commandById('preset.lung')?.isActive?.(lung)).toBe(true);
    expect(run('preset.file', { ...cr, window: { center: 1, width: 2 } }).window).toEqual(cr.fileWindow);
  });

  it('rotates in quarter turns, both ways, and wraps', () => {
    expect(run('view.rotateRight', ct).rotation).toBe(90);
    expect(run('view.rotateRight', { ...ct, rotation: 270 }).rotation).toBe(0);
    expect(run('view.rotateLeft', ct).rotation).toBe(270);
  });

  it('toggles invert and flips', () => {
    expect(run('view.invert', ct).invert).toBe(true);
    expect(run('view.invert', run('view.invert', ct)).invert).toBe(false);
    expect(run('view.flipH', ct)).toMatchObject({ flipH: true, flipV: false });
    expect(run('view.flipV', ct)).toMatchObject({ flipH: false, flipV: true });
  });

  it('zooms in steps within limits; fit and reset go back to how the image opened', () => {
    expect(run('view.zoomIn', ct).zoom).toBeCloseTo(1.25);
    expect(run('view.zoomOut', { ...ct, zoom: 0.1 }).zoom).toBe(0.1);
    expect(run('view.fit', { ...ct, zoom: 3, pan: [10, 5] })).toMatchObject({ zoom: 1, pan: [0, 0] });
    const messy: ViewState = { ...ct, window: { center: 0, width: 10 }, invert: true, rotation: 90, flipH: true, zoom: 4, cine: true };
    expect(run('view.reset', messy)).toEqual({ ...ct, sliceIndex: messy.sliceIndex });
  });

  it('scrolls within the stack and clamps at the ends; stack commands are absent on one image', () => {
    expect(run('stack.next', ct).sliceIndex).toBe(11);
    expect(run('stack.prev', { ...ct, sliceIndex: 0 }).sliceIndex).toBe(0);
    expect(run('stack.next', { ...ct, sliceIndex: 133 }).sliceIndex).toBe(133);
    expect(run('stack.last', ct).sliceIndex).toBe(133);
    expect(run('stack.first', ct).sliceIndex).toBe(0);
    expect(commandForKey({ key: 'ArrowDown' }, cr)).toBeUndefined();
    expect(run('stack.cine', cr)).toBe(cr);
    expect(run('stack.cine', ct).cine).toBe(true);
  });

  it('makes the chosen tool the left-button tool', () => {
    expect(run('tool.Length', ct).activeTool).toBe('Length');
    expect(commandForKey({ key: 'm' }, cr)?.id).toBe('tool.Magnify');
    expect(commandById('tool.StackScroll')?.isAvailable?.(cr)).toBe(false);
  });
});
