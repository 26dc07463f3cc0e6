import { firstNumber, numbers, Tag, type DicomJsonDataset } from './dicomJson.js';

type Vec3 = [number, number, number];

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Distance of a slice along its normal (null without position/orientation). */
export function slicePosition(ds: DicomJsonDataset): number | null {
  const ipp = numbers(ds, Tag.ImagePositionPatient);
  const iop = numbers(ds, Tag.ImageOrientationPatient);
  if (ipp.length !== 3 || iop.length !== 6) return null;
  const n = cross(iop.slice(0, 3) as Vec3, iop.slice(3, 6) as Vec3);
  return ipp[0] * n[0] + ipp[1] * n[1] + ipp[2] * n[2];
}

/**
 * Reading order of a series' instances: by position along the normal, descending (head first for
 * an axial CT in LPS), when every instance has one; else by Instance Number.
 */
export function sortInstances<T extends DicomJsonDataset>(instances: readonly T[]): T[] {
  const withPos = instances.map((ds) => ({ ds, pos: slicePosition(ds), num: firstNumber(ds, Tag.InstanceNumber) ?? 0 }));
  if (withPos.every((x) => x.pos !== null) && new Set(withPos.map((x) => x.pos)).size === withPos.length) {
    return withPos.sort((a, b) => (b.pos as number) - (a.pos as number)).map((x) => x.ds);
  }
  return withPos.sort((a, b) => a.num - b.num).map((x) => x.ds);
}

export interface SpacingCheck {
  uniform: boolean;
  /** median gap between consecutive slices, mm */
  spacing: number;
  /** the largest departure from the median, mm */
  maxDeviation: number;
}

/** Whether a sorted series can be reconstructed without distortion (MPR warns otherwise). */
export function checkSliceSpacing(sorted: readonly DicomJsonDataset[], toleranceMm = 0.05): SpacingCheck | null {
  const pos = sorted.map(slicePosition);
  if (pos.length < 3 || pos.some((p) => p === null)) return null;
  const gaps = pos.slice(1).map((p, i) => Math.abs((p as number) - (pos[i] as number)));
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  const maxDeviation = Math.max(...gaps.map((g) => Math.abs(g - median)));
  return { uniform: median > 0 && maxDeviation <= Math.max(toleranceMm, median * 0.01), spacing: median, maxDeviation };
}
