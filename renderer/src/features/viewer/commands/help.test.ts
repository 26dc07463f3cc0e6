import { describe, expect, it } from 'vitest';
import { viewerEn, viewerZhCN } from '../i18n.js';
import { BOUND_ELSEWHERE, helpSections, keyLabel, PAGE_COMMANDS, pageCommandForKey } from './page.js';
import { COMMANDS } from './registry.js';

describe('help overlay from the command tables', () => {
  it('every command, per viewport or for the page, has a shortcut and a label in both languages', () => {
    for (const c of [...COMMANDS, ...PAGE_COMMANDS, ...BOUND_ELSEWHERE]) {
      expect(c.keys.length, `${c.id} has no shortcut`).toBeGreaterThan(0);
      expect(viewerZhCN[c.label], c.id).toBeTruthy();
      expect(viewerEn[c.label], c.id).toBeTruthy();
    }
  });

  it('no key is bound twice across both tables', () => {
    const keys = [...COMMANDS, ...PAGE_COMMANDS, ...BOUND_ELSEWHERE].flatMap((c) => c.keys);
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dup).toEqual([]);
  });

  it('lists every command exactly once, grouped', () => {
    const listed = helpSections().flatMap((s) => s.rows.map((r) => r.id));
    expect(listed.sort()).toEqual([...COMMANDS, ...PAGE_COMMANDS, ...BOUND_ELSEWHERE].map((c) => c.id).sort());
    expect(listed).toContain('marks.keyImage');
    expect(helpSections().map((s) => s.group)).toContain('layout');
  });

  it('finds page commands by key, not with modifier chords; shows keys readably', () => {
    expect(pageCommandForKey({ key: 'F4' })?.id).toBe('layout.2x2');
    expect(pageCommandForKey({ key: '?' })?.id).toBe('page.help');
    expect(pageCommandForKey({ key: 'F1' })?.id).toBe('page.help');
    expect(pageCommandForKey({ key: 'T', ctrlKey: true })).toBeUndefined();
    expect(keyLabel('ArrowDown')).toBe('↓');
    expect(keyLabel('T')).toBe('Shift+T');
    expect(keyLabel('w')).toBe('W');
  });
});
