import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGE_STORAGE_KEY, makeTranslate, type Locale, type Translate } from './translate.js';

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider(props: { initial: Locale; onChange?: (locale: Locale) => void; children: ReactNode }) {
  const { initial, onChange } = props;
  const [locale, setLocaleState] = useState<Locale>(initial);

  useEffect(() => {
    // Screen readers and the browser's CJK font selection both follow <html lang>.
    document.documentElement.lang = locale;
    document.title = makeTranslate(locale)('app.name');
  }, [locale]);

  const setLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      try {
        localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
      } catch {
        // Storage can be disabled (private mode, policy); the choice then lasts for this page only.
      }
      onChange?.(next);
    },
    [onChange],
  );

  const value = useMemo<I18nValue>(() => ({ locale, setLocale, t: makeTranslate(locale) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() outside <I18nProvider>');
  return value;
}

/** The translate function for the current language. */
export function useT(): Translate {
  return useI18n().t;
}

export function useLocale(): [Locale, (locale: Locale) => void] {
  const { locale, setLocale } = useI18n();
  return [locale, setLocale];
}
