import { decodeImageFrame } from '@cornerstonejs/dicom-image-loader';
import type { ImageInfo } from './imageInfo.js';
import { renderSamples, sampleGrid, type Thumb } from './thumbnail.js';

/**
 * A thumbnail from the first compressed frame, decoded by Cornerstone's own decoders (the same
 * `decodeImageFrame` its workers run: charls, openjpeg, openjph, libjpeg-turbo, the JPEG lossless
 * and RLE decoders in JS), then sampled and windowed like native pixels. Runs in thumbWorker.ts
 * in the app (the full-size frame never reaches the page) and directly under Node in tests.
 */
export interface DecodeConfig {
  /** Folder holding the codecs' .wasm files (Node tests); the bundler's URLs otherwise. */
  wasmBasePath?: string;
}

interface Decoded {
  pixelData: ArrayLike<number>;
  planarConfiguration?: number;
  samplesPerPixel?: number;
  rows?: number;
  columns?: number;
}

/** The typed boundary around the loader's untyped `decodeImageFrame`. */
async function decode(frame: Uint8Array, info: ImageInfo, config: DecodeConfig): Promise<Decoded> {
  const imageFrame = {
    samplesPerPixel: info.samplesPerPixel,
    photometricInterpretation: info.photometric,
    planarConfiguration: info.planarConfiguration,
    rows: info.rows,
    columns: info.columns,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    pixelRepresentation: info.pixelRepresentation,
    pixelData: undefined,
  };
  const out: unknown = await decodeImageFrame(imageFrame, info.transferSyntax, frame, config, { preScale: { enabled: false } }, undefined);
  const decoded = out as Partial<Decoded> | null;
  if (!decoded?.pixelData || typeof decoded.pixelData.length !== 'number') throw new Error('the decoder returned no pixels');
  return decoded as Decoded;
}

export async function thumbFromCompressed(frame: Uint8Array, info: ImageInfo, size: number, config: DecodeConfig = {}): Promise<Thumb> {
  const d = await decode(frame, info, config);
  const { rows, columns, samplesPerPixel: spp } = info;
  if ((d.rows ?? rows) !== rows || (d.columns ?? columns) !== columns) throw new Error(`decoded ${d.columns}×${d.rows}, header says ${columns}×${rows}`);
  if (d.pixelData.length < rows * columns * spp) throw new Error(`decoded ${d.pixelData.length} samples, expected ${rows * columns * spp}`);
  const px = d.pixelData;
  // JPEG 2000/HTJ2K/JPEG-LS/JPEG give colour by pixel; RLE keeps the file's planar configuration.
  const planar = spp === 3 && info.transferSyntax === '1.2.840.10008.1.2.5' && info.planarConfiguration === 1;
  const plane = rows * columns;
  // Colour decoded from YBR_RCT/ICT (JPEG 2000) or YBR_FULL_422 (JPEG) arrives as RGB; RLE YBR_FULL stays YBR.
  const photometric = spp === 3 && info.transferSyntax !== '1.2.840.10008.1.2.5' ? 'RGB' : info.photometric;
  const grid = sampleGrid(rows, columns, size);
  const rgba = renderSamples({ ...info, photometric }, grid, (r, c, s) => (planar ? px[s * plane + r * columns + c] : px[(r * columns + c) * spp + s]));
  return { kind: 'image', width: grid.width, height: grid.height, rgba };
}
