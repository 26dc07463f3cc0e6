import { numbers, Tag, type DicomJsonDataset } from './dicomJson.js';

const SPACING_TAGS = [Tag.PixelSpacing, Tag.ImagerPixelSpacing];

/**
 * Drops geometry the renderer cannot use rather than draw a wrong or empty picture: a spacing of
 * 0 (the WG-04 RG1 chest carries PixelSpacing 0.000\0.000) makes Cornerstone's camera NaN and the
 * viewport black. Without it the image shows at 1 unit per pixel and measurements say "pixels".
 * Returns a copy; the original metadata stays as the hub sent it.
 */
export function sanitizeForDisplay(ds: DicomJsonDataset): DicomJsonDataset {
  const out: DicomJsonDataset = { ...ds };
  for (const tag of SPACING_TAGS) {
    if (!out[tag]) continue;
    const v = numbers(out, tag);
    if (v.length < 2 || v.some((x) => !(x > 0))) delete out[tag];
  }
  return out;
}
