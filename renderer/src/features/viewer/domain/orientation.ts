import { numbers, Tag, type DicomJsonDataset } from './dicomJson.js';

/**
 * Orientation markers for the edges of a 2D view (patient LPS: L/R, P/A, H/F; zh-CN uses the
 * radiological Chinese letters the same way). From Image Orientation (Patient), else Patient
 * Orientation (0020,0020) for radiographs; then the view's rotation and flips are applied.
 */
export interface EdgeMarkers {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

const AXES: [string, string][] = [
  ['L', 'R'], // +x is patient left
  ['P', 'A'], // +y is posterior
  ['H', 'F'], // +z is head
];

/** The label of a direction, strongest component first (up to two letters for obliques). */
export function directionLabel(v: readonly number[]): string {
  const parts = [0, 1, 2]
    .map((i) => ({ i, a: Math.abs(v[i]), s: v[i] >= 0 ? 0 : 1 }))
    .filter((p) => p.a > 0.25)
    .sort((x, y) => y.a - x.a)
    .slice(0, 2);
  return parts.map((p) => AXES[p.i][p.s]).join('');
}

const opposite = (label: string) =>
  label
    .split('')
    .map((c) => ({ L: 'R', R: 'L', P: 'A', A: 'P', H: 'F', F: 'H' })[c] ?? c)
    .join('');

export function edgeMarkers(ds: DicomJsonDataset, view: { rotation: number; flipH: boolean; flipV: boolean } = { rotation: 0, flipH: false, flipV: false }): EdgeMarkers | null {
  let right: string;
  let bottom: string;
  const iop = numbers(ds, Tag.ImageOrientationPatient);
  if (iop.length === 6) {
    right = directionLabel(iop.slice(0, 3));
    bottom = directionLabel(iop.slice(3, 6));
  } else {
    // Patient Orientation: row direction \ column direction, e.g. "L\F" (PS3.3 C.7.6.1.1.1).
    const po = ds['00200020']?.Value?.map(String) ?? [];
    if (po.length !== 2 || !po[0] || !po[1]) return null;
    right = po[0];
    bottom = po[1];
  }
  if (!right || !bottom) return null;
  let m: EdgeMarkers = { right, left: opposite(right), bottom, top: opposite(bottom) };
  if (view.flipH) m = { ...m, left: m.right, right: m.left };
  if (view.flipV) m = { ...m, top: m.bottom, bottom: m.top };
  const turns = (((Math.round(view.rotation / 90) % 4) + 4) % 4);
  for (let i = 0; i < turns; i++) m = { top: m.left, right: m.top, bottom: m.right, left: m.bottom };
  return m;
}

/** A scale bar length that is a round number of mm and at most `maxPx` CSS pixels long. */
export function scaleBar(mmPerPixel: number, maxPx: number): { mm: number; px: number } | null {
  if (!(mmPerPixel > 0) || !Number.isFinite(mmPerPixel)) return null;
  const maxMm = mmPerPixel * maxPx;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  const mm = [...steps].reverse().find((s) => s <= maxMm);
  if (!mm) return null;
  return { mm, px: mm / mmPerPixel };
}
