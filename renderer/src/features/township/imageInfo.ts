import type { DataSet } from 'dicom-parser';

/**
 * What the thumbnail needs to know about a file's pixels, taken from the header parse (which
 * stops at Pixel Data with its offset and length known): nothing of the pixels is read at scan.
 */
export interface ImageInfo {
  transferSyntax: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  photometric: string;
  /** 0 colour-by-pixel (RGBRGB…), 1 colour-by-plane (RR…GG…BB…). */
  planarConfiguration: number;
  frames: number;
  windowCenter?: number;
  windowWidth?: number;
  slope: number;
  intercept: number;
  /** File offset of the Pixel Data value. */
  pixelOffset: number;
  /** Its length; undefined length (0xFFFFFFFF) means encapsulated (compressed) fragments. */
  pixelLength: number;
}

export const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);
export const BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

const finite = (n: number | undefined): number | undefined => (n !== undefined && Number.isFinite(n) ? n : undefined);

/** The pixel description of a parsed header, or undefined when the file has no image (ECG, SR, PDF…). */
export function readImageInfo(ds: DataSet, transferSyntax: string): ImageInfo | undefined {
  const pixel = ds.elements.x7fe00010;
  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  if (!pixel || !rows || !columns) return undefined;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const ww = finite(ds.floatString('x00281051', 0));
  return {
    transferSyntax,
    rows,
    columns,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    photometric: (ds.string('x00280004') ?? '').trim().toUpperCase(),
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    frames: Math.max(1, finite(ds.intString('x00280008')) ?? 1),
    windowCenter: finite(ds.floatString('x00281050', 0)),
    windowWidth: ww !== undefined && ww > 0 ? ww : undefined,
    // A slope of 0 (seen in broken exports) would flatten the image: treated as absent.
    slope: finite(ds.floatString('x00281053')) || 1,
    intercept: finite(ds.floatString('x00281052')) ?? 0,
    pixelOffset: pixel.dataOffset,
    pixelLength: pixel.length,
  };
}
