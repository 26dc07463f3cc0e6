import { useCallback, useMemo, useRef, useState } from 'react';
import type { ViewerCommand, ViewState } from '../commands/types.js';
import type { DicomwebSource, LoadedSeries, SeriesSummary } from '../data/dicomweb.js';
import { createFirstFrameGate, type FirstFrameGate } from '../data/firstFrameGate.js';
import { loadAndCacheFrame } from '../data/frames.js';
import { registerSeriesMetadata } from '../data/registerMetadata.js';
import { sharedSeriesList, sharedSeriesMetadata } from '../data/studyWarmup.js';
import { describeStudy, findPriors, pickPrior, type StudySummary } from '../data/priors.js';
import { firstString, type DicomJsonDataset } from '../domain/dicomJson.js';
import { slicePosition } from '../domain/geometry.js';
import { applicableProtocols, chooseProtocol, HANGING_PROTOCOLS, mainSeries, type CellRule, type HangingProtocol, type StudyFacts } from '../domain/hanging.js';
import { cellCount, fitCells, type LayoutId } from '../domain/layout.js';
import { uniqueInstances } from '../domain/seriesChecks.js';
import { canSync, makeLink, syncTarget, type SyncLink } from '../domain/sync.js';
import type { PriorsState } from './PriorsPanel.js';
import type { StackViewHandle } from './StackView.js';
import type { CellContent } from './ViewportCell.js';

const syncCommand = (sliceIndex: number): ViewerCommand => ({ id: 'sync.slice', label: 'cmd.sync', keys: [], group: 'stack', perform: () => ({ sliceIndex }) });

/**
 * The layout of the viewer: which series is in which cell, the active cell, the hanging protocol,
 * the priors and synchronised scrolling. Series metadata is fetched once per series and shared.
 */
export function useWorkspace(source: DicomwebSource, studyUid: string, initialProtocol?: string) {
  const [layout, setLayoutState] = useState<LayoutId>('1x1');
  const [cells, setCells] = useState<(CellContent | null)[]>([null]);
  const [active, setActiveState] = useState(0);
  const [protocolId, setProtocolId] = useState<string | null>(null);
  const [facts, setFacts] = useState<StudyFacts | null>(null);
  const [priors, setPriors] = useState<PriorsState>({ status: 'loading' });
  const [sync, setSync] = useState(true);
  const [view, setView] = useState<ViewState | null>(null);

  const seriesLists = useRef(new Map<string, Promise<SeriesSummary[]>>());
  const metadata = useRef(new Map<string, Promise<LoadedSeries>>());
  const loaded = useRef(new Map<number, LoadedSeries>());
  const handles = useRef(new Map<number, StackViewHandle | null>());
  const states = useRef(new Map<number, ViewState>());
  const links = useRef(new Map<string, SyncLink>());
  const activeRef = useRef(0);
  const syncRef = useRef(sync);
  syncRef.current = sync;
  const current = useRef<StudySummary | null>(null);
  const priorList = useRef<StudySummary[]>([]);
  const cellsRef = useRef(cells);
  cellsRef.current = cells;
  /** the active cell's stack handle (what the toolbar and the keys drive) */
  const stackRef = useRef<StackViewHandle | null>(null);
  /** opened when the first cell's first slice is drawn; the other cells load after it (data/firstFrameGate.ts) */
  const gate = useRef<FirstFrameGate>(createFirstFrameGate());

  const seriesOf = useCallback(
    (study: string) => {
      let p = seriesLists.current.get(study);
      if (!p) {
        p = sharedSeriesList(source, study);
        seriesLists.current.set(study, p);
        p.catch(() => seriesLists.current.delete(study));
      }
      return p;
    },
    [source],
  );

  const metadataOf = useCallback(
    async (study: string, seriesUid: string) => {
      const key = `${study}|${seriesUid}`;
      let p = metadata.current.get(key);
      if (!p) {
        p = seriesOf(study).then((list) => {
          const summary = list.find((s) => s.seriesUid === seriesUid);
          if (!summary) throw new Error(`series ${seriesUid} not found`);
          return sharedSeriesMetadata(source, study, summary);
        });
        metadata.current.set(key, p);
        p.catch(() => metadata.current.delete(key));
      }
      return p;
    },
    [source, seriesOf],
  );

  const cellsAfterChange = useCallback((next: (CellContent | null)[]) => {
    links.current.clear();
    setCells(next);
  }, []);

  const setActive = useCallback((i: number) => {
    activeRef.current = i;
    setActiveState(i);
    stackRef.current = handles.current.get(i) ?? null;
    setView(states.current.get(i) ?? null);
  }, []);

  const contentFor = useCallback(
    async (wanted: CellRule): Promise<CellContent | null> => {
      const newestPrior = current.current ? pickPrior(current.current, priorList.current) : undefined;
      // No prior to hang: the rule's fallback (chest CT: the sagittal reformat) rather than an empty cell.
      const rule = wanted.source === 'prior' && !newestPrior && wanted.fallback ? wanted.fallback : wanted;
      const study = rule.source === 'current' ? studyUid : newestPrior?.studyUid;
      if (!study) return null;
      const main = mainSeries(await seriesOf(study));
      if (!main) return null;
      const prior = rule.source === 'prior' ? priorList.current.find((p) => p.studyUid === study) : undefined;
      return { studyUid: study, seriesUid: main.seriesUid, view: rule.view, preset: rule.preset, prior };
    },
    [seriesOf, studyUid],
  );

  const applyProtocol = useCallback(
    async (p: HangingProtocol) => {
      const contents = await Promise.all(p.cells.map((r) => contentFor(r).catch(() => null)));
      setProtocolId(p.id);
      setLayoutState(p.layout);
      cellsAfterChange(fitCells(contents, p.layout));
      setActive(0);
    },
    [contentFor, cellsAfterChange, setActive],
  );

  /**
   * On open: study facts (QIDO), priors, the main series' body part → the protocol. The study
   * description and its priors are asked for in parallel with the series list and metadata; the
   * first slice of the main series (what every protocol's first cell shows) is requested as soon as
   * its metadata is known, alone, while the priors and the protocol are still being worked out.
   */
  const open = useCallback(async (): Promise<SeriesSummary[]> => {
    if (gate.current.isOpen) gate.current = createFirstFrameGate();
    const summaryP = describeStudy(source, studyUid).catch(() => null);
    const priorsP = summaryP.then(async (summary): Promise<StudySummary[]> => {
      if (!summary) {
        setPriors({ status: 'ready', priors: [] });
        return [];
      }
      try {
        const found = await findPriors(source, summary);
        setPriors({ status: 'ready', priors: found });
        return found;
      } catch (err) {
        setPriors({ status: 'failed', reason: err instanceof Error ? err.message : String(err) });
        return [];
      }
    });
    const list = await seriesOf(studyUid);
    const main = mainSeries(list);
    const mainMetaP = main
      ? metadataOf(studyUid, main.seriesUid).then(
          (meta) => {
            requestFirstSlice(meta);
            return meta;
          },
          () => null,
        )
      : Promise.resolve(null);
    const [summary, mainMeta, found] = await Promise.all([summaryP, mainMetaP, priorsP]);
    current.current = summary;
    priorList.current = found;
    const first: DicomJsonDataset = mainMeta?.instances[0] ?? {};
    const f: StudyFacts = {
      modalities: summary?.modalities.length ? summary.modalities : [...new Set(list.map((s) => s.modality))],
      bodyPart: (firstString(first, '00180015') ?? '').toUpperCase(),
      studyDescription: summary?.description ?? '',
      seriesDescriptions: list.map((s) => s.description),
      hasPrior: found.length > 0,
    };
    setFacts(f);
    const chosen = (initialProtocol && HANGING_PROTOCOLS.find((p) => p.id === initialProtocol)) || chooseProtocol(f);
    await applyProtocol(chosen);
    return list;
  }, [seriesOf, metadataOf, source, studyUid, initialProtocol, applyProtocol]);

  const protocols = useMemo(() => (facts ? applicableProtocols(facts) : []), [facts]);

  const setLayout = useCallback(
    (id: LayoutId) => {
      setLayoutState(id);
      cellsAfterChange(fitCells(cellsRef.current, id));
      if (activeRef.current >= cellCount(id)) setActive(0);
    },
    [cellsAfterChange, setActive],
  );

  /** Puts a series (of this study or a prior) in the active cell. */
  const showSeries = useCallback(
    (content: CellContent, cell = activeRef.current) => {
      const next = [...cellsRef.current];
      next[cell] = content;
      cellsAfterChange(next);
    },
    [cellsAfterChange],
  );

  /** A prior beside the active cell: 1×1 becomes 1×2. */
  const openPrior = useCallback(
    async (p?: StudySummary) => {
      const prior = p ?? (current.current ? pickPrior(current.current, priorList.current) : undefined);
      if (!prior) return;
      const main = mainSeries(await seriesOf(prior.studyUid));
      if (!main) return;
      let cur = cellsRef.current;
      let target: number;
      if (cur.length === 1) {
        setLayoutState('1x2');
        cur = fitCells(cur, '1x2');
        target = 1;
      } else {
        target = (activeRef.current + 1) % cur.length;
      }
      const next = [...cur];
      next[target] = { studyUid: prior.studyUid, seriesUid: main.seriesUid, view: 'axial', prior };
      cellsAfterChange(next);
    },
    [seriesOf, cellsAfterChange],
  );

  const loadSeries = useCallback(
    async (c: CellContent, index: number) => {
      const s = await metadataOf(c.studyUid, c.seriesUid);
      if (cellsRef.current[index] === c) loaded.current.set(index, s);
      return s;
    },
    [metadataOf],
  );

  const onHandle = useCallback((i: number, h: StackViewHandle | null) => {
    handles.current.set(i, h);
    if (i === activeRef.current) stackRef.current = h;
  }, []);

  /** A cell's view changed: the toolbar follows the active cell; other CT stacks follow its slice position. */
  const onCellState = useCallback((i: number, s: ViewState) => {
    const prev = states.current.get(i);
    states.current.set(i, s);
    if (i === activeRef.current) setView(s);
    if (!syncRef.current || i !== activeRef.current || !prev || prev.sliceIndex === s.sliceIndex) return;
    const src = loaded.current.get(i);
    if (!src || cellsRef.current[i]?.view !== 'axial') return;
    for (const [j, handle] of handles.current) {
      const tgt = loaded.current.get(j);
      const tgtState = states.current.get(j);
      if (j === i || !handle || !tgt || !tgtState || cellsRef.current[j]?.view !== 'axial' || tgt.seriesUid === src.seriesUid) continue;
      if (!canSync(uniqueInstances(src.instances), uniqueInstances(tgt.instances))) continue;
      const key = `${i}>${j}`;
      let link = links.current.get(key);
      if (!link) {
        link = makeLink(src.instances[prev.sliceIndex], tgt.instances[tgtState.sliceIndex]);
        links.current.set(key, link);
      }
      const to = syncTarget(src.instances[s.sliceIndex], tgt.instances.map(slicePosition), link);
      if (to !== null && to !== tgtState.sliceIndex) handle.run(syncCommand(to));
    }
  }, []);

  const toggleSync = useCallback(() => {
    links.current.clear();
    setSync((v) => !v);
  }, []);

  const nextProtocol = useCallback(() => {
    if (!protocols.length) return;
    const i = protocols.findIndex((p) => p.id === protocolId);
    void applyProtocol(protocols[(i + 1) % protocols.length]);
  }, [protocols, protocolId, applyProtocol]);

  const activeSeries = (): LoadedSeries | undefined => loaded.current.get(activeRef.current);

  /** The first cell's first slice is drawn (or could not be): the other cells may load. */
  const firstFrameShown = useCallback(() => gate.current.open(), []);
  const firstFrameReady = useCallback(() => gate.current.ready(), []);

  return {
    layout,
    cells,
    active,
    setActive,
    protocolId,
    protocols,
    applyProtocol,
    nextProtocol,
    priors,
    sync,
    toggleSync,
    view,
    setView,
    stackRef,
    open,
    setLayout,
    showSeries,
    openPrior,
    loadSeries,
    onHandle,
    onCellState,
    activeSeries,
    metadataOf,
    firstFrameShown,
    firstFrameReady,
  };
}

/**
 * The slice the first cell opens on (index 0 of the main series), into the session cache before the
 * cell's viewport exists; the viewport then draws it from the cache. A failure is reported by the
 * viewport's own load of the same frame.
 */
function requestFirstSlice(series: LoadedSeries): void {
  const first = series.imageIds[0];
  if (!first) return;
  registerSeriesMetadata(series);
  loadAndCacheFrame(first, true).catch(() => undefined);
}
