import type { KeyImage, Measurement } from '../../../../../shared/api/reports.js';

/**
 * What the viewer and the report panel share about one study while it is read: the image on
 * screen, the key images and the measurements. Pure TypeScript (no React, no Cornerstone) so the
 * report panel can use it without loading the viewer.
 *
 * - The report panel owns the truth (the draft): it loads the set with `fromReport` and registers a
 *   sink that writes every change into the draft (autosaved like typed text).
 * - The viewer reports the current image, toggles key images (button, K) and publishes its
 *   measurements; `restore` tells it which saved measurements to draw again when a study is reopened.
 * - Without a report panel (the bare viewer) the store keeps the marks for the session only.
 */
export interface MarksState {
  current: KeyImage | null;
  keyImages: KeyImage[];
  measurements: Measurement[];
  /** false while the report cannot be edited (signed, or someone else's): marks are shown, not changed */
  editable: boolean;
  /** thumbnails captured by the viewer when an image was marked (data URLs, this session only) */
  thumbs: Record<string, string>;
}

export interface MarksSink {
  keyImages(list: KeyImage[]): void;
  measurements(list: Measurement[]): void;
}

export const imageKey = (k: Pick<KeyImage, 'sopInstanceUid' | 'frame'>) => `${k.sopInstanceUid}:${k.frame ?? 1}`;
export const sameImage = (a: KeyImage, b: KeyImage) => imageKey(a) === imageKey(b);

type Listener = (s: MarksState) => void;

export class StudyMarks {
  private s: MarksState = { current: null, keyImages: [], measurements: [], editable: true, thumbs: {} };
  private listeners = new Set<Listener>();
  private sink: MarksSink | null = null;
  /** bumps every time the panel loads a saved set; the viewer draws that set again once per bump */
  restoreSeq = 0;
  /** the image the panel asked the viewer to show (click on a key image) */
  showRequest: { seq: number; image: KeyImage } | null = null;

  get state(): MarksState {
    return this.s;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<MarksState>) {
    this.s = { ...this.s, ...patch };
    for (const fn of this.listeners) fn(this.s);
  }

  /** The report panel: where changes go (null when it unmounts). */
  connect(sink: MarksSink | null): void {
    this.sink = sink;
  }

  get connected(): boolean {
    return this.sink !== null;
  }

  /** The report panel loaded (or reloaded) the report: its marks become the viewer's, and saved measurements are drawn again. */
  fromReport(keyImages: KeyImage[], measurements: Measurement[], editable: boolean): void {
    this.restoreSeq++;
    this.set({ keyImages, measurements, editable });
  }

  /** The draft changed under the panel (edits, conflicts resolved, signature): keep the strip in step without redrawing. */
  sync(keyImages: KeyImage[], editable: boolean): void {
    if (keyImages === this.s.keyImages && editable === this.s.editable) return;
    this.set({ keyImages, editable });
  }

  setCurrent(image: KeyImage | null): void {
    const c = this.s.current;
    if (c === image || (c && image && sameImage(c, image) && c.seriesInstanceUid === image.seriesInstanceUid)) return;
    this.set({ current: image });
  }

  isKey(image: KeyImage | null): boolean {
    return !!image && this.s.keyImages.some((k) => sameImage(k, image));
  }

  /** Marks or unmarks `image` (the current one by default). Returns false when nothing could change. */
  toggleKey(image: KeyImage | null = this.s.current, thumb?: string): boolean {
    if (!image || !this.s.editable) return false;
    const next = this.isKey(image) ? this.s.keyImages.filter((k) => !sameImage(k, image)) : [...this.s.keyImages, image].slice(0, 100);
    const thumbs = thumb ? { ...this.s.thumbs, [imageKey(image)]: thumb } : this.s.thumbs;
    this.set({ keyImages: next, thumbs });
    this.sink?.keyImages(next);
    return true;
  }

  /** The viewer's measurements changed (drawn, moved, deleted). */
  setMeasurements(list: Measurement[]): void {
    if (JSON.stringify(list) === JSON.stringify(this.s.measurements)) return;
    this.set({ measurements: list });
    if (this.s.editable) this.sink?.measurements(list);
  }

  /** The panel asks the viewer to show an image (a click on the key-image strip). */
  show(image: KeyImage): void {
    this.showRequest = { seq: (this.showRequest?.seq ?? 0) + 1, image };
    this.set({});
  }
}

/**
 * The set to publish: what is drawn, plus saved ones not drawn yet, in the order already known (so
 * redrawing a saved set changes nothing in the draft). A redrawn measurement whose stats the tool has
 * not computed yet (its slice not shown) keeps its saved values.
 */
export function mergeMeasurements(known: Measurement[], live: Measurement[], pending: Measurement[]): Measurement[] {
  const before = new Map(known.map((m) => [m.id, m]));
  const now = new Map<string, Measurement>();
  for (const m of pending) now.set(m.id, m);
  for (const m of live) {
    const old = before.get(m.id);
    now.set(m.id, old && m.tool !== 'arrow' && Object.keys(m.values).length === 0 ? old : m);
  }
  const ordered = known.filter((m) => now.has(m.id)).map((m) => now.get(m.id)!);
  return [...ordered, ...[...now.values()].filter((m) => !before.has(m.id))];
}

const registry = new Map<string, StudyMarks>();

/** The marks of one study (one instance per study for the whole window). */
export function studyMarks(studyUid: string): StudyMarks {
  let m = registry.get(studyUid);
  if (!m) {
    m = new StudyMarks();
    registry.set(studyUid, m);
  }
  return m;
}
