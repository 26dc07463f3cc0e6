import type { LayoutId } from '../domain/layout.js';
import type { ViewerMessageKey } from '../i18n.js';
import { COMMANDS } from './registry.js';

/**
 * Commands of the viewer as a whole (layout, panels, MPR slab), beside the per-viewport ones in
 * registry.ts. Same rule: every command has a shortcut, and the help overlay lists both tables.
 */
export interface PageActions {
  setLayout(id: LayoutId): void;
  nextViewport(): void;
  nextProtocol(): void;
  toggleSync(): void;
  openPrior(): void;
  toggleHelp(): void;
  toggleTags(): void;
  cycleSlabMode(): void;
  slab(deltaMm: number): void;
}

export interface PageCommand {
  id: string;
  label: ViewerMessageKey;
  keys: readonly string[];
  group: 'layout' | 'page' | 'mpr';
  run(a: PageActions): void;
}

export const SLAB_STEP_MM = 5;

export const PAGE_COMMANDS: readonly PageCommand[] = [
  { id: 'layout.1x1', label: 'cmd.layout.1x1', keys: ['F2'], group: 'layout', run: (a) => a.setLayout('1x1') },
  { id: 'layout.1x2', label: 'cmd.layout.1x2', keys: ['F3'], group: 'layout', run: (a) => a.setLayout('1x2') },
  { id: 'layout.2x2', label: 'cmd.layout.2x2', keys: ['F4'], group: 'layout', run: (a) => a.setLayout('2x2') },
  { id: 'layout.nextViewport', label: 'cmd.nextViewport', keys: ['Tab'], group: 'layout', run: (a) => a.nextViewport() },
  { id: 'layout.nextProtocol', label: 'cmd.nextProtocol', keys: ['H'], group: 'layout', run: (a) => a.nextProtocol() },
  { id: 'prior.open', label: 'cmd.openPrior', keys: ['P'], group: 'layout', run: (a) => a.openPrior() },
  { id: 'prior.sync', label: 'cmd.sync', keys: ['y'], group: 'layout', run: (a) => a.toggleSync() },
  { id: 'mpr.slabMode', label: 'cmd.slabMode', keys: ['u'], group: 'mpr', run: (a) => a.cycleSlabMode() },
  { id: 'mpr.slabThicker', label: 'cmd.slabThicker', keys: [']'], group: 'mpr', run: (a) => a.slab(SLAB_STEP_MM) },
  { id: 'mpr.slabThinner', label: 'cmd.slabThinner', keys: ['['], group: 'mpr', run: (a) => a.slab(-SLAB_STEP_MM) },
  { id: 'page.tags', label: 'cmd.tags', keys: ['T'], group: 'page', run: (a) => a.toggleTags() },
  { id: 'page.help', label: 'cmd.help', keys: ['?', 'F1'], group: 'page', run: (a) => a.toggleHelp() },
];

/**
 * Shortcuts bound by components that own the state they change (not by the page's key handler),
 * listed here so the help overlay shows them and the duplicate-key test covers them. The
 * component reads its keys from this table.
 */
export interface BoundElsewhere {
  id: string;
  label: ViewerMessageKey;
  keys: readonly string[];
  group: 'page';
}
export const KEY_IMAGE_SHORTCUT: BoundElsewhere = { id: 'marks.keyImage', label: 'cmd.keyImage', keys: ['k', 'K'], group: 'page' };
export const BOUND_ELSEWHERE: readonly BoundElsewhere[] = [KEY_IMAGE_SHORTCUT];

export function pageCommandForKey(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): PageCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return PAGE_COMMANDS.find((c) => c.keys.includes(e.key));
}

export interface HelpRow {
  id: string;
  label: ViewerMessageKey;
  keys: readonly string[];
}
export interface HelpSection {
  group: 'tool' | 'view' | 'stack' | 'preset' | 'layout' | 'page' | 'mpr';
  rows: HelpRow[];
}

const ORDER: HelpSection['group'][] = ['tool', 'view', 'stack', 'preset', 'mpr', 'layout', 'page'];

/** The help overlay's content, generated from both command tables (nothing is listed by hand). */
export function helpSections(): HelpSection[] {
  const all: (HelpRow & { group: HelpSection['group'] })[] = [
    ...COMMANDS.map((c) => ({ id: c.id, label: c.label, keys: c.keys, group: c.group })),
    ...PAGE_COMMANDS.map((c) => ({ id: c.id, label: c.label, keys: c.keys, group: c.group })),
    ...BOUND_ELSEWHERE.map((c) => ({ id: c.id, label: c.label, keys: c.keys, group: c.group })),
  ];
  return ORDER.map((group) => ({ group, rows: all.filter((c) => c.group === group).map(({ id, label, keys }) => ({ id, label, keys })) })).filter((s) => s.rows.length);
}

/** How a key is shown: letters as typed (Shift+letter for capitals), arrows as symbols. */
export function keyLabel(key: string): string {
  const named: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc', PageUp: 'PgUp', PageDown: 'PgDn', ' ': 'Space' };
  if (named[key]) return named[key];
  if (key.length === 1 && /[A-Z]/.test(key)) return `Shift+${key}`;
  if (key.length === 1 && /[a-z]/.test(key)) return key.toUpperCase();
  return key;
}
