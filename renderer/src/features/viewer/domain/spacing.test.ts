import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { sanitizeForDisplay } from './sanitize.js';
import { measurementSpacing } from './spacing.js';

const el = (vr: string, Value: unknown[]) => ({ vr, Value: Value as never });

describe('measurement spacing', () => {
  it('prefers calibrated Pixel Spacing, says so', () => {
    const ds: DicomJsonDataset = { '00280030': el('DS', ['0.175', '0.175']), '00181164': el('DS', ['0.2', '0.2']), '00080060': el('CS', ['CR']) };
    expect(measurementSpacing(ds)).toEqual({ source: 'PixelSpacing', rowMm: 0.175, colMm: 0.175 });
  });

  it('falls back to Imager Pixel Spacing on projection radiographs only', () => {
    expect(measurementSpacing({ '00181164': el('DS', [0.143, 0.15]), '00080060': el('CS', ['DX']) })).toEqual({ source: 'ImagerPixelSpacing', rowMm: 0.143, colMm: 0.15 });
    expect(measurementSpacing({ '00181164': el('DS', [0.143, 0.143]), '00080060': el('CS', ['CT']) })).toEqual({ source: 'none' });
  });

  it('treats a zero spacing (WG-04 RG1: 0.000\\0.000) as none, and drops it before display', () => {
    const rg1: DicomJsonDataset = { '00280030': el('DS', ['0.000', '0.000']), '00080060': el('CS', ['CR']), '00280010': el('US', [1955]) };
    expect(measurementSpacing(rg1)).toEqual({ source: 'none' });
    const clean = sanitizeForDisplay(rg1);
    expect(clean['00280030']).toBeUndefined();
    expect(clean['00280010']).toEqual(rg1['00280010']);
    expect(rg1['00280030']).toBeDefined(); // the original is untouched
    const good: DicomJsonDataset = { '00280030': el('DS', [0.7, 0.7]) };
    expect(sanitizeForDisplay(good)['00280030']).toEqual(good['00280030']);
  });
});
