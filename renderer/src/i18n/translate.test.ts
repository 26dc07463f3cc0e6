import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { DICTIONARIES, initialLocale, isLocale, makeTranslate, translate, type Dictionaries } from './translate.js';
import { zhCN } from './zh-CN.js';

describe('translate', () => {
  it('uses the wanted language and fills placeholders', () => {
    expect(translate(DICTIONARIES, 'zh-CN', 'home.welcome', { name: '王磊' })).toBe('王磊，您好');
    expect(translate(DICTIONARIES, 'en', 'home.welcome', { name: 'Wang Lei' })).toBe('Hello, Wang Lei');
  });

  it('falls back to zh-CN, then to the key, when a translation is missing', () => {
    const partial: Dictionaries = { 'zh-CN': { 'login.title': '登录' }, en: {} };
    expect(translate(partial, 'en', 'login.title')).toBe('登录');
    expect(translate(partial, 'en', 'login.password')).toBe('login.password');
  });

  it('keeps unknown placeholders visible rather than dropping them', () => {
    expect(makeTranslate('en')('perm.scope.own')).toBe('Own site only ({site})');
  });

  it('has the role labels the alliance uses', () => {
    const t = makeTranslate('zh-CN');
    expect(t('role.senior_radiologist')).toBe('审核医师(上级医师)');
    expect(t('role.township_staff')).toBe('乡镇卫生院人员');
    expect(t('role.supervisor')).toBe('管理员(医务科)');
  });

  it('every key is translated, and no English text is left empty or Chinese', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(en[key], key).toBeTruthy();
      if (!key.startsWith('lang.')) expect(/[\u4e00-\u9fff]/.test(en[key]), `${key} in en has Chinese`).toBe(false);
    }
  });
});

describe('initial language', () => {
  it('prefers the stored choice, then the desktop setting, then zh-CN', () => {
    expect(initialLocale('en', 'zh-CN')).toBe('en');
    expect(initialLocale(null, 'en')).toBe('en');
    expect(initialLocale('fr', 'de')).toBe('zh-CN');
    expect(initialLocale(null, undefined)).toBe('zh-CN');
  });

  it('recognises only the supported locales', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('zh')).toBe(false);
    expect(isLocale(3)).toBe(false);
  });
});
