import { describe, expect, it } from 'vitest';
import { BIDI_CONTROLS, displayFields, displayPersonName, displayText } from './display.js';

describe('displayText', () => {
  it('removes every bidi formatting character (embeddings, overrides, isolates, marks)', () => {
    const all = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    for (const c of all) expect(displayText(`a${c}b`), `U+${c.codePointAt(0)!.toString(16)}`).toBe('ab');
    expect(displayText('报告\u202Efdp.exe')).toBe('报告fdp.exe');
    expect(displayText(all.join(''))).toBe('');
    // The pattern is global: a second call does not start half-way (lastIndex).
    expect(displayText('\u202Ex\u202Ey')).toBe('xy');
    expect('\u202E'.replace(BIDI_CONTROLS, '')).toBe('');
  });

  it('keeps ordinary text, right-to-left letters, tabs and line breaks; removes other control characters', () => {
    expect(displayText('王^小明 <b>x</b>')).toBe('王^小明 <b>x</b>');
    expect(displayText('مريض')).toBe('مريض');
    expect(displayText('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
    expect(displayText('a\u0000b\u001bc\u0085d')).toBe('abcd');
    expect(displayText(null)).toBe('');
    expect(displayText(undefined)).toBe('');
  });

  it('displayFields cleans string values only and leaves the original alone', () => {
    const study = { patientName: 'A\u202Eb', patientId: null, frames: 3 };
    expect(displayFields(study)).toEqual({ patientName: 'Ab', patientId: null, frames: 3 });
    expect(study.patientName).toBe('A\u202Eb');
  });
});

describe('displayPersonName', () => {
  it('prints Chinese names without carets, Latin ones with spaces, the first group only, no bidi controls', () => {
    expect(displayPersonName('刘^桂兰')).toBe('刘桂兰');
    expect(displayPersonName('Wang^Lei^^')).toBe('Wang Lei');
    expect(displayPersonName('Wang^Lei=王^磊')).toBe('Wang Lei');
    expect(displayPersonName('\u202E刘^桂兰')).toBe('刘桂兰');
    expect(displayPersonName(null)).toBe('');
  });
});
