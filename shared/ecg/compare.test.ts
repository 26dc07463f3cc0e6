import { describe, expect, it } from 'vitest';
import { compareWithDevice } from './compare.js';
import { measureLeads } from './measure.js';
import { syntheticEcg } from './synthetic.js';
import type { DeviceAnnotations } from './types.js';

describe('compareWithDevice', () => {
  it('puts our values beside the device values, deriving the device rate from its RR', () => {
    const m = measureLeads(syntheticEcg({ bpm: 60, fs: 500, durationS: 10 }), 500);
    const device: DeviceAnnotations = {
      statements: ['SINUS RHYTHM'],
      fiducials: [],
      measurements: [
        { concept: { codeValue: '5.10.2.1-3', codingScheme: 'SCPECG', codeMeaning: 'RR Interval' }, key: 'rr', value: 1000, unit: 'ms' },
        { concept: { codeValue: '5.10.3-11', codingScheme: 'SCPECG', codeMeaning: 'P Axis' }, key: 'pAxis', value: 60, unit: 'deg' },
      ],
    };
    const rows = compareWithDevice(m, device);
    const hr = rows.find((r) => r.key === 'heartRate');
    expect(hr?.device).toBe(60);
    expect(Math.abs(hr?.difference ?? 99)).toBeLessThan(1);
    expect(rows.find((r) => r.key === 'pAxis')).toMatchObject({ automatic: null, device: 60, difference: null });
    expect(rows.find((r) => r.key === 'qtc')?.label.en).toBe('QTc (Bazett)');
    expect(rows.some((r) => r.key === 'tAxis')).toBe(false);
  });
});
