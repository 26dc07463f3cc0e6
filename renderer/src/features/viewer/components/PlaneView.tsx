import { Enums, setVolumesForViewports, volumeLoader, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, PanTool, StackScrollTool, ToolGroupManager, WindowLevelTool, ZoomTool, addTool, state as toolsState } from '@cornerstonejs/tools';
import { useEffect, useRef, useState } from 'react';
import { applySlab } from '../cornerstone/slab.js';
import type { LoadedSeries } from '../data/dicomweb.js';
import { registerSeriesMetadata } from '../data/registerMetadata.js';
import { CT_PRESETS } from '../domain/presets.js';
import type { Slab } from '../domain/slab.js';
import { windowToRange } from '../domain/voi.js';
import { useViewerT } from '../i18n.js';
import { slabText } from './SlabControl.js';

interface Props {
  engine: RenderingEngine;
  viewportId: string;
  series: LoadedSeries;
  view: 'coronal' | 'sagittal';
  preset?: string;
  slab: Slab;
}

/**
 * One reformatted plane of a series in a layout cell (the hanging protocol's coronal): a volume
 * viewport, window/level on the left button, wheel through the planes, slab from the page.
 */
export function PlaneView({ engine, viewportId, series, view, preset, slab }: Props) {
  const t = useViewerT();
  const element = useRef<HTMLDivElement>(null);
  const vpRef = useRef<Types.IVolumeViewport | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    let cancelled = false;
    registerSeriesMetadata(series);
    const volumeId = `cornerstoneStreamingImageVolume:${series.seriesUid}`;
    engine.enableElement({
      viewportId,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: el,
      defaultOptions: { orientation: view === 'coronal' ? Enums.OrientationAxis.CORONAL : Enums.OrientationAxis.SAGITTAL, background: [0, 0, 0] as Types.Point3 },
    });
    for (const cls of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) if (!toolsState.tools[cls.toolName]) addTool(cls);
    const groupId = `tg-${viewportId}`;
    ToolGroupManager.destroyToolGroup(groupId);
    const group = ToolGroupManager.createToolGroup(groupId);
    (async () => {
      try {
        const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: series.imageIds });
        if (cancelled || !group) return;
        (volume as { load?: () => void }).load?.();
        await setVolumesForViewports(engine, [{ volumeId }], [viewportId]);
        if (cancelled) return;
        const { MouseBindings } = ToolEnums;
        for (const cls of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) group.addTool(cls.toolName);
        group.addViewport(viewportId, engine.id);
        group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
        group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
        group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
        group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
        const vp = engine.getViewport(viewportId) as Types.IVolumeViewport;
        vpRef.current = vp;
        const win = CT_PRESETS.find((p) => p.id === preset)?.window;
        if (win) vp.setProperties({ voiRange: windowToRange(win) });
        vp.render();
        setReady(true);
      } catch (err) {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
      vpRef.current = undefined;
      ToolGroupManager.destroyToolGroup(groupId);
      engine.disableElement(viewportId);
    };
  }, [engine, viewportId, series, view, preset]);

  useEffect(() => {
    if (ready) applySlab([vpRef.current], slab);
  }, [ready, slab]);

  const slabLabel = slabText(slab, t);
  return (
    <div style={{ position: 'absolute', inset: 0 }}>
      <div ref={element} data-testid={`plane-${view}`} data-ready={ready} data-slab={slab.mode === 'off' ? 'off' : `${slab.mode}:${slab.mm}`} onContextMenu={(e) => e.preventDefault()} style={{ position: 'absolute', inset: 0 }} />
      <div style={{ position: 'absolute', left: 6, top: 4, color: '#ddd', fontSize: 12, pointerEvents: 'none' }}>
        {t(view === 'coronal' ? 'layout.coronal' : 'layout.sagittal')} · {series.description}
        {slabLabel && <div data-testid="plane-slab">{slabLabel}</div>}
      </div>
      {error && (
        <div role="alert" data-testid="viewport-error" style={{ position: 'absolute', left: 8, right: 8, top: '45%', color: '#ffb4a8', textAlign: 'center' }}>
          {t('viewer.mpr.unavailable', { reason: error })}
        </div>
      )}
    </div>
  );
}
