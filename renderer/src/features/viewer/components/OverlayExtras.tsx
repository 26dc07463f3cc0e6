import type { RenderingEngine, Types } from '@cornerstonejs/core';
import type { ViewState } from '../commands/types.js';
import type { DicomJsonDataset } from '../domain/dicomJson.js';
import { edgeMarkers, scaleBar } from '../domain/orientation.js';

const text = { position: 'absolute', color: '#ffe08a', font: 'bold 13px system-ui, sans-serif', textShadow: '0 0 2px #000', pointerEvents: 'none' } as const;

/**
 * Orientation letters at the four edges and a scale bar (mm, from the camera: what the screen shows
 * per CSS pixel, so it follows zoom) over a stack viewport.
 */
export function OverlayExtras({ engine, viewportId, state, instance }: { engine: RenderingEngine; viewportId: string; state: ViewState; instance: DicomJsonDataset }) {
  const markers = edgeMarkers(instance, state);
  let bar: { mm: number; px: number } | null = null;
  try {
    const vp = engine.getViewport(viewportId) as Types.IStackViewport | undefined;
    const h = vp?.element.clientHeight ?? 0;
    const scale = vp?.getCamera().parallelScale;
    // parallelScale is half the visible height in world units (mm for images with a pixel spacing).
    if (vp && h > 0 && scale) bar = scaleBar((2 * scale) / h, Math.min(160, h / 3));
  } catch {
    bar = null; // the viewport is being torn down
  }
  return (
    <>
      {markers && (
        <div data-testid="orientation-markers" data-left={markers.left} data-right={markers.right} data-top={markers.top} data-bottom={markers.bottom}>
          <div style={{ ...text, left: 4, top: '50%' }}>{markers.left}</div>
          <div style={{ ...text, right: 4, top: '50%' }}>{markers.right}</div>
          <div style={{ ...text, top: 4, left: '50%' }}>{markers.top}</div>
          <div style={{ ...text, bottom: 4, left: '50%' }}>{markers.bottom}</div>
        </div>
      )}
      {bar && (
        <div data-testid="scale-bar" data-mm={bar.mm} style={{ position: 'absolute', right: 22, top: '30%', pointerEvents: 'none', display: 'flex', alignItems: 'center', gap: 4 }}>
          <div style={{ width: 5, height: bar.px, borderTop: '1px solid #ffe08a', borderBottom: '1px solid #ffe08a', borderRight: '2px solid #ffe08a' }} />
          <span style={{ color: '#ffe08a', fontSize: 11, textShadow: '0 0 2px #000' }}>{bar.mm} mm</span>
        </div>
      )}
    </>
  );
}
