import type { ViewerCommand, ViewState } from './types.js';

const multi = (s: ViewState) => s.sliceCount > 1;
const go = (s: ViewState, i: number) => ({ sliceIndex: Math.min(s.sliceCount - 1, Math.max(0, i)) });

export const nextImage: ViewerCommand = {
  id: 'stack.next',
  label: 'cmd.nextImage',
  keys: ['ArrowDown', 'ArrowRight', 'PageDown'],
  group: 'stack',
  isAvailable: multi,
  perform: (s) => go(s, s.sliceIndex + 1),
};

export const prevImage: ViewerCommand = {
  id: 'stack.prev',
  label: 'cmd.prevImage',
  keys: ['ArrowUp', 'ArrowLeft', 'PageUp'],
  group: 'stack',
  isAvailable: multi,
  perform: (s) => go(s, s.sliceIndex - 1),
};

export const firstImage: ViewerCommand = {
  id: 'stack.first',
  label: 'cmd.firstImage',
  keys: ['Home'],
  group: 'stack',
  isAvailable: multi,
  perform: (s) => go(s, 0),
};

export const lastImage: ViewerCommand = {
  id: 'stack.last',
  label: 'cmd.lastImage',
  keys: ['End'],
  group: 'stack',
  isAvailable: multi,
  perform: (s) => go(s, s.sliceCount - 1),
};

export const cine: ViewerCommand = {
  id: 'stack.cine',
  label: 'cmd.cine',
  keys: ['c'],
  group: 'stack',
  isAvailable: multi,
  isActive: (s) => s.cine,
  perform: (s) => ({ cine: !s.cine }),
};

/** MPR needs a volume: a CT/MR-like stack of at least a few slices. */
export const mpr: ViewerCommand = {
  id: 'stack.mpr',
  label: 'cmd.mpr',
  keys: ['x'],
  group: 'stack',
  isAvailable: (s) => s.sliceCount >= 3,
  isActive: (s) => s.mpr,
  perform: (s) => ({ mpr: !s.mpr }),
};
