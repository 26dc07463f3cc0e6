import type { ViewerCommand } from './types.js';

export const ZOOM_STEP = 1.25;
export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 20;

const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));

export const fit: ViewerCommand = {
  id: 'view.fit',
  label: 'cmd.fit',
  keys: ['f'],
  group: 'view',
  perform: () => ({ zoom: 1, pan: [0, 0] }),
};

export const zoomIn: ViewerCommand = {
  id: 'view.zoomIn',
  label: 'cmd.zoomIn',
  keys: ['+', '='],
  group: 'view',
  perform: (s) => ({ zoom: clampZoom(s.zoom * ZOOM_STEP) }),
};

export const zoomOut: ViewerCommand = {
  id: 'view.zoomOut',
  label: 'cmd.zoomOut',
  keys: ['-'],
  group: 'view',
  perform: (s) => ({ zoom: clampZoom(s.zoom / ZOOM_STEP) }),
};
