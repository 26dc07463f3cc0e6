import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { greyPng, renderMonochrome } from './keyimages.js';

describe('key image rendering for the PDF', () => {
  it('windows a signed 16-bit CT frame with rescale, and inverts MONOCHROME1', () => {
    // 2×2 CT: stored −1024, 0, 40, 2000 with intercept −1024 → HU −2048, −1024, −984, 976; window 40/400 → 0, 0, 0, 255.
    const px = new Int16Array([-1024, 0, 40, 2000]);
    const ds = { Rows: 2, Columns: 2, BitsAllocated: 16, PixelRepresentation: 1, PhotometricInterpretation: 'MONOCHROME2', RescaleIntercept: '-1024', RescaleSlope: '1', WindowCenter: '40', WindowWidth: '400', PixelData: [px.buffer] };
    expect(Array.from(renderMonochrome(ds)!.pixels)).toEqual([0, 0, 0, 255]);
    const soft = { ...ds, RescaleIntercept: '0' }; // HU −1024, 0, 40, 2000; window −160…240 → 0, 102, 128, 255
    expect(Array.from(renderMonochrome(soft)!.pixels)).toEqual([0, 102, 128, 255]);
    expect(Array.from(renderMonochrome({ ...soft, PhotometricInterpretation: 'MONOCHROME1' })!.pixels)).toEqual([255, 153, 127, 0]);
    expect(renderMonochrome({ ...ds, PhotometricInterpretation: 'RGB' })).toBeNull();
    expect(renderMonochrome(ds, 2)).toBeNull();
  });

  it('writes a PNG whose IDAT inflates back to the rows (filter byte 0)', () => {
    const png = Buffer.from(greyPng(new Uint8Array([1, 2, 3, 4, 5, 6]), 3, 2));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
    const idat = png.indexOf('IDAT');
    const len = png.readUInt32BE(idat - 4);
    expect(Array.from(zlib.inflateSync(png.subarray(idat + 4, idat + 4 + len)))).toEqual([0, 1, 2, 3, 0, 4, 5, 6]);
  });
});
