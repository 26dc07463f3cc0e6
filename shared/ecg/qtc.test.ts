import { describe, expect, it } from 'vitest';
import { allQtc, heartRateFromRr, qtcMs } from './qtc.js';

describe('QTc', () => {
  it('matches the worked example of DOMAIN.md §4.3 (RR 982 ms, QT 368 ms)', () => {
    expect(heartRateFromRr(982)).toBeCloseTo(61.1, 1);
    const q = allQtc(368, 982);
    expect(q.bazett).toBeCloseTo(371.4, 1);
    expect(q.fridericia).toBeCloseTo(370.2, 1);
    expect(q.framingham).toBeCloseTo(370.8, 1);
    expect(q.hodges).toBeCloseTo(369.9, 1);
  });

  it('is exact arithmetic: RR 1 s leaves QT unchanged; RR 0.64 s divides by 0.8 (Bazett) and ∛0.64 (Fridericia)', () => {
    for (const f of ['bazett', 'fridericia', 'framingham', 'hodges'] as const) expect(qtcMs(f, 400, 1000)).toBeCloseTo(400, 10);
    expect(qtcMs('bazett', 400, 640)).toBeCloseTo(500, 10);
    expect(qtcMs('fridericia', 400, 640)).toBeCloseTo(400 / Math.cbrt(0.64), 10);
    expect(qtcMs('fridericia', 432, 1728)).toBeCloseTo(432 / 1.2, 10);
  });
});
