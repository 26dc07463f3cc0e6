import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ApiClient } from './api/client.js';
import { I18nProvider } from './i18n/I18nProvider.js';
import { initialLocale, LANGUAGE_STORAGE_KEY, type Locale } from './i18n/translate.js';
import { resolvePlatform } from './platform/bridge.js';
import './styles.css';

async function boot() {
  const platform = resolvePlatform();
  const settings = await platform.getSettings().catch(() => ({ hubUrl: null, language: null }));
  let locale: Locale = initialLocale(readStoredLanguage(), settings.language);

  const client = new ApiClient({
    // Browser mode: the hub serves this page (same origin). Desktop: the shell names the hub.
    baseUrl: settings.hubUrl ?? '',
    getLocale: () => locale,
    persistRefreshToken: (token) => platform.storeRefreshToken(token),
  });

  const onLocaleChange = (next: Locale) => {
    locale = next;
    void platform.setLanguage?.(next).catch(() => undefined);
  };

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider initial={locale} onChange={onLocaleChange}>
        <App client={client} platform={platform} hubUrl={settings.hubUrl} />
      </I18nProvider>
    </StrictMode>,
  );
}

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

void boot();
