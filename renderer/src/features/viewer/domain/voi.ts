import { firstString, numbers, Tag, type DicomJsonDataset } from './dicomJson.js';

/** A VOI window in modality (e.g. HU) units: the display range [lower, upper]. */
export interface VoiRange {
  lower: number;
  upper: number;
}
export interface WindowLevel {
  center: number;
  width: number;
}

/** PS3.3 C.11.2.1.2.1 (LINEAR): the values mapped to black and white for a centre and width. */
export function windowToRange({ center, width }: WindowLevel): VoiRange {
  const w = Math.max(1, width);
  return { lower: center - 0.5 - (w - 1) / 2, upper: center - 0.5 + (w - 1) / 2 };
}

export function rangeToWindow({ lower, upper }: VoiRange): WindowLevel {
  const width = upper - lower + 1;
  return { center: lower + 0.5 + (width - 1) / 2, width };
}

export interface FileWindow extends WindowLevel {
  explanation?: string;
}

/** Every window the file carries (WindowCenter/Width are multi-valued; pairs by index). */
export function windowsFromFile(ds: DicomJsonDataset): FileWindow[] {
  const centers = numbers(ds, Tag.WindowCenter);
  const widths = numbers(ds, Tag.WindowWidth);
  const explanations = (ds[Tag.WindowExplanation]?.Value ?? []).map(String);
  const out: FileWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    if (widths[i] >= 1) out.push({ center: centers[i], width: widths[i], explanation: explanations[i] });
  }
  return out;
}

/** Modality LUT (PS3.3 C.11.1): stored value → output units. */
export function rescale(ds: DicomJsonDataset): { slope: number; intercept: number } {
  const slope = numbers(ds, Tag.RescaleSlope)[0];
  const intercept = numbers(ds, Tag.RescaleIntercept)[0];
  return { slope: slope && Number.isFinite(slope) ? slope : 1, intercept: intercept ?? 0 };
}

/**
 * The window to open an image with: the file's first window, else the full range of the stored
 * bits after rescale (what a radiograph without a window looks like on a calibrated viewer).
 */
export function initialWindow(ds: DicomJsonDataset, bitsStored = numbers(ds, Tag.BitsStored)[0] ?? 12): WindowLevel {
  const fromFile = windowsFromFile(ds)[0];
  if (fromFile) return { center: fromFile.center, width: fromFile.width };
  const signed = numbers(ds, Tag.PixelRepresentation)[0] === 1;
  const min = signed ? -(2 ** (bitsStored - 1)) : 0;
  const max = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const { slope, intercept } = rescale(ds);
  const a = min * slope + intercept;
  const b = max * slope + intercept;
  return rangeToWindow({ lower: Math.min(a, b), upper: Math.max(a, b) });
}

/** MONOCHROME1: the lowest value is white (PS3.3 C.7.6.3.1.2), so display is inverted by default. */
export function isMonochrome1(ds: DicomJsonDataset): boolean {
  return firstString(ds, Tag.PhotometricInterpretation)?.trim() === 'MONOCHROME1';
}
