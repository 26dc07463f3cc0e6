import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { DX_GEOMETRY, DX_LANDMARKS } from './dx-phantom.js';
import { DX_FOR_PRESENTATION } from './dx.js';
import { demoInstance } from './index.js';

describe('DX chest radiograph', () => {
  const bytes = demoInstance('dx-chest', 0);
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010;
  const pixels = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + el.dataOffset, bytes.byteOffset + el.dataOffset + el.length));
  const at = (p: { x: number; y: number }) => {
    const c = Math.round((p.x + ((DX_GEOMETRY.columns - 1) * DX_GEOMETRY.spacing) / 2) / DX_GEOMETRY.spacing);
    const r = Math.round((p.y + 70) / DX_GEOMETRY.spacing);
    let sum = 0;
    for (let dr = -5; dr <= 5; dr++) for (let dc = -5; dc <= 5; dc++) sum += pixels[(r + dr) * DX_GEOMETRY.columns + c + dc];
    return sum / 121;
  };

  it('is a DX For Presentation image of at least 2000×2000 with 12 stored bits', () => {
    expect(ds.string('x00080016')).toBe(DX_FOR_PRESENTATION);
    expect(ds.string('x00080068')).toBe('FOR PRESENTATION');
    expect(ds.uint16('x00280010')).toBeGreaterThanOrEqual(2000);
    expect(ds.uint16('x00280011')).toBeGreaterThanOrEqual(2000);
    expect(ds.uint16('x00280100')).toBe(16);
    expect(ds.uint16('x00280101')).toBe(12);
    expect(ds.uint16('x00280102')).toBe(11);
    expect(ds.string('x00280004')).toBe('MONOCHROME2');
    expect(el.length).toBe(DX_GEOMETRY.rows * DX_GEOMETRY.columns * 2);
    expect(pixels.reduce((m, v) => Math.max(m, v), 0)).toBeLessThan(4096);
  });

  it('carries a window and the imager pixel spacing', () => {
    expect(Number((ds.string('x00281050') ?? '').split('\\')[0])).toBeGreaterThan(0);
    expect(Number((ds.string('x00281051') ?? '').split('\\')[0])).toBeGreaterThan(0);
    expect(ds.string('x00181164')).toBe(`${DX_GEOMETRY.spacing}\\${DX_GEOMETRY.spacing}`);
  });

  it('looks like a chest: lungs darker than the upper abdomen, air outside darkest', () => {
    const rightLung = at(DX_LANDMARKS.rightMidLung);
    const leftLung = at(DX_LANDMARKS.leftMidLung);
    const liver = at(DX_LANDMARKS.liverBelowRightDome);
    const air = at(DX_LANDMARKS.outsideBody);
    expect(liver - rightLung).toBeGreaterThan(800);
    expect(liver - leftLung).toBeGreaterThan(800);
    expect(rightLung - air).toBeGreaterThan(100);
  });
});
