import { describe, expect, it } from 'vitest';
import { lo } from './modules.js';
import { demoUid } from './uid.js';

describe('lo()', () => {
  it('keeps short text and cuts long Chinese text to 64 UTF-8 bytes on a character boundary', () => {
    expect(lo('胸部CT增强')).toBe('胸部CT增强');
    const long = '突发胸骨后压榨样疼痛2小时，伴大汗、恶心；糖尿病史10年。';
    const cut = lo(long);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(64);
    expect(long.startsWith(cut)).toBe(true);
    expect(Buffer.byteLength(lo(long + long.slice(0, 1)), 'utf8')).toBeGreaterThan(60);
  });
});

describe('demoUid()', () => {
  it('derives a 2.25 UID from a version-5 UUID of the name, stable across runs', () => {
    const a = demoUid('ct-chest/study');
    expect(a).toBe(demoUid('ct-chest/study'));
    expect(a).not.toBe(demoUid('ct-chest/series'));
    const hex = BigInt(a.slice(5)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('5'); // UUID version nibble
    expect(['8', '9', 'a', 'b']).toContain(hex[16]); // RFC 4122 variant
  });
});
