import { firstString, numbers, Tag, type DicomJsonDataset } from './dicomJson.js';

export type SpacingSource = 'PixelSpacing' | 'ImagerPixelSpacing' | 'none';

export interface SpacingInfo {
  source: SpacingSource;
  /** mm between rows and between columns (PS3.3 10.7.1.3 order: row spacing first). */
  rowMm?: number;
  colMm?: number;
}

const PROJECTION = new Set(['CR', 'DX', 'MG', 'IO', 'RF', 'XA', 'PX']);

/**
 * Which spacing measurements use, and say so (PS3.3 10.7.1.1): Pixel Spacing is calibrated to the
 * patient; Imager Pixel Spacing is at the detector and overstates anatomy by the magnification.
 * For projection radiographs that carry both, Pixel Spacing wins (it is the calibrated one).
 */
export function measurementSpacing(ds: DicomJsonDataset): SpacingInfo {
  const ps = numbers(ds, Tag.PixelSpacing);
  if (ps.length >= 2 && ps[0] > 0 && ps[1] > 0) return { source: 'PixelSpacing', rowMm: ps[0], colMm: ps[1] };
  const ips = numbers(ds, Tag.ImagerPixelSpacing);
  const modality = firstString(ds, Tag.Modality) ?? '';
  if (ips.length >= 2 && ips[0] > 0 && ips[1] > 0 && (PROJECTION.has(modality) || !modality)) {
    return { source: 'ImagerPixelSpacing', rowMm: ips[0], colMm: ips[1] };
  }
  return { source: 'none' };
}
