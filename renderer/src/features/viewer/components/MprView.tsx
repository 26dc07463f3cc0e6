import { Enums, setVolumesForViewports, volumeLoader, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { CrosshairsTool, Enums as ToolEnums, PanTool, ToolGroupManager, ZoomTool, addTool, state as toolsState } from '@cornerstonejs/tools';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LoadedSeries } from '../data/dicomweb.js';
import { checkSliceSpacing } from '../domain/geometry.js';
import { useViewerT, type ViewerMessageKey } from '../i18n.js';
import { applySlab } from '../cornerstone/slab.js';
import { DEFAULT_SLAB, type Slab } from '../domain/slab.js';
import { slabText } from './SlabControl.js';

const PLANES: { id: string; orientation: Enums.OrientationAxis; label: ViewerMessageKey }[] = [
  { id: 'mpr-axial', orientation: Enums.OrientationAxis.AXIAL, label: 'viewer.mpr.axial' },
  { id: 'mpr-sagittal', orientation: Enums.OrientationAxis.SAGITTAL, label: 'viewer.mpr.sagittal' },
  { id: 'mpr-coronal', orientation: Enums.OrientationAxis.CORONAL, label: 'viewer.mpr.coronal' },
];

/**
 * Axial, sagittal and coronal volume viewports with crosshairs. A series whose slices are unevenly
 * spaced still opens, with a warning: a reconstruction across a gap is distorted, never silently.
 */
export function MprView({ engine, series, onExit, slab = DEFAULT_SLAB }: { engine: RenderingEngine; series: LoadedSeries; onExit(): void; slab?: Slab }) {
  const t = useViewerT();
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const spacing = useMemo(() => checkSliceSpacing(series.instances.filter((_, i) => series.imageIds[i].endsWith('/frames/1'))), [series]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'x' || e.key === 'Escape') onExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onExit]);

  useEffect(() => {
    let cancelled = false;
    const groupId = `tg-mpr-${engine.id}`;
    const volumeId = `cornerstoneStreamingImageVolume:${series.seriesUid}`;
    const inputs = PLANES.map((p, i) => ({
      viewportId: p.id,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: refs.current[i] as HTMLDivElement,
      defaultOptions: { orientation: p.orientation, background: [0, 0, 0] as Types.Point3 },
    }));
    engine.setViewports(inputs);
    for (const cls of [CrosshairsTool, PanTool, ZoomTool]) if (!toolsState.tools[cls.toolName]) addTool(cls);
    ToolGroupManager.destroyToolGroup(groupId);
    const group = ToolGroupManager.createToolGroup(groupId);
    (async () => {
      try {
        const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: series.imageIds });
        if (cancelled || !group) return;
        (volume as { load?: () => void }).load?.();
        await setVolumesForViewports(engine, [{ volumeId }], PLANES.map((p) => p.id));
        group.addTool(CrosshairsTool.toolName);
        group.addTool(PanTool.toolName);
        group.addTool(ZoomTool.toolName);
        for (const p of PLANES) group.addViewport(p.id, engine.id);
        group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
        group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
        group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
        engine.renderViewports(PLANES.map((p) => p.id));
        setReady(true);
      } catch (err) {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
      ToolGroupManager.destroyToolGroup(groupId);
      for (const p of PLANES) engine.disableElement(p.id);
    };
  }, [engine, series]);

  useEffect(() => {
    if (ready) applySlab(PLANES.map((p) => engine.getViewport(p.id) as Types.IVolumeViewport | undefined), slab);
  }, [ready, slab, engine]);
  const slabLabel = slabText(slab, t);

  return (
    <div data-testid="mpr" data-ready={ready} data-slab={slab.mode === 'off' ? 'off' : `${slab.mode}:${slab.mm}`} style={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
      {(error || (spacing && !spacing.uniform)) && (
        <div role="alert" data-testid="mpr-warning" style={{ color: '#ffd28a', padding: 4, fontSize: 12 }}>
          {error ? t('viewer.mpr.unavailable', { reason: error }) : t('viewer.mpr.gaps')}
        </div>
      )}
      <div style={{ flex: 1, display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 2, minHeight: 0 }}>
        {PLANES.map((p, i) => (
          <div key={p.id} style={{ position: 'relative', background: '#000' }}>
            <div ref={(el) => { refs.current[i] = el; }} data-testid={p.id} style={{ position: 'absolute', inset: 0 }} onContextMenu={(e) => e.preventDefault()} />
            <div style={{ position: 'absolute', left: 6, top: 4, color: '#ddd', fontSize: 12, pointerEvents: 'none' }}>
              {t(p.label)}
              {slabLabel && <div data-testid="mpr-slab">{slabLabel}</div>}
            </div>
          </div>
        ))}
      </div>
      <button type="button" onClick={onExit} style={{ position: 'absolute', right: 8, top: 8, zIndex: 3 }}>
        {t('cmd.mpr')} ✕
      </button>
    </div>
  );
}
