import { describe, expect, it } from 'vitest';
import { hasUnsaved, reduce, startState, wantsSave, type DraftContent, type HubSnapshot, type SaveState } from './autosave.js';
import { draftKey, loadDraft, saveDraft, type KeyValueStore } from './localStore.js';

const c = (findings: string, impression = '', templateId: string | null = null): DraftContent => ({ findings, impression, templateId });
const hub = (version: number, content: DraftContent, savedAt = '2026-01-01T10:00:00Z', savedBy = '王磊'): HubSnapshot => ({ version, content, savedAt, savedBy });
const run = (s: SaveState, ...events: Parameters<typeof reduce>[1][]) => events.reduce(reduce, s);

describe('report save state machine', () => {
  const start = startState(hub(3, c('A')), null, 'r1');

  it('starts saved from the hub copy and becomes dirty on an edit, saved again when the text returns', () => {
    expect(start).toMatchObject({ status: 'saved', baseVersion: 3 });
    const dirty = reduce(start, { type: 'edit', content: c('AB') });
    expect(dirty.status).toBe('dirty');
    expect(wantsSave(dirty)).toBe(true);
    expect(reduce(dirty, { type: 'edit', content: c('A') }).status).toBe('saved');
  });

  it('keeps an edit typed while saving dirty after the write succeeds, with the new base version', () => {
    const s = run(start, { type: 'edit', content: c('AB') }, { type: 'saveStarted' }, { type: 'edit', content: c('ABC') });
    expect(s.status).toBe('saving');
    expect(s.inFlight).toEqual(c('AB'));
    const after = reduce(s, { type: 'saveOk', version: 4 });
    expect(after).toMatchObject({ status: 'dirty', baseVersion: 4, hubContent: c('AB'), content: c('ABC') });
    expect(reduce(reduce(after, { type: 'saveStarted' }), { type: 'saveOk', version: 5 })).toMatchObject({ status: 'saved', baseVersion: 5 });
  });

  it('goes offline when the hub is unreachable, keeps typing, and retries until the write succeeds', () => {
    const s = run(start, { type: 'edit', content: c('AB') }, { type: 'saveStarted' }, { type: 'saveOffline' }, { type: 'edit', content: c('ABC') });
    expect(s.status).toBe('offline');
    expect(hasUnsaved(s)).toBe(true);
    expect(wantsSave(s)).toBe(true);
    const ok = run(s, { type: 'saveStarted' }, { type: 'saveOk', version: 4 });
    expect(ok).toMatchObject({ status: 'saved', baseVersion: 4, content: c('ABC') });
    expect(hasUnsaved(ok)).toBe(false);
  });

  it('stops on a stale write and never overwrites: theirs replaces mine, or mine is written on top of their version', () => {
    const s = run(start, { type: 'edit', content: c('mine') }, { type: 'saveStarted' }, { type: 'saveStale', hub: hub(5, c('theirs'), '2026-01-01T10:05:00Z', '李娜') });
    expect(s.status).toBe('conflict');
    expect(s.conflict).toMatchObject({ savedBy: '李娜', version: 5 });
    expect(wantsSave(s)).toBe(false);
    // Typing during the conflict does not leave it.
    expect(reduce(s, { type: 'edit', content: c('mine2') }).status).toBe('conflict');
    expect(reduce(s, { type: 'saveStarted' }).status).toBe('conflict');
    expect(reduce(s, { type: 'keepTheirs' })).toMatchObject({ status: 'saved', baseVersion: 5, content: c('theirs'), conflict: null });
    const mine = reduce(s, { type: 'keepMine' });
    expect(mine).toMatchObject({ status: 'dirty', baseVersion: 5, content: c('mine'), conflict: null });
    expect(wantsSave(mine)).toBe(true);
  });

  it('shows a refusal and does not retry it until the next edit', () => {
    const s = run(start, { type: 'edit', content: c('AB') }, { type: 'saveStarted' }, { type: 'saveFailed', message: 'finalised' });
    expect(s).toMatchObject({ status: 'dirty', error: 'finalised' });
    expect(wantsSave(s)).toBe(false);
    expect(wantsSave(reduce(s, { type: 'edit', content: c('ABC') }))).toBe(true);
  });

  it('restores a local draft newer than the hub copy after a crash, as unsaved work or as a conflict', () => {
    const local = { reportId: 'r1', baseVersion: 3, content: c('typed before the crash'), editedAt: '2026-01-01T10:01:00Z' };
    expect(startState(hub(3, c('A')), local, 'r1')).toMatchObject({ status: 'dirty', content: local.content, baseVersion: 3 });
    // Someone saved version 4 after our base, before our local edit: the reader chooses.
    const moved = startState(hub(4, c('B'), '2026-01-01T10:00:30Z', '李娜'), local, 'r1');
    expect(moved).toMatchObject({ status: 'conflict', content: local.content, conflict: { savedBy: '李娜', version: 4, theirs: c('B') } });
    // A local draft older than the hub's copy, of another report, or equal to it is dropped.
    expect(startState(hub(4, c('B'), '2026-01-01T10:02:00Z'), local, 'r1').status).toBe('saved');
    expect(startState(hub(3, c('A')), local, 'other').status).toBe('saved');
    expect(startState(hub(3, local.content), local, 'r1').status).toBe('saved');
  });

  it('is replaced by the hub copy after a signature', () => {
    const s = run(start, { type: 'edit', content: c('AB') }, { type: 'hubReplaced', hub: hub(6, c('AB')) });
    expect(s).toMatchObject({ status: 'saved', baseVersion: 6 });
  });
});

describe('local draft store', () => {
  const mem = (): KeyValueStore & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  };

  it('keys drafts by user and study and round-trips them', () => {
    const s = mem();
    const d = { reportId: 'r1', baseVersion: 2, content: c('所见', '意见', 'ct-chest'), editedAt: '2026-01-01T10:00:00Z' };
    expect(saveDraft('u1', '1.2.3', d, s)).toBe(true);
    expect([...s.data.keys()]).toEqual([draftKey('u1', '1.2.3')]);
    expect(loadDraft('u1', '1.2.3', s)).toEqual(d);
    expect(loadDraft('u2', '1.2.3', s)).toBeNull();
  });

  it('keeps key images and measurements in the local copy, and counts them as edits', () => {
    const s = mem();
    const image = { seriesInstanceUid: '1.2', sopInstanceUid: '1.2.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', frame: 1 };
    const m = { id: 'm1', tool: 'length' as const, image, points: [[0, 0], [3, 4]] as [number, number][], values: { length: 5 }, lengthUnit: 'mm' as const, valueUnit: 'HU', spacing: 'PixelSpacing' as const };
    const d = { reportId: 'r1', baseVersion: 2, content: { ...c('所见'), keyImages: [image], measurements: [m] }, editedAt: '2026-01-01T10:00:00Z' };
    saveDraft('u1', '1.2.3', d, s);
    expect(loadDraft('u1', '1.2.3', s)).toEqual(d);
    const saved = startState(hub(2, { ...c('所见'), keyImages: [], measurements: [] }), null, 'r1');
    expect(run(saved, { type: 'edit', content: { ...c('所见'), keyImages: [image], measurements: [] } }).status).toBe('dirty');
    expect(run(saved, { type: 'edit', content: { ...c('所见'), keyImages: [], measurements: [m] } }).status).toBe('dirty');
    // Absent lists mean "unchanged" (an editor that only knows the text).
    expect(run(saved, { type: 'edit', content: c('所见') }).status).toBe('saved');
  });

  it('ignores a corrupt entry and reports a full store', () => {
    const s = mem();
    s.setItem(draftKey('u1', '1.2.3'), '{not json');
    expect(loadDraft('u1', '1.2.3', s)).toBeNull();
    const full: KeyValueStore = { ...s, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveDraft('u1', '1.2.3', { reportId: 'r', baseVersion: 1, content: c('x'), editedAt: '2026-01-01T00:00:00Z' }, full)).toBe(false);
  });
});
