import type { RenderingEngine } from '@cornerstonejs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { commandById } from '../commands/registry.js';
import type { ViewState } from '../commands/types.js';
import type { LoadedSeries } from '../data/dicomweb.js';
import { isTemporaryFailure } from '../data/retry.js';
import type { StudySummary } from '../data/priors.js';
import type { LoadProgress } from '../data/seriesLoader.js';
import type { CellView } from '../domain/hanging.js';
import type { Slab } from '../domain/slab.js';
import { useViewerT } from '../i18n.js';
import { OverlayExtras } from './OverlayExtras.js';
import { PlaneView } from './PlaneView.js';
import { SeriesWarnings } from './SeriesWarnings.js';
import { StackView, type StackViewHandle } from './StackView.js';

/** What a layout cell shows: a series of this study or of a prior, as a stack or a reformatted plane. */
export interface CellContent {
  studyUid: string;
  seriesUid: string;
  view: CellView;
  /** CT preset applied when the series first shows */
  preset?: string;
  /** set when the series belongs to a prior study */
  prior?: StudySummary;
}

interface Props {
  index: number;
  content: CellContent | null;
  active: boolean;
  engine: RenderingEngine;
  slab: Slab;
  loadSeries(content: CellContent, index: number): Promise<LoadedSeries>;
  onActivate(index: number): void;
  onState(index: number, state: ViewState): void;
  onHandle(index: number, handle: StackViewHandle | null): void;
  onProgress(seriesUid: string, p: LoadProgress): void;
  /** cell 0: its first slice is drawn or failed; the others load only after that (data/firstFrameGate.ts) */
  onFirstFrame(): void;
  firstFrameReady(): Promise<void>;
}

const cellKey = (c: CellContent) => `${c.studyUid}|${c.seriesUid}|${c.view}|${c.preset ?? ''}`;

/**
 * One viewport of the layout. Loads its own series, so a series that fails (metadata refused,
 * frames that do not decode, slices missing) is reported here and the other viewports go on.
 */
export function ViewportCell({ index, content, active, engine, slab, loadSeries, onActivate, onState, onHandle, onProgress, onFirstFrame, firstFrameReady }: Props) {
  const t = useViewerT();
  const [series, setSeries] = useState<LoadedSeries | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped by 重试 / Retry: reloads the series (metadata, then a fresh viewport fetching its frames).
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const [state, setState] = useState<ViewState | null>(null);
  const handleRef = useRef<StackViewHandle | null>(null);
  const presetDone = useRef(false);
  const cb = useRef({ onState, onHandle, index, preset: content?.preset });
  cb.current = { onState, onHandle, index, preset: content?.preset };
  const key = content ? cellKey(content) : '';

  useEffect(() => {
    setSeries(null);
    setError(null);
    setState(null);
    presetDone.current = false;
    const first = index === 0;
    // The first cell's slice is the first image on screen: a first cell that shows none lets the
    // others go (an empty first cell — before the protocol is applied — does not: the gate's time limit).
    if (!content) return;
    let live = true;
    loadSeries(content, index)
      .then(async (s) => {
        if (!first) await firstFrameReady();
        return s;
      })
      .then(
        (s) => {
          if (!live) return;
          if (!s.imageIds.length) setError(t('viewer.error.noImages'));
          else setSeries(s);
          if (first && (!s.imageIds.length || content.view !== 'axial')) onFirstFrame();
        },
        (err: unknown) => {
          if (first) onFirstFrame();
          if (live) setError(err instanceof Error ? err.message : String(err));
        },
      );
    return () => {
      live = false;
    };
    // The cell reloads only when what it shows changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const setHandle = useCallback((h: StackViewHandle | null) => {
    handleRef.current = h;
    cb.current.onHandle(cb.current.index, h);
  }, []);

  const stateChanged = useCallback((s: ViewState) => {
    setState(s);
    cb.current.onState(cb.current.index, s);
    const preset = cb.current.preset;
    if (preset && !presetDone.current && s.fileWindow.width > 1) {
      presetDone.current = true;
      const cmd = commandById(`preset.${preset}`);
      // After this render event: the preset is a normal command on the viewport.
      if (cmd) setTimeout(() => handleRef.current?.run(cmd), 0);
    }
  }, []);

  const viewportId = `cell${index}-${content?.view ?? ''}-${content?.seriesUid ?? ''}`;
  const instance = state && series ? series.instances[state.sliceIndex] : undefined;
  return (
    <div
      data-testid="viewport-cell"
      data-cell-index={index}
      data-active={active}
      data-study-uid={content?.studyUid ?? ''}
      data-series-uid={content?.seriesUid ?? ''}
      data-view={content?.view ?? ''}
      data-prior={content?.prior ? 'true' : 'false'}
      onPointerDownCapture={() => onActivate(index)}
      onWheelCapture={() => !active && onActivate(index)}
      style={{ position: 'relative', display: 'flex', minWidth: 0, minHeight: 0, background: '#000', outline: active ? '2px solid #3fa0ff' : '1px solid #333', outlineOffset: -2 }}
    >
      {!content && <div style={{ margin: 'auto', color: '#888', fontSize: 12, padding: 8, textAlign: 'center' }}>{t('layout.empty')}</div>}
      {content && !series && !error && <div style={{ margin: 'auto', color: '#aaa', fontSize: 12 }}>{t('viewer.loading.metadata')}</div>}
      {error && (
        <div role="alert" data-testid="viewport-error" style={{ margin: 'auto', color: '#ffb4a8', padding: 8, textAlign: 'center' }}>
          {isTemporaryFailure(error) ? t('viewer.error.temporary', { reason: error }) : t('layout.loadFailed', { reason: error })}
          {isTemporaryFailure(error) && (
            <div>
              <button type="button" data-testid="viewport-retry" onClick={retry} style={{ marginTop: 8 }}>
                {t('viewer.retry')}
              </button>
            </div>
          )}
        </div>
      )}
      {series && content?.view === 'axial' && (
        <>
          <StackView
            key={`${viewportId}#${attempt}`}
            engine={engine}
            viewportId={viewportId}
            series={series}
            onState={stateChanged}
            onProgress={onProgress}
            handle={setHandle}
            onRetry={retry}
            onFirstFrame={index === 0 ? onFirstFrame : undefined}
          />
          {state && instance && <OverlayExtras engine={engine} viewportId={viewportId} state={state} instance={instance} />}
        </>
      )}
      {series && content && content.view !== 'axial' && <PlaneView key={viewportId} engine={engine} viewportId={viewportId} series={series} view={content.view} preset={content.preset} slab={slab} />}
      {series && <SeriesWarnings instances={series.instances} />}
      {content?.prior && (
        <div data-testid="prior-badge" style={{ position: 'absolute', left: '50%', transform: 'translateX(-50%)', bottom: 22, background: '#5a3d8a', color: '#fff', fontSize: 11, padding: '1px 6px', borderRadius: 3, pointerEvents: 'none' }}>
          {t('layout.priorBadge', { date: content.prior.studyDate })}
        </div>
      )}
    </div>
  );
}
