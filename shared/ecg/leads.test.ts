import { describe, expect, it } from 'vitest';
import { leadFromChannelSource, leadFromText, leadNumberFromCode } from './leads.js';

describe('lead codes', () => {
  it('parses MDC, SCP-ECG and 11073 numeric codes to one number', () => {
    expect(leadNumberFromCode('2:64')).toBe(64);
    expect(leadNumberFromCode('5.6.3-9-3')).toBe(3);
    expect(leadNumberFromCode('131073')).toBe(1);
    expect(leadNumberFromCode('8867-4')).toBeNull();
  });

  it('maps all twelve standard leads from MDC codes', () => {
    const codes = ['2:1', '2:2', '2:61', '2:62', '2:63', '2:64', '2:3', '2:4', '2:5', '2:6', '2:7', '2:8'];
    expect(codes.map((c) => leadFromChannelSource({ codeValue: c, codingScheme: 'MDC', codeMeaning: '' }, null))).toEqual([
      'I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6',
    ]);
  });

  it('reads text forms and rejects lookalikes', () => {
    expect(leadFromText('Lead I (Einthoven)')).toBe('I');
    expect(leadFromText('lead avf')).toBe('aVF');
    expect(leadFromText('V1')).toBe('V1');
    expect(leadFromText('II 导联')).toBe('II');
    expect(leadFromText('V3R')).toBeNull();
    expect(leadFromText('-aVR')).toBeNull();
    expect(leadFromText('IV')).toBeNull();
  });
});
