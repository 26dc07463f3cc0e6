import { firstString, numbers, Tag, type DicomJsonDataset } from './dicomJson.js';
import { slicePosition } from './geometry.js';

/**
 * Synchronised scrolling between two CT stacks by slice position (mm along the normal), not by
 * index: series with different spacing or coverage stay on the same anatomy. Within one Frame of
 * Reference the positions are comparable as they are; across studies (a prior) the offset between
 * the two stacks is taken when the link is made, so the reader lines them up once and scrolls.
 */
export interface SyncLink {
  /** target position = source position + offset (mm) */
  offset: number;
}

type Vec = number[];
const normal = (ds: DicomJsonDataset): Vec | null => {
  const o = numbers(ds, Tag.ImageOrientationPatient);
  if (o.length !== 6) return null;
  return [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
};

/** Both stacks have positions and the same slice direction (axial with axial, within ~5°). */
export function canSync(a: readonly DicomJsonDataset[], b: readonly DicomJsonDataset[]): boolean {
  if (a.length < 2 || b.length < 2) return false;
  const na = normal(a[0]);
  const nb = normal(b[0]);
  if (!na || !nb) return false;
  const dot = Math.abs(na[0] * nb[0] + na[1] * nb[1] + na[2] * nb[2]);
  return dot > Math.cos((5 * Math.PI) / 180) && slicePosition(a[0]) !== null && slicePosition(b[0]) !== null;
}

/** The link between the slices on screen now: zero offset within one Frame of Reference. */
export function makeLink(source: DicomJsonDataset, target: DicomJsonDataset): SyncLink {
  const forA = firstString(source, '00200052');
  const forB = firstString(target, '00200052');
  if (forA && forA === forB) return { offset: 0 };
  const pa = slicePosition(source);
  const pb = slicePosition(target);
  return { offset: pa !== null && pb !== null ? pb - pa : 0 };
}

/** The index of the target slice nearest to `position`, or null when it lies outside the stack by more than `maxMm`. */
export function nearestSlice(positions: readonly (number | null)[], position: number, maxMm = Infinity): number | null {
  let best: number | null = null;
  let bestD = Infinity;
  positions.forEach((p, i) => {
    if (p === null) return;
    const d = Math.abs(p - position);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return bestD <= maxMm ? best : null;
}

/** Where the target should go when the source shows `sourceInstance`. */
export function syncTarget(sourceInstance: DicomJsonDataset, targetPositions: readonly (number | null)[], link: SyncLink): number | null {
  const p = slicePosition(sourceInstance);
  if (p === null) return null;
  return nearestSlice(targetPositions, p + link.offset);
}
