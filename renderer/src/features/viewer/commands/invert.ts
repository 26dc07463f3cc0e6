import type { ViewerCommand } from './types.js';

export const invert: ViewerCommand = {
  id: 'view.invert',
  label: 'cmd.invert',
  keys: ['i'],
  group: 'view',
  isActive: (s) => s.invert,
  perform: (s) => ({ invert: !s.invert }),
};
