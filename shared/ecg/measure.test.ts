import { describe, expect, it } from 'vitest';
import { suggestCriticalValues } from './critical.js';
import { measureLeads } from './measure.js';
import { syntheticEcg } from './synthetic.js';

describe('automatic measurements on synthetic beat trains', () => {
  for (const bpm of [60, 75, 150]) {
    it(`finds every beat and the rate at ${bpm}/min within 1/min (500 Hz, 10 s)`, () => {
      const m = measureLeads(syntheticEcg({ bpm, fs: 500, durationS: 10, wanderUv: 150 }), 500);
      expect(m.status).toBe('suggested');
      expect(m.heartRateBpm).not.toBeNull();
      expect(Math.abs((m.heartRateBpm ?? 0) - bpm)).toBeLessThan(1);
      expect(m.rr?.meanMs).toBeCloseTo(60000 / bpm, -1);
      expect(m.regularity).toBe('regular');
    });
  }

  it('at 1000 Hz too, and the beat count equals the beats generated', () => {
    const m = measureLeads(syntheticEcg({ bpm: 72, fs: 1000, durationS: 10 }), 1000);
    expect(m.qrsPeaks.length).toBe(12); // R at 0.4 s + k·0.833 s < 10 s
    expect(Math.abs((m.heartRateBpm ?? 0) - 72)).toBeLessThan(1);
  });

  it('narrow QRS stays under 120 ms and broad QRS goes over; axis is inferior-left for these limb leads', () => {
    const narrow = measureLeads(syntheticEcg({ bpm: 70, fs: 500, durationS: 10 }), 500);
    const broad = measureLeads(syntheticEcg({ bpm: 70, fs: 500, durationS: 10, qrsSdMs: 32 }), 500);
    expect(narrow.qrsMs).toBeLessThan(120);
    expect(narrow.qrsMs).toBeGreaterThan(50);
    expect(broad.qrsMs).toBeGreaterThanOrEqual(120);
    expect(narrow.qrsAxisDeg).toBeGreaterThan(30);
    expect(narrow.qrsAxisDeg).toBeLessThan(90);
    expect(narrow.rv5Mv).toBeGreaterThan(1.2);
    expect(narrow.sv1Mv).toBeGreaterThan(0.6);
  });

  it('PR, QT and both QTc are measured and labelled, with QTc Bazett = QT/√RR exactly', () => {
    const m = measureLeads(syntheticEcg({ bpm: 60, fs: 500, durationS: 10 }), 500);
    expect(m.prMs).toBeGreaterThan(100);
    expect(m.prMs).toBeLessThan(220);
    expect(m.qtMs).toBeGreaterThan(300);
    expect(m.qtMs).toBeLessThan(460);
    expect(m.qtc?.bazettMs).toBeCloseTo((m.qtMs ?? 0) / Math.sqrt((m.rr?.medianMs ?? 0) / 1000), 9);
    expect(m.qtc?.fridericiaMs).toBeCloseTo((m.qtMs ?? 0) / Math.cbrt((m.rr?.medianMs ?? 0) / 1000), 9);
  });

  it('an inferior ST plateau is measured at J+60 and suggests ECG-ACS-01 in II/III/aVF, never auto-raised', () => {
    const m = measureLeads(syntheticEcg({ bpm: 75, fs: 500, durationS: 10, stUv: { II: 250, I: -60 } }), 500);
    expect(m.st.II?.j60Uv).toBeGreaterThan(150);
    expect(m.st.aVL?.j60Uv).toBeLessThan(-100);
    const hints = suggestCriticalValues(m);
    const acs = hints.find((h) => h.code === 'ECG-ACS-01');
    expect(acs?.autoRaise).toBe(false);
    expect(acs?.basis.leads).toEqual(expect.arrayContaining(['II', 'III', 'aVF']));
    expect(acs?.basis.leads).not.toContain('I');
  });

  it('no hints for a normal trace', () => {
    expect(suggestCriticalValues(measureLeads(syntheticEcg({ bpm: 72, fs: 500, durationS: 10 }), 500))).toEqual([]);
  });

  it('30/min suggests ECG-BRADY-01; a dropped beat at 50/min makes a 3.6 s pause → ECG-BRADY-02', () => {
    const slow = measureLeads(syntheticEcg({ bpm: 30, fs: 500, durationS: 10 }), 500);
    expect(Math.abs((slow.heartRateBpm ?? 0) - 30)).toBeLessThan(1);
    expect(suggestCriticalValues(slow).map((h) => h.code)).toContain('ECG-BRADY-01');
    const pause = measureLeads(syntheticEcg({ bpm: 50, fs: 500, durationS: 10, dropBeats: [3, 4] }), 500);
    expect(pause.rr?.maxMs).toBeCloseTo(3600, -1);
    expect(pause.regularity).toBe('irregular');
    expect(suggestCriticalValues(pause).map((h) => h.code)).toContain('ECG-BRADY-02');
  });

  it('a broad-complex rhythm at 160/min suggests ECG-TACHY-02 and no ST hint', () => {
    const m = measureLeads(syntheticEcg({ bpm: 160, fs: 500, durationS: 10, qrsSdMs: 32, stUv: { II: 300 } }), 500);
    const codes = suggestCriticalValues(m).map((h) => h.code);
    expect(codes).toContain('ECG-TACHY-02');
    expect(codes).not.toContain('ECG-ACS-01');
  });

  it('a flat line (no QRS in 10 s) gives no rate but suggests a pause; a pause at the record end counts too', () => {
    const flat = Object.fromEntries(Object.entries(syntheticEcg({ bpm: 60, fs: 250, durationS: 10 })).map(([k, v]) => [k, new Float64Array(v.length)]));
    const m = measureLeads(flat, 250);
    expect(m.heartRateBpm).toBeNull();
    expect(m.longestPauseMs).toBe(10_000);
    expect(suggestCriticalValues(m).map((h) => h.code)).toEqual(['ECG-BRADY-02']);
    const tail = measureLeads(syntheticEcg({ bpm: 60, fs: 250, durationS: 10, dropBeats: [6, 7, 8, 9] }), 250);
    expect(tail.rr?.maxMs).toBeLessThan(1100);
    expect(tail.longestPauseMs).toBeGreaterThan(3000);
    expect(suggestCriticalValues(tail).map((h) => h.code)).toContain('ECG-BRADY-02');
  });

  it('a long QT (T wave centred 480 ms after R at 60/min) gives QTc ≥ 550 ms and suggests ECG-OTH-04 (Bazett, named)', () => {
    const normal = measureLeads(syntheticEcg({ bpm: 60, fs: 500, durationS: 10 }), 500);
    const m = measureLeads(syntheticEcg({ bpm: 60, fs: 500, durationS: 10, tCentreMs: 480 }), 500);
    expect((m.qtMs ?? 0) - (normal.qtMs ?? 0)).toBeGreaterThan(150);
    expect(m.qtc?.bazettMs).toBeGreaterThanOrEqual(550);
    const hint = suggestCriticalValues(m).find((h) => h.code === 'ECG-OTH-04');
    expect(hint?.basis).toMatchObject({ measure: 'qtc', formula: 'bazett', threshold: 550 });
  });
});
