import { describe, expect, it } from 'vitest';
import { attribute, type SiteRule } from './rules.js';

const rules: SiteRule[] = [
  { id: '1', priority: 10, field: 'InstitutionName', pattern: 'Dongping*', siteId: 'A' },
  { id: '2', priority: 20, field: 'StationName', pattern: 'XH-DR?', siteId: 'B' },
];

describe('site attribution rules', () => {
  it('matches case-insensitively with wildcards, first rule by priority wins', () => {
    expect(attribute(rules, { InstitutionName: ['DONGPING Township Health Centre'] })).toBe('A');
    expect(attribute(rules, { StationName: [null, 'xh-dr1'] })).toBe('B');
    expect(attribute(rules, { InstitutionName: ['Dongping'], StationName: ['XH-DR1'] })).toBe('A');
  });

  it('leaves a study unassigned when nothing matches (regex characters are literal)', () => {
    expect(attribute(rules, { InstitutionName: ['Other Hospital'], StationName: ['XH-DR12'] })).toBeNull();
    expect(attribute([{ id: '3', priority: 1, field: 'InstitutionName', pattern: 'A.B', siteId: 'C' }], { InstitutionName: ['AxB'] })).toBeNull();
  });
});
