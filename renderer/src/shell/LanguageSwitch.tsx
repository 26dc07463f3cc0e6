import { LOCALES } from '../../../shared/i18n/locale.js';
import { useLocale, useT } from '../i18n/I18nProvider.js';
import { isLocale } from '../i18n/translate.js';

/** A native <select>: keyboard and screen-reader friendly without extra code. */
export function LanguageSwitch() {
  const t = useT();
  const [locale, setLocale] = useLocale();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('lang.label')}</span>
      <select
        value={locale}
        aria-label={t('lang.label')}
        data-testid="language-switch"
        onChange={(e) => {
          if (isLocale(e.target.value)) setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
