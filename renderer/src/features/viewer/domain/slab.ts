/** Slab rendering of reformatted planes (MPR and reformat cells): thickness in mm and how voxels combine. */
export type SlabMode = 'off' | 'mip' | 'avg';

export interface Slab {
  mode: SlabMode;
  /** thickness in mm (used when mode is not off) */
  mm: number;
}

export const DEFAULT_SLAB: Slab = { mode: 'off', mm: 10 };
export const SLAB_MIN_MM = 1;
export const SLAB_MAX_MM = 100;

const NEXT: Record<SlabMode, SlabMode> = { off: 'mip', mip: 'avg', avg: 'off' };

export const cycleSlabMode = (s: Slab): Slab => ({ ...s, mode: NEXT[s.mode] });

export const changeSlab = (s: Slab, deltaMm: number): Slab => ({
  mode: s.mode === 'off' ? 'mip' : s.mode,
  mm: Math.min(SLAB_MAX_MM, Math.max(SLAB_MIN_MM, Math.round(s.mm + deltaMm))),
});

/** The thickness handed to Cornerstone: a thin slab (one voxel) when off. */
export const renderedThickness = (s: Slab): number => (s.mode === 'off' ? 0.1 : s.mm);
