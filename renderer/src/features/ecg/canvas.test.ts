import { describe, expect, it } from 'vitest';
import { layoutPanels, STANDARD_PAPER, syntheticEcg } from '../../../../shared/ecg/index.js';
import { renderEcgToCanvas, sizeCanvasForPage, type CanvasLike } from './canvas.js';

/** A stand-in canvas (the unit tests run in Node, without a DOM). */
function fakeCanvas(withContext = true): CanvasLike & { calls: string[] } {
  const calls: string[] = [];
  const ctx = {
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    font: '',
    save: () => calls.push('save'),
    restore: () => calls.push('restore'),
    beginPath: () => {},
    moveTo: () => {},
    lineTo: () => {},
    stroke: () => {},
    fillRect: (x: number, y: number, w: number, h: number) => calls.push(`fillRect ${x} ${y} ${w} ${h}`),
    fillText: () => {},
    setTransform: () => calls.push('setTransform'),
  };
  return { width: 0, height: 0, style: { width: '', height: '' }, getContext: () => (withContext ? ctx : null), calls };
}

describe('ECG canvas edge', () => {
  it('keeps CSS size at the calibrated mm scale and multiplies the backing store by the device pixel ratio', () => {
    const c = fakeCanvas();
    const p = sizeCanvasForPage(c, 260, 120, { pxPerMm: 4, calibrated: true }, 2);
    expect([c.style.width, c.style.height, c.width, c.height]).toEqual(['1040px', '480px', 2080, 960]);
    expect(p.deviceScale).toEqual({ pxPerMm: 8, calibrated: true });
  });

  it('draws the page at device scale, and reports a missing context instead of throwing', () => {
    const layout = layoutPanels({ kind: '3x4+1', durationS: 10, paper: STANDARD_PAPER });
    const opts = { layout, paper: STANDARD_PAPER, scale: { pxPerMm: 4, calibrated: false }, leads: syntheticEcg({ bpm: 60, fs: 500, durationS: 10 }), samplingFrequency: 500 };
    const c = fakeCanvas();
    const r = renderEcgToCanvas(c, opts, 1.5);
    expect(r?.panels).toBe(13);
    expect(c.calls).toContain('fillRect 0 0 1560 720');
    expect(renderEcgToCanvas(fakeCanvas(false), opts, 1)).toBeNull();
  });
});
