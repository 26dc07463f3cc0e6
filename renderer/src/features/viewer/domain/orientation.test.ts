import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { directionLabel, edgeMarkers, scaleBar } from './orientation.js';

const axial: DicomJsonDataset = { '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] } };

describe('orientation markers and scale bar', () => {
  it('labels an axial slice in radiological convention: patient right on the screen left', () => {
    expect(edgeMarkers(axial)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('follows rotation and flips', () => {
    expect(edgeMarkers(axial, { rotation: 90, flipH: false, flipV: false })).toEqual({ top: 'R', right: 'A', bottom: 'L', left: 'P' });
    expect(edgeMarkers(axial, { rotation: 0, flipH: true, flipV: false })).toMatchObject({ left: 'L', right: 'R' });
    expect(edgeMarkers(axial, { rotation: 0, flipH: false, flipV: true })).toMatchObject({ top: 'P', bottom: 'A' });
  });

  it('uses Patient Orientation for a radiograph without IOP, nothing without either', () => {
    expect(edgeMarkers({ '00200020': { vr: 'CS', Value: ['L', 'F'] } })).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
    expect(edgeMarkers({})).toBeNull();
  });

  it('labels obliques with two letters, strongest first', () => {
    expect(directionLabel([0.8, 0.6, 0])).toBe('LP');
    expect(directionLabel([0, 0, -1])).toBe('F');
  });

  it('picks a round scale bar length that fits', () => {
    expect(scaleBar(0.5, 120)).toEqual({ mm: 50, px: 100 });
    expect(scaleBar(0.1, 120)).toEqual({ mm: 10, px: 100 });
    expect(scaleBar(0, 120)).toBeNull();
  });
});
