import type { KeyImage, Measurement } from '../../../../shared/api/reports.js';

/**
 * The report editor's save state machine (pure: no timers, no storage, no network). The hook in
 * useReportDraft.ts drives it; every transition is unit-tested in autosave.test.ts.
 *
 * - saved:    the hub holds exactly what is on screen.
 * - dirty:    edits not yet on the hub (always already in local storage).
 * - saving:   a write is in flight (edits made meanwhile keep the editor dirty after it answers).
 * - conflict: the hub refused our baseVersion (someone else saved); nothing is overwritten until
 *             the reader chooses theirs or mine.
 * - offline:  the hub could not be reached; the text is safe locally and the write is retried.
 */
export interface DraftContent {
  findings: string;
  impression: string;
  templateId: string | null;
  /** Key images marked in the viewer (absent: keep what the hub holds). */
  keyImages?: KeyImage[];
  /** The viewer's measurements (absent: keep what the hub holds). */
  measurements?: Measurement[];
}

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'offline';

export interface ConflictInfo {
  version: number;
  savedBy: string;
  savedAt: string;
  theirs: DraftContent;
}

export interface SaveState {
  status: SaveStatus;
  /** The hub's working-copy version our text is based on (sent as `baseVersion`). */
  baseVersion: number;
  /** What is on screen. */
  content: DraftContent;
  /** What the hub holds at `baseVersion`. */
  hubContent: DraftContent;
  /** The content of the write in flight. */
  inFlight: DraftContent | null;
  conflict: ConflictInfo | null;
  /** A refusal other than stale/offline (e.g. finalised, not the author): shown, not retried until the next edit. */
  error: string | null;
}

export interface HubSnapshot {
  version: number;
  content: DraftContent;
  savedAt: string;
  savedBy: string;
}

export interface LocalDraft {
  reportId: string;
  baseVersion: number;
  content: DraftContent;
  /** ISO time of the last local edit. */
  editedAt: string;
}

export type SaveEvent =
  | { type: 'edit'; content: DraftContent }
  | { type: 'saveStarted' }
  | { type: 'saveOk'; version: number }
  | { type: 'saveStale'; hub: HubSnapshot }
  | { type: 'saveOffline' }
  | { type: 'saveFailed'; message: string }
  | { type: 'keepTheirs' }
  | { type: 'keepMine' }
  /** The hub's copy replaced ours after signing / verifying / amending. */
  | { type: 'hubReplaced'; hub: HubSnapshot };

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export const sameContent = (a: DraftContent, b: DraftContent) =>
  a.findings === b.findings &&
  a.impression === b.impression &&
  (a.templateId ?? null) === (b.templateId ?? null) &&
  (a.keyImages === undefined || b.keyImages === undefined || sameJson(a.keyImages, b.keyImages)) &&
  (a.measurements === undefined || b.measurements === undefined || sameJson(a.measurements, b.measurements));

function clean(hub: HubSnapshot): SaveState {
  return { status: 'saved', baseVersion: hub.version, content: hub.content, hubContent: hub.content, inFlight: null, conflict: null, error: null };
}

/**
 * The state to start from when the panel opens: the hub's copy, unless a local draft is newer.
 * A local draft based on the hub's current version is simply unsaved work (dirty); one based on an
 * older version while the hub moved on is a conflict (someone saved meanwhile): the reader chooses.
 */
export function startState(hub: HubSnapshot, local: LocalDraft | null, reportId: string): SaveState {
  const base = clean(hub);
  if (!local || local.reportId !== reportId || sameContent(local.content, hub.content)) return base;
  const localNewer = Date.parse(local.editedAt) > Date.parse(hub.savedAt);
  if (local.baseVersion === hub.version) return { ...base, status: 'dirty', content: local.content };
  if (local.baseVersion > hub.version || !localNewer) return base; // a draft of another report life, or older than the hub's copy
  return {
    ...base,
    status: 'conflict',
    content: local.content,
    conflict: { version: hub.version, savedBy: hub.savedBy, savedAt: hub.savedAt, theirs: hub.content },
  };
}

export function reduce(s: SaveState, e: SaveEvent): SaveState {
  switch (e.type) {
    case 'edit': {
      if (s.status === 'conflict' || s.status === 'saving' || s.status === 'offline') return { ...s, content: e.content, error: null };
      return { ...s, content: e.content, error: null, status: sameContent(e.content, s.hubContent) ? 'saved' : 'dirty' };
    }
    case 'saveStarted':
      if (s.status === 'conflict' || s.status === 'saving') return s;
      return { ...s, status: 'saving', inFlight: s.content };
    case 'saveOk': {
      const written = s.inFlight ?? s.content;
      return { ...s, baseVersion: e.version, hubContent: written, inFlight: null, error: null, status: sameContent(s.content, written) ? 'saved' : 'dirty' };
    }
    case 'saveStale':
      return { ...s, inFlight: null, status: 'conflict', conflict: { version: e.hub.version, savedBy: e.hub.savedBy, savedAt: e.hub.savedAt, theirs: e.hub.content } };
    case 'saveOffline':
      return { ...s, inFlight: null, status: 'offline' };
    case 'saveFailed':
      return { ...s, inFlight: null, status: 'dirty', error: e.message };
    case 'keepTheirs':
      if (!s.conflict) return s;
      return clean({ version: s.conflict.version, content: s.conflict.theirs, savedAt: s.conflict.savedAt, savedBy: s.conflict.savedBy });
    case 'keepMine':
      if (!s.conflict) return s;
      // Mine is written on top of theirs, knowingly: the base moves to their version.
      return { ...s, baseVersion: s.conflict.version, hubContent: s.conflict.theirs, conflict: null, status: sameContent(s.content, s.conflict.theirs) ? 'saved' : 'dirty' };
    case 'hubReplaced':
      return clean(e.hub);
  }
}

/** Whether the hook should write now (after its debounce, or on a retry tick when offline). */
export const wantsSave = (s: SaveState) => (s.status === 'dirty' && !s.error) || s.status === 'offline';

/** Whether the local copy still holds something the hub does not. */
export const hasUnsaved = (s: SaveState) => s.status !== 'saved';
