import type { Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import type { ViewState } from '../commands/types.js';
import { rangeToWindow, windowToRange } from '../domain/voi.js';
import { setPrimaryTool, type StackToolGroup } from './toolGroup.js';

export const CINE_FPS = 15;

/** The parts of ViewState that Cornerstone owns and tools change behind React's back. */
export function readViewport(vp: Types.IStackViewport, baseInvert: boolean): Pick<ViewState, 'window' | 'invert' | 'rotation' | 'flipH' | 'flipV' | 'zoom' | 'pan' | 'sliceIndex' | 'sliceCount'> {
  const props = vp.getProperties();
  const pres = vp.getViewPresentation();
  const range = props.voiRange;
  return {
    window: range ? roundWindow(rangeToWindow(range)) : { center: 0, width: 1 },
    invert: !!props.invert !== baseInvert,
    rotation: Math.round(pres.rotation ?? 0),
    flipH: !!pres.flipHorizontal,
    flipV: !!pres.flipVertical,
    zoom: vp.getZoom(),
    pan: (vp.getPan() as [number, number]) ?? [0, 0],
    sliceIndex: vp.getCurrentImageIdIndex(),
    sliceCount: vp.getImageIds().length,
  };
}

function roundWindow(w: { center: number; width: number }) {
  return { center: Math.round(w.center * 100) / 100, width: Math.round(w.width * 100) / 100 };
}

/**
 * Applies what a command changed. Only differences are pushed, so a tool's own change (a W/L drag)
 * is never overwritten by a stale copy.
 */
export function applyViewState(
  vp: Types.IStackViewport,
  group: StackToolGroup,
  prev: ViewState,
  next: ViewState,
  baseInvert: boolean,
): void {
  const props: { voiRange?: Types.VOIRange; invert?: boolean } = {};
  if (next.window.center !== prev.window.center || next.window.width !== prev.window.width) props.voiRange = windowToRange(next.window);
  if (next.invert !== prev.invert) props.invert = next.invert !== baseInvert;
  if (props.voiRange || props.invert !== undefined) vp.setProperties(props);
  if (next.zoom === 1 && next.pan[0] === 0 && next.pan[1] === 0 && (prev.zoom !== 1 || prev.pan[0] !== 0 || prev.pan[1] !== 0)) {
    vp.resetCamera({ resetPan: true, resetZoom: true });
  } else if (next.zoom !== prev.zoom) {
    vp.setZoom(next.zoom);
  }
  if (next.rotation !== prev.rotation || next.flipH !== prev.flipH || next.flipV !== prev.flipV) {
    vp.setViewPresentation({ rotation: next.rotation, flipHorizontal: next.flipH, flipVertical: next.flipV });
  }
  if (next.sliceIndex !== prev.sliceIndex) void vp.setImageIdIndex(next.sliceIndex).catch(() => undefined);
  if (next.activeTool !== prev.activeTool) setPrimaryTool(group, next.activeTool, next.sliceCount > 1);
  if (next.cine !== prev.cine) {
    if (next.cine) toolUtilities.cine.playClip(vp.element, { framesPerSecond: CINE_FPS, loop: true });
    else toolUtilities.cine.stopClip(vp.element);
  }
  vp.render();
}
