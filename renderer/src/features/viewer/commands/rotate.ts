import type { ViewerCommand } from './types.js';

const norm = (deg: number) => ((deg % 360) + 360) % 360;

export const rotateRight: ViewerCommand = {
  id: 'view.rotateRight',
  label: 'cmd.rotateRight',
  keys: ['r'],
  group: 'view',
  perform: (s) => ({ rotation: norm(s.rotation + 90) }),
};

export const rotateLeft: ViewerCommand = {
  id: 'view.rotateLeft',
  label: 'cmd.rotateLeft',
  keys: ['R'],
  group: 'view',
  perform: (s) => ({ rotation: norm(s.rotation - 90) }),
};
