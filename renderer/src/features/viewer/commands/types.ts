import type { ViewerMessageKey } from '../i18n.js';
import type { WindowLevel } from '../domain/voi.js';

export type ToolName = 'WindowLevel' | 'Pan' | 'Zoom' | 'StackScroll' | 'Length' | 'Angle' | 'EllipticalROI' | 'RectangleROI' | 'Magnify' | 'CobbAngle' | 'Probe' | 'ArrowAnnotate' | 'PlanarFreehandROI';

/** What a command may change on the active viewport; the adapter applies it to Cornerstone. */
export interface ViewState {
  window: WindowLevel;
  /** the window the file opened with (0 key, reset) */
  fileWindow: WindowLevel;
  /** true when the display is inverted relative to the photometric default (MONOCHROME1 is handled by the loader) */
  invert: boolean;
  /** degrees clockwise, 0/90/180/270 */
  rotation: number;
  flipH: boolean;
  flipV: boolean;
  /** relative to fit-to-window (1) */
  zoom: number;
  /** pan in canvas pixels from centred; null means leave as is */
  pan: [number, number];
  sliceIndex: number;
  sliceCount: number;
  activeTool: ToolName;
  cine: boolean;
  mpr: boolean;
  modality: string;
}

export interface ViewerCommand {
  id: string;
  label: ViewerMessageKey;
  /** KeyboardEvent.key values (case-sensitive as typed; letters are matched case-insensitively) */
  keys: readonly string[];
  group: 'tool' | 'view' | 'stack' | 'preset';
  /** hidden from the toolbar and keyboard where it makes no sense (e.g. cine on one image) */
  isAvailable?(state: ViewState): boolean;
  isActive?(state: ViewState): boolean;
  perform(state: ViewState): Partial<ViewState>;
}
