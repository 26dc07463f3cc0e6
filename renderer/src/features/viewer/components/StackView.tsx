import { Enums, eventTarget, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { applyCommand } from '../commands/registry.js';
import type { ViewerCommand, ViewState } from '../commands/types.js';
import { createStackToolGroup, type StackToolGroup } from '../cornerstone/toolGroup.js';
import { applyViewState, readViewport } from '../cornerstone/viewportAdapter.js';
import type { LoadedSeries } from '../data/dicomweb.js';
import { registerSeriesMetadata } from '../data/registerMetadata.js';
import { loadAndCacheFrame } from '../data/frames.js';
import { isTemporaryFailure } from '../data/retry.js';
import { SeriesLoader, describeLoadError, type LoadProgress } from '../data/seriesLoader.js';
import { firstString, Tag } from '../domain/dicomJson.js';
import { isMonochrome1 } from '../domain/voi.js';
import { useViewerT } from '../i18n.js';
import { Overlay } from './Overlay.js';

export interface StackViewHandle {
  run(cmd: ViewerCommand): void;
  state(): ViewState | null;
}

interface Props {
  engine: RenderingEngine;
  viewportId: string;
  series: LoadedSeries;
  onState(state: ViewState): void;
  onProgress(seriesUid: string, p: LoadProgress): void;
  handle: Ref<StackViewHandle | null>;
  /** Offered (重试 / Retry) when the frame failed because the hub or PACS was briefly unavailable. */
  onRetry?: () => void;
  /** Called once the first slice is drawn, or could not be fetched (the layout's other cells wait for it). */
  onFirstFrame?: () => void;
}

const FIRST_RENDER_WAIT_MS = 3000;

function initialState(series: LoadedSeries, first: number): ViewState {
  return {
    window: { center: 0, width: 1 },
    fileWindow: { center: 0, width: 1 },
    invert: false,
    rotation: 0,
    flipH: false,
    flipV: false,
    zoom: 1,
    pan: [0, 0],
    sliceIndex: first,
    sliceCount: series.imageIds.length,
    activeTool: 'WindowLevel',
    cine: false,
    mpr: false,
    modality: series.modality,
  };
}

/** One stack viewport: shows the first frame as soon as it arrives, fetches the rest in the background. */
export function StackView({ engine, viewportId, series, onState, onProgress, handle, onRetry, onFirstFrame }: Props) {
  const t = useViewerT();
  const element = useRef<HTMLDivElement>(null);
  const stateRef = useRef<ViewState | null>(null);
  const vpRef = useRef<Types.IStackViewport | null>(null);
  const groupRef = useRef<StackToolGroup | null>(null);
  const loaderRef = useRef<SeriesLoader | null>(null);
  const [frameError, setFrameError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const baseInvert = isMonochrome1(series.instances[0] ?? {});

  useImperativeHandle(
    handle,
    () => ({
      run(cmd) {
        const vp = vpRef.current;
        const group = groupRef.current;
        const prev = stateRef.current;
        if (!vp || !group || !prev) return;
        const current = { ...prev, ...readViewport(vp, baseInvert) };
        const next = applyCommand(cmd, current);
        stateRef.current = next;
        if (next.mpr !== current.mpr) {
          onState(next);
          return;
        }
        applyViewState(vp, group, current, next, baseInvert);
        onState(next);
      },
      state: () => stateRef.current,
    }),
    [baseInvert, onState],
  );

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const multi = series.imageIds.length > 1;
    registerSeriesMetadata(series);
    engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element: el, defaultOptions: { background: [0, 0, 0] } });
    const vp = engine.getViewport(viewportId) as Types.IStackViewport;
    vpRef.current = vp;
    const group = createStackToolGroup(`tg-${viewportId}`, multi);
    group.addViewport(viewportId, engine.id);
    groupRef.current = group;
    const first = 0;
    stateRef.current = initialState(series, first);
    let fileWindowSet = false;

    const sync = () => {
      const prev = stateRef.current;
      if (!prev) return;
      const read = readViewport(vp, baseInvert);
      const next: ViewState = { ...prev, ...read };
      if (!fileWindowSet && read.window.width > 1) {
        // The window Cornerstone opened the first image with: the file's VOI, else the pixel range.
        next.fileWindow = read.window;
        fileWindowSet = true;
      }
      stateRef.current = next;
      loaderRef.current?.focus(read.sliceIndex);
      setFrameError(null);
      onState(next);
    };
    // The rest of the series, and the layout's other cells (data/firstFrameGate.ts), wait for the
    // first slice to be on screen: nothing else competes with it for the link, the decoder or the page.
    let live = true;
    let drawnFallback: ReturnType<typeof setTimeout> | undefined;
    let firstShown = false;
    const startLoader = () => {
      const loader = new SeriesLoader(series.imageIds, vp.getCurrentImageIdIndex(), (p) => {
        onProgress(series.seriesUid, p);
        if (p.failed) setErrors(new Map(p.errors));
      });
      loaderRef.current = loader;
      loader.start();
    };
    const shown = (drawn: boolean) => {
      if (firstShown || !live) return;
      firstShown = true;
      performance.mark('teleread:first-slice', { detail: { drawn } });
      // After the browser has painted it: a frame rendered into the canvas is not yet on screen, and
      // the other cells' set-up (volumes, viewports) would hold the page's next frame back.
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (!live) return;
          if (drawn) startLoader();
          onFirstFrame?.();
        }, 0),
      );
    };
    const onRendered = () => {
      sync();
      // A render of the still empty viewport (resize before the stack is set) is not the first slice.
      if (vp.getCornerstoneImage()) shown(true);
    };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    const onLoadFailed = (evt: Event) => {
      const detail = (evt as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
      if (detail?.imageId && detail.imageId === series.imageIds[vp.getCurrentImageIdIndex()]) setFrameError(describeLoadError(detail.error));
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, onLoadFailed);

    // The slice on screen is fetched alone (and its failure handled here: Cornerstone's own load
    // leaves refused frames as unhandled rejections); the viewport draws it from the cache, then the
    // rest of the series is fetched middle-out.
    loadAndCacheFrame(series.imageIds[first], true)
      .then(() => (live ? vp.setStack(series.imageIds, first) : undefined))
      .then(
        () => {
          if (!live) return;
          vp.render();
          // Should the render event not come (a lost GL context), the series still loads.
          drawnFallback = setTimeout(() => shown(true), FIRST_RENDER_WAIT_MS);
        },
        (err: unknown) => {
          if (!live) return;
          setFrameError(describeLoadError(err));
          shown(false);
        },
      );

    return () => {
      live = false;
      clearTimeout(drawnFallback);
      loaderRef.current?.stop();
      loaderRef.current = null;
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, onLoadFailed);
      try {
        toolUtilities.cine.stopClip(el);
      } catch {
        // no clip was playing
      }
      group.removeViewports(engine.id, viewportId);
      engine.disableElement(viewportId);
      vpRef.current = null;
      groupRef.current = null;
    };
    // The viewport is rebuilt only for another series; callbacks are read through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, viewportId, series]);

  const state = stateRef.current;
  const currentId = state ? series.imageIds[state.sliceIndex] : undefined;
  const failure = frameError ?? (currentId ? errors.get(currentId) : undefined);
  const instance = state ? series.instances[state.sliceIndex] : undefined;

  return (
    <div className="viewer-viewport" style={{ position: 'relative', flex: 1, minWidth: 0, minHeight: 0, background: '#000' }}>
      <div
        ref={element}
        data-testid="stack-viewport"
        data-slice-index={state?.sliceIndex ?? -1}
        data-slice-count={state?.sliceCount ?? 0}
        data-window-center={state?.window.center ?? ''}
        data-window-width={state?.window.width ?? ''}
        data-invert={state ? String(state.invert) : ''}
        data-sop={instance ? firstString(instance, Tag.SOPInstanceUID) : ''}
        onContextMenu={(e) => e.preventDefault()}
        style={{ position: 'absolute', inset: 0 }}
      />
      {state && instance && <Overlay state={state} instance={instance} />}
      {failure && (
        <div role="alert" data-testid="frame-error" style={{ position: 'absolute', left: 8, right: 8, top: '45%', color: '#ffb4a8', textAlign: 'center' }}>
          {onRetry && isTemporaryFailure(failure) ? t('viewer.error.temporary', { reason: failure }) : t('viewer.error.decode', { reason: failure })}
          {onRetry && isTemporaryFailure(failure) && (
            <div>
              <button type="button" data-testid="frame-retry" onClick={onRetry} style={{ marginTop: 8 }}>
                {t('viewer.retry')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
