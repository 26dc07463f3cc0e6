import { DEFAULT_LOCALE, format, LOCALES, type Locale } from '../../../shared/i18n/locale.js';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type { Locale, MessageKey };
export type Dictionaries = Record<Locale, Partial<Record<MessageKey, string>>>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const DICTIONARIES: Dictionaries = { 'zh-CN': zhCN, en };

/**
 * Looks a key up in the wanted language, then in zh-CN (the master), then shows the key itself,
 * so a missing translation degrades to Chinese text rather than to an empty label.
 */
export function translate(
  dictionaries: Dictionaries,
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = dictionaries[locale]?.[key] ?? dictionaries[DEFAULT_LOCALE]?.[key] ?? key;
  return format(template, params);
}

export function makeTranslate(locale: Locale, dictionaries: Dictionaries = DICTIONARIES): Translate {
  return (key, params) => translate(dictionaries, locale, key, params);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export const LANGUAGE_STORAGE_KEY = 'teleread.language';

/**
 * The language to start in: the user's own choice on this machine (localStorage) wins over the
 * desktop shell's setting, which wins over zh-CN.
 */
export function initialLocale(stored: string | null, shellSetting: string | null | undefined): Locale {
  if (isLocale(stored)) return stored;
  if (isLocale(shellSetting)) return shellSetting;
  return DEFAULT_LOCALE;
}
