import { flipHorizontal, flipVertical } from './flip.js';
import { invert } from './invert.js';
import { presetCommands } from './presets.js';
import { reset } from './reset.js';
import { rotateLeft, rotateRight } from './rotate.js';
import { cine, firstImage, lastImage, mpr, nextImage, prevImage } from './stack.js';
import { toolCommands } from './tools.js';
import type { ViewerCommand, ViewState } from './types.js';
import { fit, zoomIn, zoomOut } from './zoom.js';

/** Every viewer command; the toolbar, the keyboard and the help list all read this one table. */
export const COMMANDS: readonly ViewerCommand[] = [
  ...toolCommands,
  fit,
  zoomIn,
  zoomOut,
  invert,
  rotateRight,
  rotateLeft,
  flipHorizontal,
  flipVertical,
  reset,
  nextImage,
  prevImage,
  firstImage,
  lastImage,
  cine,
  mpr,
  ...presetCommands,
];

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

function keyMatches(bound: string, key: string): boolean {
  if (bound.length === 1 && /[a-z]/.test(bound)) return key === bound; // lower-case letters: unshifted
  return key === bound;
}

/** The available command bound to a key press, if any (modifier chords belong to the shell). */
export function commandForKey(e: KeyLike, state: ViewState, commands: readonly ViewerCommand[] = COMMANDS): ViewerCommand | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  return commands.find((c) => c.keys.some((k) => keyMatches(k, e.key)) && (c.isAvailable?.(state) ?? true));
}

export function commandById(id: string, commands: readonly ViewerCommand[] = COMMANDS): ViewerCommand | undefined {
  return commands.find((c) => c.id === id);
}

/** Runs a command purely: the next state. */
export function applyCommand(cmd: ViewerCommand, state: ViewState): ViewState {
  if (cmd.isAvailable && !cmd.isAvailable(state)) return state;
  return { ...state, ...cmd.perform(state) };
}
