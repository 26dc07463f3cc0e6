import type { ToolName, ViewerCommand } from './types.js';
import type { ViewerMessageKey } from '../i18n.js';

function toolCommand(tool: ToolName, label: ViewerMessageKey, keys: string[]): ViewerCommand {
  return {
    id: `tool.${tool}`,
    label,
    keys,
    group: 'tool',
    isActive: (s) => s.activeTool === tool,
    isAvailable: tool === 'StackScroll' ? (s) => s.sliceCount > 1 : undefined,
    perform: () => ({ activeTool: tool }),
  };
}

/** Left-button tools; the wheel always scrolls (stack) or zooms (single image), right drag zooms, middle pans. */
export const toolCommands: ViewerCommand[] = [
  toolCommand('WindowLevel', 'cmd.tool.windowLevel', ['w']),
  toolCommand('Pan', 'cmd.tool.pan', ['p']),
  toolCommand('Zoom', 'cmd.tool.zoom', ['z']),
  toolCommand('StackScroll', 'cmd.tool.scroll', ['s']),
  toolCommand('Length', 'cmd.tool.length', ['l']),
  toolCommand('Angle', 'cmd.tool.angle', ['a']),
  toolCommand('EllipticalROI', 'cmd.tool.ellipse', ['e']),
  toolCommand('RectangleROI', 'cmd.tool.rectangle', ['o']),
  toolCommand('Magnify', 'cmd.tool.magnify', ['m']),
  toolCommand('CobbAngle', 'cmd.tool.cobb', ['b']),
  toolCommand('PlanarFreehandROI', 'cmd.tool.freehand', ['g']),
  toolCommand('Probe', 'cmd.tool.probe', ['d']),
  toolCommand('ArrowAnnotate', 'cmd.tool.arrow', ['n']),
];
