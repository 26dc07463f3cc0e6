import { RenderingEngine } from '@cornerstonejs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { pageCommandForKey, type PageActions } from '../commands/page.js';
import { commandForKey } from '../commands/registry.js';
import type { ViewerCommand } from '../commands/types.js';
import { initCornerstone } from '../cornerstone/init.js';
import { DicomwebError, type SeriesSummary } from '../data/dicomweb.js';
import { isTemporaryFailure } from '../data/retry.js';
import type { LoadProgress } from '../data/seriesLoader.js';
import { LAYOUTS } from '../domain/layout.js';
import { changeSlab, cycleSlabMode, DEFAULT_SLAB, type Slab } from '../domain/slab.js';
import { useViewerT } from '../i18n.js';
import { HelpOverlay } from './HelpOverlay.js';
import { LayoutBar } from './LayoutBar.js';
import { MprView } from './MprView.js';
import { PriorsPanel } from './PriorsPanel.js';
import { SeriesList } from './SeriesList.js';
import { TagBrowser } from './TagBrowser.js';
import { Toolbar } from './Toolbar.js';
import { ReadingMarks } from '../marks/ReadingMarks.js';
import { useWorkspace } from './useWorkspace.js';
import { ViewportCell } from './ViewportCell.js';

export interface ViewerPageProps {
  studyUid: string;
  /** the hub's base URL ('' for the same origin); DICOMweb is at {hubUrl}/dicomweb */
  hubUrl: string;
  getToken: () => Promise<string>;
  onClose?: () => void;
  /** a hanging protocol id to open with instead of the one chosen by exam type (tests, preferences) */
  initialProtocol?: string;
}

let engineSeq = 0;

/** The image viewer for one study: series list and priors, toolbars, a layout of viewports (or MPR). */
export function ViewerPage({ studyUid, hubUrl, getToken, onClose, initialProtocol }: ViewerPageProps) {
  const t = useViewerT();
  const tokenRef = useRef(getToken);
  tokenRef.current = getToken;
  const source = useMemo(() => ({ root: `${hubUrl.replace(/\/$/, '')}/dicomweb`, getToken: () => tokenRef.current() }), [hubUrl]);
  const [engine, setEngine] = useState<RenderingEngine | null>(null);
  const [series, setSeries] = useState<SeriesSummary[]>([]);
  const [progress, setProgress] = useState<Record<string, LoadProgress | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  // A study that could not be opened because the hub/PACS was briefly unavailable offers 重试 / Retry.
  const [openRetry, setOpenRetry] = useState(false);
  const [openAttempt, setOpenAttempt] = useState(0);
  const [slab, setSlab] = useState<Slab>(DEFAULT_SLAB);
  const [help, setHelp] = useState(false);
  const [tags, setTags] = useState(false);
  const ws = useWorkspace(source, studyUid, initialProtocol);
  const { view, setView, stackRef } = ws;
  const activeCell = ws.cells[ws.active] ?? null;
  const activeSeries = ws.activeSeries();

  useEffect(() => {
    initCornerstone(() => tokenRef.current());
    const e = new RenderingEngine(`teleread-viewer-${++engineSeq}`);
    setEngine(e);
    return () => e.destroy();
  }, []);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    setOpenRetry(false);
    ws.open().then(
      (list) => {
        if (cancelled) return;
        setSeries(list);
        if (!list.length) setError(t('viewer.error.noImages'));
      },
      (err: unknown) => {
        if (cancelled) return;
        const reason = err instanceof DicomwebError ? `HTTP ${err.status}` : err instanceof Error ? err.message : String(err);
        setError(t('viewer.error.metadata', { study: studyUid, reason }));
        setOpenRetry(isTemporaryFailure(reason));
      },
    );
    return () => {
      cancelled = true;
    };
    // t changes with the language only; a reload is not needed for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, studyUid, openAttempt]);

  const run = useCallback((cmd: ViewerCommand) => stackRef.current?.run(cmd), [stackRef]);
  const onProgress = useCallback((uid: string, p: LoadProgress) => setProgress((prev) => ({ ...prev, [uid]: p })), []);

  const actions: PageActions = useMemo(
    () => ({
      setLayout: ws.setLayout,
      nextViewport: () => ws.setActive((ws.active + 1) % ws.cells.length),
      nextProtocol: ws.nextProtocol,
      toggleSync: ws.toggleSync,
      openPrior: () => void ws.openPrior(),
      toggleHelp: () => setHelp((h) => !h),
      toggleTags: () => setTags((v) => !v),
      cycleSlabMode: () => setSlab(cycleSlabMode),
      slab: (d) => setSlab((s) => changeSlab(s, d)),
    }),
    [ws],
  );
  const actionsRef = useRef(actions);
  actionsRef.current = actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const page = pageCommandForKey(e);
      // Tab keeps moving the focus between buttons and links (keyboard users); elsewhere it changes the viewport.
      if (page && !(e.key === 'Tab' && target && ['BUTTON', 'A'].includes(target.tagName))) {
        e.preventDefault();
        page.run(actionsRef.current);
        return;
      }
      const state = stackRef.current?.state();
      if (!state) return;
      const cmd = commandForKey(e, state);
      if (!cmd) return;
      e.preventDefault();
      run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, stackRef]);

  const grid = LAYOUTS[ws.layout];
  const showsPlane = ws.cells.some((c) => c && c.view !== 'axial');
  const tagInstance = activeSeries && view ? activeSeries.instances[view.sliceIndex] : undefined;
  const openStudies = [studyUid, ...ws.cells.map((c) => c?.studyUid ?? '')];

  return (
    <div data-testid="viewer" data-layout={ws.layout} data-protocol={ws.protocolId ?? ''} data-sync={ws.sync} style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, background: '#000', position: 'relative' }}>
      <div style={{ display: 'flex', alignItems: 'center' }}>
        <div style={{ flex: 1 }}>
          {/* Stack commands act on the active stack viewport; MPR has its own exit (button, x, Esc). */}
          {!view?.mpr && <Toolbar state={view} onRun={run} />}
          <LayoutBar
            layout={ws.layout}
            onLayout={ws.setLayout}
            protocols={ws.protocols}
            protocolId={ws.protocolId}
            onProtocol={(id) => {
              const p = ws.protocols.find((x) => x.id === id);
              if (p) void ws.applyProtocol(p);
            }}
            sync={ws.sync}
            onSync={ws.toggleSync}
            slab={slab}
            onSlab={setSlab}
            showSlab={!!view?.mpr || showsPlane}
            onHelp={() => setHelp((h) => !h)}
            onTags={() => setTags((v) => !v)}
          />
        </div>
        <ReadingMarks studyUid={studyUid} dicomwebRoot={source.root} />
        {onClose && (
          <button type="button" onClick={onClose} style={{ margin: 4 }}>
            {t('viewer.close')}
          </button>
        )}
      </div>
      <div style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <div style={{ width: 180, display: 'flex', flexDirection: 'column', background: '#15181c', minHeight: 0 }}>
          <SeriesList
            series={series}
            activeUid={activeCell?.studyUid === studyUid ? activeCell.seriesUid : null}
            progress={progress}
            onSelect={(uid) => ws.showSeries({ studyUid, seriesUid: uid, view: 'axial' })}
          />
          <PriorsPanel state={ws.priors} openUids={openStudies} onOpen={(p) => void ws.openPrior(p)} />
        </div>
        <div style={{ flex: 1, display: 'flex', minWidth: 0, position: 'relative' }}>
          {error && (
            <div role="alert" data-testid="viewer-error" style={{ position: 'absolute', top: 8, left: 8, right: 8, color: '#ffb4a8', zIndex: 2 }}>
              {error}
              {openRetry && (
                <div>
                  <button type="button" data-testid="viewer-retry" onClick={() => setOpenAttempt((a) => a + 1)} style={{ marginTop: 8 }}>
                    {t('viewer.retry')}
                  </button>
                </div>
              )}
            </div>
          )}
          {engine && !view?.mpr && (
            <div data-testid="viewport-grid" style={{ flex: 1, display: 'grid', gridTemplateColumns: `repeat(${grid.columns}, 1fr)`, gridTemplateRows: `repeat(${grid.rows}, 1fr)`, gap: 2, minWidth: 0, minHeight: 0 }}>
              {ws.cells.map((c, i) => (
                <ViewportCell
                  key={i}
                  index={i}
                  content={c}
                  active={i === ws.active}
                  engine={engine}
                  slab={slab}
                  loadSeries={ws.loadSeries}
                  onActivate={ws.setActive}
                  onState={ws.onCellState}
                  onHandle={ws.onHandle}
                  onProgress={onProgress}
                  onFirstFrame={ws.firstFrameShown}
                  firstFrameReady={ws.firstFrameReady}
                />
              ))}
            </div>
          )}
          {engine && activeSeries && view?.mpr && <MprView engine={engine} series={activeSeries} slab={slab} onExit={() => setView((v) => (v ? { ...v, mpr: false } : v))} />}
          {help && <HelpOverlay onClose={() => setHelp(false)} />}
          {tags && <TagBrowser instance={tagInstance} onClose={() => setTags(false)} />}
        </div>
      </div>
    </div>
  );
}
