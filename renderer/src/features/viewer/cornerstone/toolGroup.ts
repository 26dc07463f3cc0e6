import {
  AngleTool,
  ArrowAnnotateTool,
  CobbAngleTool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  MagnifyTool,
  PanTool,
  PlanarFreehandROITool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  state as toolsState,
} from '@cornerstonejs/tools';
import type { ToolName } from '../commands/types.js';
import { arrowTextConfiguration } from '../marks/textPrompt.js';

const TOOL_CLASSES = {
  WindowLevel: WindowLevelTool,
  Pan: PanTool,
  Zoom: ZoomTool,
  StackScroll: StackScrollTool,
  Length: LengthTool,
  Angle: AngleTool,
  EllipticalROI: EllipticalROITool,
  RectangleROI: RectangleROITool,
  Magnify: MagnifyTool,
  CobbAngle: CobbAngleTool,
  Probe: ProbeTool,
  ArrowAnnotate: ArrowAnnotateTool,
  PlanarFreehandROI: PlanarFreehandROITool,
} as const;

const toolNameOf = (t: ToolName) => TOOL_CLASSES[t].toolName;

function ensureToolsAdded(): void {
  for (const cls of Object.values(TOOL_CLASSES)) {
    if (!toolsState.tools[cls.toolName]) addTool(cls);
  }
}

export type StackToolGroup = NonNullable<ReturnType<typeof ToolGroupManager.createToolGroup>>;

/**
 * One tool group per stack viewport. Left button: the chosen tool; middle: pan; right: zoom;
 * wheel: scroll through a stack (zoom on a single image, where there is nothing to scroll).
 */
export function createStackToolGroup(id: string, multiSlice: boolean): StackToolGroup {
  ensureToolsAdded();
  ToolGroupManager.destroyToolGroup(id);
  const group = ToolGroupManager.createToolGroup(id);
  if (!group) throw new Error(`tool group ${id} could not be created`);
  for (const t of Object.keys(TOOL_CLASSES) as ToolName[]) group.addTool(toolNameOf(t), t === 'ArrowAnnotate' ? arrowTextConfiguration : undefined);
  const { MouseBindings } = ToolEnums;
  group.setToolActive(toolNameOf('Pan'), { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(toolNameOf('Zoom'), { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  if (multiSlice) group.setToolActive(toolNameOf('StackScroll'), { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  setPrimaryTool(group, 'WindowLevel', multiSlice);
  return group;
}

/** Makes `tool` the left-button tool; the others that were on the left button go passive. */
export function setPrimaryTool(group: StackToolGroup, tool: ToolName, multiSlice: boolean): void {
  const { MouseBindings } = ToolEnums;
  for (const t of Object.keys(TOOL_CLASSES) as ToolName[]) {
    if (t === tool) continue;
    const name = toolNameOf(t);
    if (t === 'Pan') group.setToolActive(name, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    else if (t === 'Zoom') group.setToolActive(name, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    else if (t === 'StackScroll' && multiSlice) group.setToolActive(name, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    else group.setToolPassive(name);
  }
  const bindings: { mouseButton: number }[] = [{ mouseButton: MouseBindings.Primary }];
  if (tool === 'Pan') bindings.push({ mouseButton: MouseBindings.Auxiliary });
  if (tool === 'Zoom') bindings.push({ mouseButton: MouseBindings.Secondary });
  if (tool === 'StackScroll' && multiSlice) bindings.push({ mouseButton: MouseBindings.Wheel });
  group.setToolActive(toolNameOf(tool), { bindings });
}
