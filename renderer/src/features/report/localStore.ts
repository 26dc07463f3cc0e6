import type { Phrase } from '../../../../shared/reports/phrases.js';
import type { LocalDraft } from './autosave.js';

/**
 * What the report panel keeps in localStorage: the draft of each study per user (written on every
 * keystroke, before any network call) and the reader's own phrases. Storage may be unavailable
 * (policy, quota): callers get `false` and the panel says the text is not protected locally.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const store = (): KeyValueStore | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

export const draftKey = (userId: string, studyUid: string) => `teleread.report.draft.${userId}.${studyUid}`;
export const phrasesKey = (userId: string) => `teleread.report.phrases.${userId}`;

export function loadDraft(userId: string, studyUid: string, s: KeyValueStore | null = store()): LocalDraft | null {
  try {
    const raw = s?.getItem(draftKey(userId, studyUid));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof d.reportId !== 'string' || typeof d.baseVersion !== 'number' || typeof d.editedAt !== 'string' || !d.content) return null;
    const c = d.content;
    if (typeof c.findings !== 'string' || typeof c.impression !== 'string') return null;
    // Key images and measurements are checked again by the hub's schema when the draft is saved.
    const keyImages = Array.isArray(c.keyImages) ? { keyImages: c.keyImages } : {};
    const measurements = Array.isArray(c.measurements) ? { measurements: c.measurements } : {};
    return { reportId: d.reportId, baseVersion: d.baseVersion, editedAt: d.editedAt, content: { findings: c.findings, impression: c.impression, templateId: c.templateId ?? null, ...keyImages, ...measurements } };
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, studyUid: string, d: LocalDraft, s: KeyValueStore | null = store()): boolean {
  try {
    if (!s) return false;
    s.setItem(draftKey(userId, studyUid), JSON.stringify(d));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(userId: string, studyUid: string, s: KeyValueStore | null = store()): void {
  try {
    s?.removeItem(draftKey(userId, studyUid));
  } catch {
    // nothing to clear
  }
}

export function loadPhrases(userId: string, s: KeyValueStore | null = store()): Phrase[] {
  try {
    const raw = s?.getItem(phrasesKey(userId));
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? (list as Phrase[]).filter((p) => typeof p?.id === 'string' && typeof p?.text?.['zh-CN'] === 'string') : [];
  } catch {
    return [];
  }
}

export function savePhrases(userId: string, phrases: readonly Phrase[], s: KeyValueStore | null = store()): boolean {
  try {
    if (!s) return false;
    s.setItem(phrasesKey(userId), JSON.stringify(phrases));
    return true;
  } catch {
    return false;
  }
}
