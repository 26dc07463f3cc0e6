import type { ViewerCommand } from './types.js';

export const flipHorizontal: ViewerCommand = {
  id: 'view.flipH',
  label: 'cmd.flipH',
  keys: ['h'],
  group: 'view',
  isActive: (s) => s.flipH,
  perform: (s) => ({ flipH: !s.flipH }),
};

export const flipVertical: ViewerCommand = {
  id: 'view.flipV',
  label: 'cmd.flipV',
  keys: ['v'],
  group: 'view',
  isActive: (s) => s.flipV,
  perform: (s) => ({ flipV: !s.flipV }),
};
