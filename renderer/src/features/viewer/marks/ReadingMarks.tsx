import { Enums, eventTarget, getEnabledElement, getRenderingEngines, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as csAnnotation } from '@cornerstonejs/tools';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Measurement } from '../../../../../shared/api/reports.js';
import { autoResizeViewports } from '../cornerstone/autoResize.js';
import { KEY_IMAGE_SHORTCUT } from '../commands/page.js';
import { fillProbeValues, imageIdOf, parseImageId, restoreMeasurement, studyMeasurements } from './annotations.js';
import { useMarksT } from './i18n.js';
import { mergeMeasurements, studyMarks } from './store.js';

/** The stack viewport the reader is working in: the active cell's, else the first one. */
function activeViewport(root: HTMLElement | null): Types.IStackViewport | null {
  const scope = root?.closest('[data-testid="viewer"]') ?? document;
  const el =
    scope.querySelector<HTMLElement>('[data-testid="viewport-cell"][data-active="true"] [data-testid="stack-viewport"]') ??
    scope.querySelector<HTMLElement>('[data-testid="stack-viewport"]');
  if (!el) return null;
  const vp = getEnabledElement(el as HTMLDivElement)?.viewport as Types.IStackViewport | undefined;
  return vp && typeof vp.getCurrentImageId === 'function' ? vp : null;
}

/** A small picture of what the viewport shows, for the report panel's key-image strip. */
function thumbnail(vp: Types.IStackViewport): string | undefined {
  try {
    const src = vp.getCanvas();
    const scale = 96 / Math.max(src.width, src.height, 1);
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(src.width * scale));
    c.height = Math.max(1, Math.round(src.height * scale));
    c.getContext('2d')?.drawImage(src, 0, 0, c.width, c.height);
    return c.toDataURL('image/jpeg', 0.7);
  } catch {
    return undefined;
  }
}

const renderAll = () => {
  for (const e of getRenderingEngines() ?? []) {
    try {
      e.render();
    } catch {
      // an engine being torn down
    }
  }
};

/**
 * Key images and measurements of the viewer, shared with the report panel through the study's
 * marks store: the key-image button (and K) marks/unmarks the image on screen; every finished,
 * moved or deleted measurement is published; saved measurements are drawn again when the study
 * is reopened (retried until their series' geometry is known); a click on the report's key-image
 * strip brings that image up.
 */
export function ReadingMarks({ studyUid, dicomwebRoot }: { studyUid: string; dicomwebRoot: string }) {
  const t = useMarksT();
  const store = studyMarks(studyUid);
  const state = useSyncExternalStore(
    (fn) => store.subscribe(fn),
    () => store.state,
  );
  const ref = useRef<HTMLDivElement>(null);
  /** how many of the study's measurements are drawn in the viewer (saved ones once redrawn) */
  const [drawn, setDrawn] = useState(0);

  // Canvases follow their elements' size, so pointer positions stay image positions.
  useEffect(() => autoResizeViewports(), []);

  // The image on screen.
  useEffect(() => {
    const update = () => {
      const vp = activeViewport(ref.current);
      const id = vp?.getCurrentImageId();
      const parsed = id ? parseImageId(id) : null;
      store.setCurrent(parsed && parsed.studyUid === studyUid ? parsed.image : null);
    };
    // Cornerstone's element events do not bubble: listen in the capture phase.
    document.addEventListener(Enums.Events.IMAGE_RENDERED, update, true);
    document.addEventListener('pointerdown', update, true);
    return () => {
      document.removeEventListener(Enums.Events.IMAGE_RENDERED, update, true);
      document.removeEventListener('pointerdown', update, true);
    };
  }, [store, studyUid]);

  // Measurements: published after each change; saved ones drawn again once per load of the report.
  useEffect(() => {
    let pending: Measurement[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seq = -1;
    const publish = () => {
      if (fillProbeValues()) renderAll();
      const live = studyMeasurements(studyUid);
      setDrawn(live.length);
      store.setMeasurements(mergeMeasurements(store.state.measurements, live, pending));
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(publish, 150);
    };
    const restore = () => {
      if (!pending.length) return;
      const left = pending.filter((m) => {
        try {
          return !restoreMeasurement(m, dicomwebRoot, studyUid);
        } catch {
          return true;
        }
      });
      if (left.length !== pending.length) {
        renderAll();
        setDrawn(studyMeasurements(studyUid).length);
      }
      pending = left;
    };
    const onStore = () => {
      if (store.restoreSeq === seq) return;
      seq = store.restoreSeq;
      pending = store.state.measurements.filter((m) => !csAnnotation.state.getAnnotation(m.id));
      restore();
    };
    onStore();
    const unsub = store.subscribe(onStore);
    const retry = setInterval(restore, 1000);
    const events = [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_MODIFIED, ToolEnums.Events.ANNOTATION_REMOVED];
    for (const e of events) eventTarget.addEventListener(e, schedule);
    return () => {
      unsub();
      clearInterval(retry);
      clearTimeout(timer);
      for (const e of events) eventTarget.removeEventListener(e, schedule);
    };
  }, [store, studyUid, dicomwebRoot]);

  // K: mark / unmark the image on screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (e.ctrlKey || e.metaKey || e.altKey || !KEY_IMAGE_SHORTCUT.keys.includes(e.key)) return;
      e.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The report panel asked for an image.
  const shown = useRef(0);
  useEffect(() => {
    const req = store.showRequest;
    if (!req || req.seq === shown.current) return;
    shown.current = req.seq;
    const wanted = imageIdOf(dicomwebRoot, studyUid, req.image);
    const scope = ref.current?.closest('[data-testid="viewer"]') ?? document;
    for (const el of scope.querySelectorAll<HTMLDivElement>('[data-testid="stack-viewport"]')) {
      const vp = getEnabledElement(el)?.viewport as Types.IStackViewport | undefined;
      const i = vp?.getImageIds?.().indexOf(wanted) ?? -1;
      if (vp && i >= 0) {
        void vp.setImageIdIndex(i);
        break;
      }
    }
  }, [state, store, studyUid, dicomwebRoot]);

  const toggle = () => {
    const vp = activeViewport(ref.current);
    const id = vp?.getCurrentImageId();
    const parsed = id ? parseImageId(id) : null;
    if (!vp || !parsed || parsed.studyUid !== studyUid) return;
    store.setCurrent(parsed.image);
    store.toggleKey(parsed.image, store.isKey(parsed.image) ? undefined : thumbnail(vp));
  };

  const isKey = store.isKey(state.current);
  return (
    <div ref={ref} className="viewer-marks" style={{ display: 'flex', alignItems: 'center', gap: 6, margin: '0 4px', color: '#ddd', fontSize: 12, whiteSpace: 'nowrap' }}>
      <button
        type="button"
        data-testid="viewer-key-image"
        data-key={isKey}
        aria-pressed={isKey}
        disabled={!state.current || !state.editable}
        title={state.editable ? t('marks.key.hint') : t('marks.readOnly')}
        onClick={toggle}
        style={isKey ? { background: '#c9a227', color: '#000' } : undefined}
      >
        {isKey ? `★ ${t('marks.key.on')}` : `☆ ${t('marks.key.off')}`} (K)
      </button>
      <span data-testid="viewer-marks-count" data-keys={state.keyImages.length} data-measurements={state.measurements.length} data-drawn={drawn}>
        {t('marks.count', { keys: state.keyImages.length, measurements: state.measurements.length })}
      </span>
    </div>
  );
}
