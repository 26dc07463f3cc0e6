import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors.js';
import { format, negotiateLocale } from './locale.js';

describe('locale negotiation', () => {
  it('defaults to zh-CN and honours quality values', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('fr-FR')).toBe('zh-CN');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('en;q=0.4, zh-TW;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('zh;q=0, en')).toBe('en');
  });
  it('fills message parameters', () => {
    expect(format('{a} and {b} and {c}', { a: 1, b: 'x' })).toBe('1 and x and {c}');
    expect(errorMessage('account_locked', 'en', { minutes: 12 })).toContain('12 min');
    expect(errorMessage('account_locked', 'zh-CN', { minutes: 12 })).toContain('12 分钟');
  });
});
