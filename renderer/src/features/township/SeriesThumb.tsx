import { useEffect, useRef, useState } from 'react';
import type { TownshipTranslate } from './i18n.js';
import type { ImageInfo } from './imageInfo.js';
import type { FileLike } from './scan.js';
import { decodeInWorker } from './thumbDecoder.js';
import { limiter, makeThumbnail, sampleGrid, THUMB_SIZE, type Thumb } from './thumbnail.js';

/** Two thumbnails in the making at a time, for the whole page (old PCs, CD drives). */
const queue = limiter(2);

/**
 * JPEG baseline (8-bit) is decoded by the browser itself: no codec to load for a thumbnail.
 * Returns null when the browser cannot (12-bit JPEG, a broken stream): the codecs' worker tries then.
 */
export async function decodeJpegInBrowser(jpeg: Blob, info: ImageInfo, size: number): Promise<Thumb | null> {
  if (typeof createImageBitmap !== 'function' || info.bitsAllocated !== 8) return null;
  try {
    const { width, height } = sampleGrid(info.rows, info.columns, size);
    const bitmap = await createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' }), { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' });
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const rgba = new Uint8ClampedArray(ctx.getImageData(0, 0, width, height).data);
    if (info.photometric === 'MONOCHROME1') for (let i = 0; i < rgba.length; i += 4) rgba[i] = rgba[i + 1] = rgba[i + 2] = 255 - rgba[i];
    return { kind: 'image', width, height, rgba };
  } catch {
    return null;
  }
}

/** The first image of a series, about 96 px, or a placeholder saying why there is none. */
export function SeriesThumb(props: { file: FileLike; image: ImageInfo | undefined; t: TownshipTranslate }) {
  const { file, image, t } = props;
  const [thumb, setThumb] = useState<Thumb | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let live = true;
    setThumb(null);
    void queue(() => makeThumbnail(file, image, { decodeJpeg: decodeJpegInBrowser, decodeCompressed: decodeInWorker })).then((th) => live && setThumb(th));
    return () => {
      live = false;
    };
  }, [file, image]);

  useEffect(() => {
    if (thumb?.kind !== 'image' || !canvas.current) return;
    canvas.current.getContext('2d')?.putImageData(new ImageData(thumb.rgba, thumb.width, thumb.height), 0, 0);
  }, [thumb]);

  if (thumb?.kind === 'image') {
    return <canvas ref={canvas} width={thumb.width} height={thumb.height} className="tw-thumb" data-testid="upload-thumb" data-state="image" aria-label={t('up.thumb.alt')} />;
  }
  const label = thumb ? t(`up.thumb.${thumb.reason}`) : t('up.thumb.loading');
  return (
    <div className="tw-thumb tw-thumb-none" style={{ width: THUMB_SIZE, height: THUMB_SIZE }} data-testid="upload-thumb" data-state={thumb?.reason ?? 'loading'} title={thumb?.kind === 'placeholder' ? thumb.detail : undefined}>
      {label}
    </div>
  );
}
