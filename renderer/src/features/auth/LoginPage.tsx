import { useState } from 'react';
import { useHubQuery } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { LanguageSwitch } from '../../shell/LanguageSwitch.js';
import { DemoAccounts } from './DemoAccounts.js';
import { LoginForm, type Prefill } from './LoginForm.js';

/** The whole sign-in screen. `reason` is why the user is here (session ended, hub unreachable…). */
export function LoginPage(props: { reason: unknown; hubUrl: string | null }) {
  const t = useT();
  const health = useHubQuery((c) => c.health());
  const [prefill, setPrefill] = useState<(Prefill & { n: number }) | null>(null);

  return (
    <div className="login-page" data-theme="dark">
      <main className="login-card" aria-labelledby="login-heading">
        <header className="login-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              TR
            </span>
            <div>
              <h1 id="login-heading">
                <span lang="zh-CN">远程阅片</span> <span lang="en">TeleRead</span>
              </h1>
              <p className="muted">{t('app.productLine')}</p>
            </div>
          </div>
          <LanguageSwitch />
        </header>
        <h2 className="login-title">{t('login.title')}</h2>
        <LoginForm key={prefill?.n ?? 0} initialError={props.reason} prefill={prefill} />
        {health.error !== null && (
          <p className="banner warning" role="status">
            {describeError(health.error, t)}
          </p>
        )}
        {props.hubUrl && <p className="muted small">{t('login.hub', { url: props.hubUrl })}</p>}
        {health.data?.demo && <DemoAccounts onPick={(username, password) => setPrefill({ username, password, n: (prefill?.n ?? 0) + 1 })} />}
      </main>
    </div>
  );
}
