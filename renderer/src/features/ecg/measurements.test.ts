import { describe, expect, it } from 'vitest';
import { measureLeads, syntheticEcg } from '../../../../shared/ecg/index.js';
import { suggestCriticalValues } from '../../../../shared/ecg/index.js';
import { formatValue, measureRows, parseReaderNumber, withReaderValues } from './measurements.js';

describe('ECG measurement rows', () => {
  it('lists the automatic values beside the device ones, QTc by formula', () => {
    const leads = syntheticEcg({ bpm: 75, fs: 500, durationS: 10 });
    const m = measureLeads(leads, 500);
    const rows = measureRows(m, {
      statements: [],
      fiducials: [],
      measurements: [{ concept: { codeValue: 'x', codingScheme: 'y', codeMeaning: 'RR' }, key: 'rr', value: 800, unit: 'ms' }],
    });
    const hr = rows.find((r) => r.key === 'heartRate')!;
    expect(hr.automatic).toBeGreaterThan(73);
    expect(hr.automatic).toBeLessThan(77);
    expect(hr.device).toBe(75);
    expect(rows.map((r) => r.key)).toContain('qtcFridericia');
    expect(formatValue(null, 0)).toBe('—');
  });

  it('parses typed numbers and refuses text', () => {
    expect(parseReaderNumber(' 420 ')).toBe(420);
    expect(parseReaderNumber('0,85')).toBe(0.85);
    expect(parseReaderNumber('abc')).toBeNull();
    expect(parseReaderNumber('')).toBeNull();
  });
});

describe('hints from the reader values', () => {
  it('prompts ECG-OTH-04 when the reader overrides QTc past 550 ms, and not before', () => {
    const m = measureLeads(syntheticEcg({ bpm: 75, fs: 500, durationS: 10 }), 500);
    expect(suggestCriticalValues(withReaderValues(m, {})).map((h) => h.code)).not.toContain('ECG-OTH-04');
    const over = withReaderValues(m, { qtcBazett: { status: 'overridden', value: 560, unit: 'ms', automatic: m.qtc?.bazettMs ?? null } });
    expect(suggestCriticalValues(over).map((h) => h.code)).toContain('ECG-OTH-04');
  });
});
