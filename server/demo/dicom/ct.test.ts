import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { CT_GEOMETRY, CT_LANDMARKS, CT_ORIGIN, ctSliceHu, NODULE, sliceZ } from './ct-phantom.js';
import { demoInstance } from './index.js';

/** Slice index nearest to z, and the pixel index of (x, y). */
function locate(x: number, y: number, z: number): { slice: number; pixel: number } {
  const slice = Math.round((CT_GEOMETRY.zTop - z) / CT_GEOMETRY.sliceSpacing);
  const col = Math.round((x - CT_ORIGIN) / CT_GEOMETRY.spacing);
  const row = Math.round((y - CT_ORIGIN) / CT_GEOMETRY.spacing);
  return { slice, pixel: row * CT_GEOMETRY.size + col };
}

/** Mean HU over a 5×5 pixel patch, to average out the synthetic noise. */
function meanHu(hu: Int16Array, pixel: number): number {
  let sum = 0;
  for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) sum += hu[pixel + dr * CT_GEOMETRY.size + dc];
  return sum / 25;
}

function parse(bytes: Uint8Array) {
  return dicomParser.parseDicom(bytes);
}
const numbers = (ds: dicomParser.DataSet, tag: string) => (ds.string(tag) ?? '').split('\\').map(Number);

describe('CT chest phantom', () => {
  it('has at least 120 slices of 512×512', () => {
    expect(CT_GEOMETRY.sliceCount).toBeGreaterThanOrEqual(120);
    expect(CT_GEOMETRY.size).toBe(512);
  });

  it.each(Object.entries(CT_LANDMARKS))('puts %s at its expected Hounsfield value', (_name, p) => {
    const { slice, pixel } = locate(p.x, p.y, p.z);
    expect(Math.abs(meanHu(ctSliceHu(slice), pixel) - p.hu)).toBeLessThan(15);
  });

  it('has an 8 mm solid nodule in the right lower lobe, widest on the slice through its centre, surrounded by lung', () => {
    expect(sliceZ(NODULE.slice)).toBe(NODULE.z);
    expect(NODULE.x).toBeLessThan(0); // patient right (LPS)
    /** Width (mm) of the run of soft-tissue pixels through the nodule centre, along a row (dx) or a column (dy). */
    const width = (slice: number, dx: number, dy: number) => {
      const hu = ctSliceHu(slice);
      const { pixel } = locate(NODULE.x, NODULE.y, NODULE.z);
      const step = dy * CT_GEOMETRY.size + dx;
      if (hu[pixel] < -300) return 0;
      let n = 1;
      for (const dir of [1, -1]) for (let k = 1; k < 40 && hu[pixel + dir * k * step] > -300; k++) n++;
      return n * CT_GEOMETRY.spacing;
    };
    for (const [dx, dy] of [[1, 0], [0, 1]]) {
      expect(Math.abs(width(NODULE.slice, dx, dy) - NODULE.diameter)).toBeLessThanOrEqual(CT_GEOMETRY.spacing);
      const next = width(NODULE.slice + 1, dx, dy); // 2.5 mm off centre: a 6.2 mm disc
      expect(Math.abs(next - 2 * Math.sqrt(16 - 6.25))).toBeLessThanOrEqual(CT_GEOMETRY.spacing);
      expect(width(NODULE.slice - 2, dx, dy)).toBe(0); // 5 mm off centre: beyond its radius
    }
    // Aerated lung just outside the nodule on both sides of the row.
    const hu = ctSliceHu(NODULE.slice);
    for (const side of [-1, 1]) expect(hu[locate(NODULE.x + side * 4.9, NODULE.y, NODULE.z).pixel]).toBeLessThan(-800);
  });

  it('covers the realistic HU ranges: lung ~−850, fat −100, contrast ~250–320, bone 700–1200', () => {
    const hu = ctSliceHu(64);
    const values = Array.from(hu);
    const share = (lo: number, hi: number) => values.filter((v) => v >= lo && v <= hi).length / values.length;
    expect(share(-900, -800)).toBeGreaterThan(0.05); // aerated lung
    expect(share(-130, -70)).toBeGreaterThan(0.02); // fat
    expect(share(230, 350)).toBeGreaterThan(0.002); // contrast-filled heart and vessels
    expect(share(700, 1200)).toBeGreaterThan(0.002); // ribs, spine, sternum
    expect(values.reduce((m, v) => Math.min(m, v), 0)).toBeGreaterThan(-1050);
  });

  it('writes geometry that MPR can trust: positions step by the slice thickness along the normal', () => {
    const picks = [0, 1, 63, CT_GEOMETRY.sliceCount - 1];
    const parsed = picks.map((i) => parse(demoInstance('ct-chest', i)));
    for (const [k, ds] of parsed.entries()) {
      const i = picks[k];
      expect(numbers(ds, 'x00200037')).toEqual([1, 0, 0, 0, 1, 0]);
      expect(numbers(ds, 'x00280030')).toEqual([CT_GEOMETRY.spacing, CT_GEOMETRY.spacing]);
      expect(Number(ds.string('x00180050'))).toBe(CT_GEOMETRY.sliceSpacing);
      const ipp = numbers(ds, 'x00200032');
      expect(ipp[0]).toBeCloseTo(CT_ORIGIN, 3);
      expect(ipp[1]).toBeCloseTo(CT_ORIGIN, 3);
      expect(ipp[2]).toBeCloseTo(sliceZ(i), 3);
      expect(Number(ds.string('x00201041'))).toBeCloseTo(sliceZ(i), 3);
      expect(ds.intString('x00200013')).toBe(i + 1);
    }
    const z = parsed.map((ds) => numbers(ds, 'x00200032')[2]);
    expect(z[0] - z[1]).toBeCloseTo(CT_GEOMETRY.sliceSpacing, 6);
    expect(z[0] - z[3]).toBeCloseTo(CT_GEOMETRY.sliceSpacing * (CT_GEOMETRY.sliceCount - 1), 6);
    const frames = new Set(parsed.map((ds) => ds.string('x00200052')));
    const series = new Set(parsed.map((ds) => ds.string('x0020000e')));
    expect(frames.size).toBe(1);
    expect(series.size).toBe(1);
  });

  it('stores signed 16-bit pixels whose rescale gives Hounsfield units', () => {
    const bytes = demoInstance('ct-chest', 64);
    const ds = parse(bytes);
    expect(ds.uint16('x00280100')).toBe(16);
    expect(ds.uint16('x00280101')).toBe(16);
    expect(ds.uint16('x00280103')).toBe(1);
    expect(ds.string('x00281053')).toBe('1');
    const intercept = Number(ds.string('x00281052'));
    const el = ds.elements.x7fe00010;
    expect(el.length).toBe(512 * 512 * 2);
    const stored = new Int16Array(bytes.buffer.slice(bytes.byteOffset + el.dataOffset, bytes.byteOffset + el.dataOffset + el.length));
    const { pixel } = locate(CT_LANDMARKS.descendingAorta.x, CT_LANDMARKS.descendingAorta.y, sliceZ(64));
    expect(Math.abs(meanHu(stored, pixel) + intercept - CT_LANDMARKS.descendingAorta.hu)).toBeLessThan(15);
    expect(ds.string('x00281050')).toBe('40\\-600');
    expect(ds.string('x00281051')).toBe('400\\1500');
  });

  it('is deterministic: the same slice gives the same bytes twice', () => {
    const a = demoInstance('ct-chest', 17);
    const b = demoInstance('ct-chest', 17);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });
});
