import { numbers, firstNumber, Tag, type DicomJsonDataset } from './dicomJson.js';
import { slicePosition } from './geometry.js';

/** What can be wrong with a stack before it is shown or reconstructed (issue 6, bad input). */
export type SeriesIssue =
  | { kind: 'missingSlices'; count: number; afterIndex: number; gapMm: number; spacingMm: number }
  | { kind: 'unevenSpacing'; maxDeviationMm: number; spacingMm: number }
  | { kind: 'duplicatePositions'; count: number }
  | { kind: 'mixedOrientation' }
  | { kind: 'mixedSize' }
  | { kind: 'mixedPixelSpacing' };

const ORIENTATION_TOLERANCE = 1e-3;

function sameVector(a: number[], b: number[], tol: number): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tol);
}

/**
 * Checks the instances of one series in reading order (one entry per instance, not per frame):
 * slices missing (a gap ≥ 1.5× the usual spacing), spacing that varies, two slices at one position,
 * and geometry that differs between slices (orientation, matrix, pixel spacing). Single images and
 * stacks without positions (radiographs) only get the geometry checks.
 */
export function checkSeries(instances: readonly DicomJsonDataset[]): SeriesIssue[] {
  const issues: SeriesIssue[] = [];
  if (instances.length < 2) return issues;
  const first = instances[0];
  const iop0 = numbers(first, Tag.ImageOrientationPatient);
  if (iop0.length === 6 && instances.some((ds) => !sameVector(numbers(ds, Tag.ImageOrientationPatient), iop0, ORIENTATION_TOLERANCE))) {
    issues.push({ kind: 'mixedOrientation' });
  }
  const size = (ds: DicomJsonDataset) => `${firstNumber(ds, '00280010') ?? ''}x${firstNumber(ds, '00280011') ?? ''}`;
  if (instances.some((ds) => size(ds) !== size(first))) issues.push({ kind: 'mixedSize' });
  const ps0 = numbers(first, Tag.PixelSpacing);
  if (ps0.length === 2 && instances.some((ds) => !sameVector(numbers(ds, Tag.PixelSpacing), ps0, 1e-4))) issues.push({ kind: 'mixedPixelSpacing' });

  const pos = instances.map(slicePosition);
  if (pos.length < 3 || pos.some((p) => p === null)) return issues;
  const gaps = (pos as number[]).slice(1).map((p, i) => Math.abs(p - (pos[i] as number)));
  const duplicates = gaps.filter((g) => g < 1e-3).length;
  if (duplicates) issues.push({ kind: 'duplicatePositions', count: duplicates });
  const positive = gaps.filter((g) => g >= 1e-3).sort((a, b) => a - b);
  if (!positive.length) return issues;
  const spacing = positive[Math.floor(positive.length / 2)];
  let uneven = 0;
  gaps.forEach((g, i) => {
    if (g < 1e-3) return;
    const ratio = g / spacing;
    if (ratio >= 1.5) {
      issues.push({ kind: 'missingSlices', count: Math.round(ratio) - 1, afterIndex: i, gapMm: round(g), spacingMm: round(spacing) });
    } else {
      uneven = Math.max(uneven, Math.abs(g - spacing));
    }
  });
  if (uneven > Math.max(0.05, spacing * 0.01)) issues.push({ kind: 'unevenSpacing', maxDeviationMm: round(uneven), spacingMm: round(spacing) });
  return issues;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** One entry per instance (the loaded series repeats an instance for each of its frames). */
export function uniqueInstances(instances: readonly DicomJsonDataset[]): DicomJsonDataset[] {
  const out: DicomJsonDataset[] = [];
  for (const ds of instances) if (out[out.length - 1] !== ds) out.push(ds);
  return out;
}

/** MPR and a reformatted plane across a gap or with mixed geometry would be distorted: warn. */
export function distortsReconstruction(issues: readonly SeriesIssue[]): boolean {
  return issues.length > 0;
}
