/** Viewport grids the reader can choose (issue 6: 1×1, 1×2, 2×2). */
export type LayoutId = '1x1' | '1x2' | '2x2';

export interface LayoutDef {
  id: LayoutId;
  rows: number;
  columns: number;
}

export const LAYOUTS: Record<LayoutId, LayoutDef> = {
  '1x1': { id: '1x1', rows: 1, columns: 1 },
  '1x2': { id: '1x2', rows: 1, columns: 2 },
  '2x2': { id: '2x2', rows: 2, columns: 2 },
};

export const cellCount = (id: LayoutId): number => LAYOUTS[id].rows * LAYOUTS[id].columns;

/** The smallest layout with room for `n` viewports. */
export function layoutFor(n: number): LayoutId {
  if (n <= 1) return '1x1';
  if (n === 2) return '1x2';
  return '2x2';
}

/**
 * Resizes the list of cell contents to a layout: cells beyond it are dropped (their series stay in
 * the series list), new cells are empty (null) until the reader drops a series in.
 */
export function fitCells<T>(cells: readonly (T | null)[], id: LayoutId): (T | null)[] {
  const n = cellCount(id);
  return Array.from({ length: n }, (_, i) => cells[i] ?? null);
}
