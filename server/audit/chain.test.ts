import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainedFields } from './chain.js';

const row: ChainedFields = {
  seq: 1, at: '2026-11-23T00:00:00.000Z', userId: null, username: 'rad1', role: 'radiologist', siteId: null, ip: '127.0.0.1',
  action: 'auth.login', outcome: 'allowed', patientId: null, studyUid: null, reportId: null, alertId: null, resource: null,
  detail: { b: 1, a: { d: [1, 2], c: '汉字' } },
};

describe('audit hash chain', () => {
  it('is independent of key order (jsonb reorders keys) but not of values', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    const h = chainHash(GENESIS_HASH, row);
    expect(chainHash(GENESIS_HASH, { ...row, detail: { a: { c: '汉字', d: [1, 2] }, b: 1 } })).toBe(h);
    expect(chainHash(GENESIS_HASH, { ...row, detail: { a: { c: '汉字', d: [2, 1] }, b: 1 } })).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...row, outcome: 'denied' })).not.toBe(h);
  });
  it('links each row to the one before', () => {
    const h1 = chainHash(GENESIS_HASH, row);
    expect(chainHash(h1, { ...row, seq: 2 })).not.toBe(chainHash('f'.repeat(64), { ...row, seq: 2 }));
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
  });
});
