import { RenderingEngine } from '@cornerstonejs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { commandForKey } from '../commands/registry.js';
import type { ViewerCommand, ViewState } from '../commands/types.js';
import { initCornerstone } from '../cornerstone/init.js';
import { listSeries, loadSeriesMetadata, DicomwebError, type LoadedSeries, type SeriesSummary } from '../data/dicomweb.js';
import type { LoadProgress } from '../data/seriesLoader.js';
import { useViewerT } from '../i18n.js';
import { MprView } from './MprView.js';
import { SeriesList } from './SeriesList.js';
import { StackView, type StackViewHandle } from './StackView.js';
import { Toolbar } from './Toolbar.js';

export interface ViewerPageProps {
  studyUid: string;
  /** the hub's base URL ('' for the same origin); DICOMweb is at {hubUrl}/dicomweb */
  hubUrl: string;
  getToken: () => Promise<string>;
  onClose?: () => void;
}

let engineSeq = 0;

/** The image viewer for one study: series list, toolbar, one stack viewport (or MPR). */
export function ViewerPage({ studyUid, hubUrl, getToken, onClose }: ViewerPageProps) {
  const t = useViewerT();
  const tokenRef = useRef(getToken);
  tokenRef.current = getToken;
  const source = useMemo(() => ({ root: `${hubUrl.replace(/\/$/, '')}/dicomweb`, getToken: () => tokenRef.current() }), [hubUrl]);
  const [engine, setEngine] = useState<RenderingEngine | null>(null);
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  const [active, setActive] = useState<LoadedSeries | null>(null);
  const [progress, setProgress] = useState<Record<string, LoadProgress | undefined>>({});
  const [view, setView] = useState<ViewState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stackRef = useRef<StackViewHandle | null>(null);
  const metaCache = useRef(new Map<string, Promise<LoadedSeries>>());

  useEffect(() => {
    initCornerstone(() => tokenRef.current());
    const e = new RenderingEngine(`teleread-viewer-${++engineSeq}`);
    setEngine(e);
    return () => e.destroy();
  }, []);

  const openSeries = useCallback(
    (summary: SeriesSummary) => {
      let p = metaCache.current.get(summary.seriesUid);
      if (!p) {
        p = loadSeriesMetadata(source, studyUid, summary);
        metaCache.current.set(summary.seriesUid, p);
      }
      p.then(
        (loaded) => {
          if (!loaded.imageIds.length) return setError(t('viewer.error.noImages'));
          setActive((prev) => {
            if (prev?.seriesUid !== loaded.seriesUid) setView(null);
            return loaded;
          });
        },
        (err: unknown) => setError(t('viewer.error.metadata', { study: studyUid, reason: err instanceof Error ? err.message : String(err) })),
      );
    },
    [source, studyUid, t],
  );

  useEffect(() => {
    let cancelled = false;
    listSeries(source, studyUid).then(
      (list) => {
        if (cancelled) return;
        setSeries(list);
        if (!list.length) setError(t('viewer.error.noImages'));
        else openSeries(list[0]);
      },
      (err: unknown) => {
        if (cancelled) return;
        const reason = err instanceof DicomwebError ? `HTTP ${err.status}` : err instanceof Error ? err.message : String(err);
        setError(t('viewer.error.metadata', { study: studyUid, reason }));
      },
    );
    return () => {
      cancelled = true;
    };
    // t changes with the language only; a reload is not needed for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, studyUid, openSeries]);

  const run = useCallback((cmd: ViewerCommand) => stackRef.current?.run(cmd), []);
  const onProgress = useCallback((uid: string, p: LoadProgress) => setProgress((prev) => ({ ...prev, [uid]: p })), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const state = stackRef.current?.state();
      if (!state) return;
      const cmd = commandForKey(e, state);
      if (!cmd) return;
      e.preventDefault();
      run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  return (
    <div data-testid="viewer" style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, background: '#000' }}>
      <div style={{ display: 'flex', alignItems: 'center' }}>
        <div style={{ flex: 1 }}>
          {/* Stack commands act on the stack viewport; MPR has its own exit (button, x, Esc). */}
          {!view?.mpr && <Toolbar state={view} onRun={run} />}
        </div>
        {onClose && (
          <button type="button" onClick={onClose} style={{ margin: 4 }}>
            {t('viewer.close')}
          </button>
        )}
      </div>
      <div style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <SeriesList series={series} activeUid={active?.seriesUid ?? null} progress={progress} onSelect={(uid) => {
          const s = series.find((x) => x.seriesUid === uid);
          if (s) openSeries(s);
        }} />
        <div style={{ flex: 1, display: 'flex', minWidth: 0, position: 'relative' }}>
          {error && (
            <div role="alert" data-testid="viewer-error" style={{ position: 'absolute', top: 8, left: 8, right: 8, color: '#ffb4a8', zIndex: 2 }}>
              {error}
            </div>
          )}
          {!active && !error && <div style={{ color: '#aaa', margin: 'auto' }}>{t('viewer.loading.metadata')}</div>}
          {engine && active && !view?.mpr && (
            <StackView key={active.seriesUid} engine={engine} viewportId={`stack-${active.seriesUid}`} series={active} onState={setView} onProgress={onProgress} handle={stackRef} />
          )}
          {engine && active && view?.mpr && <MprView engine={engine} series={active} onExit={() => setView((v) => (v ? { ...v, mpr: false } : v))} />}
        </div>
      </div>
    </div>
  );
}
