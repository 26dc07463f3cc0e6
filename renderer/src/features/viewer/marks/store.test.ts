import { describe, expect, it, vi } from 'vitest';
import type { Measurement } from '../../../../../shared/api/reports.js';
import { mergeMeasurements, StudyMarks } from './store.js';

const img = (sop: string, frame = 1) => ({ seriesInstanceUid: '1.2', sopInstanceUid: sop, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', frame });
const len = (id: string): Measurement => ({ id, tool: 'length', image: img('1.2.3'), points: [[0, 0], [3, 4]], values: { length: 5 }, lengthUnit: 'mm', valueUnit: 'HU', spacing: 'PixelSpacing' });

describe('study marks shared by the viewer and the report panel', () => {
  it('K toggles the image on screen into the draft and out again, with the thumbnail kept for the strip', () => {
    const m = new StudyMarks();
    const sink = { keyImages: vi.fn(), measurements: vi.fn() };
    m.connect(sink);
    m.fromReport([], [], true);
    expect(m.toggleKey()).toBe(false); // nothing on screen yet
    m.setCurrent(img('1.2.3', 2));
    expect(m.toggleKey(undefined, 'data:image/jpeg;base64,xx')).toBe(true);
    expect(sink.keyImages).toHaveBeenLastCalledWith([img('1.2.3', 2)]);
    expect(m.isKey(img('1.2.3', 2))).toBe(true);
    expect(m.isKey(img('1.2.3', 1))).toBe(false); // another frame of the same instance is another image
    expect(m.state.thumbs['1.2.3:2']).toMatch(/^data:image/);
    m.toggleKey();
    expect(sink.keyImages).toHaveBeenLastCalledWith([]);
  });

  it('a signed report: marks are shown, not changed, and measurements are not written back', () => {
    const m = new StudyMarks();
    const sink = { keyImages: vi.fn(), measurements: vi.fn() };
    m.connect(sink);
    m.fromReport([img('1.2.3')], [len('a')], false);
    m.setCurrent(img('1.2.4'));
    expect(m.toggleKey()).toBe(false);
    m.setMeasurements([len('a'), len('b')]);
    expect(sink.keyImages).not.toHaveBeenCalled();
    expect(sink.measurements).not.toHaveBeenCalled();
  });

  it('measurements reach the draft once per real change; each load of the report asks the viewer to redraw', () => {
    const m = new StudyMarks();
    const sink = { keyImages: vi.fn(), measurements: vi.fn() };
    m.connect(sink);
    const before = m.restoreSeq;
    m.fromReport([], [len('a')], true);
    expect(m.restoreSeq).toBe(before + 1);
    m.setMeasurements([len('a')]); // the viewer redrew the saved set: nothing new to save
    expect(sink.measurements).not.toHaveBeenCalled();
    m.setMeasurements([len('a'), len('b')]);
    expect(sink.measurements).toHaveBeenCalledTimes(1);
    m.sync(m.state.keyImages, true);
    expect(m.restoreSeq).toBe(before + 1);
  });

  it('redrawing a saved set changes nothing; stats not computed yet keep the saved values; deleted ones go', () => {
    const a = len('a');
    const b = len('b');
    const bare = { ...len('b'), values: {} };
    expect(mergeMeasurements([a, b], [b, a], [])).toEqual([a, b]); // order of the draft kept
    expect(mergeMeasurements([a, b], [bare], [a])).toEqual([a, b]); // b drawn on a slice not shown yet; a still pending
    expect(mergeMeasurements([a, b], [a], [])).toEqual([a]); // b deleted in the viewer
    const c = len('c');
    expect(mergeMeasurements([a], [a, c], [])).toEqual([a, c]); // new ones at the end
  });
});
