import { Enums, type Types } from '@cornerstonejs/core';
import { renderedThickness, type Slab } from '../domain/slab.js';

/** Applies a slab to volume viewports: maximum or average intensity over the thickness, or a thin slice. */
export function applySlab(viewports: readonly (Types.IVolumeViewport | undefined)[], slab: Slab): void {
  const blend =
    slab.mode === 'mip' ? Enums.BlendModes.MAXIMUM_INTENSITY_BLEND : slab.mode === 'avg' ? Enums.BlendModes.AVERAGE_INTENSITY_BLEND : Enums.BlendModes.COMPOSITE;
  for (const vp of viewports) {
    if (!vp) continue;
    vp.setBlendMode(blend);
    vp.setSlabThickness(renderedThickness(slab));
    vp.render();
  }
}
