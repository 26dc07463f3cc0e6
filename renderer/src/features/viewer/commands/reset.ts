import type { ViewerCommand } from './types.js';

/** Back to how the image opened: file window, no invert/rotation/flip, fitted. Slice stays. */
export const reset: ViewerCommand = {
  id: 'view.reset',
  label: 'cmd.reset',
  keys: ['Escape'],
  group: 'view',
  perform: (s) => ({ window: s.fileWindow, invert: false, rotation: 0, flipH: false, flipV: false, zoom: 1, pan: [0, 0], cine: false }),
};
