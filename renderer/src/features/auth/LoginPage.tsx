import { useEffect, useState } from 'react';
import type { TeleReadAppInfo } from '../../../../shared/api/bridge.js';
import { useHubQuery } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import type { TeleReadBridge } from '../../platform/bridge.js';
import { LanguageSwitch } from '../../shell/LanguageSwitch.js';
import { DemoAccounts } from './DemoAccounts.js';
import { HubPicker } from './HubPicker.js';
import { LoginForm, type Prefill } from './LoginForm.js';

/**
 * The whole sign-in screen. `reason` is why the user is here (session ended, hub unreachable…).
 * On the desktop with no hub chosen yet, the hub picker comes first.
 */
export function LoginPage(props: { reason: unknown; hubUrl: string | null; platform: TeleReadBridge }) {
  const t = useT();
  const setHub = props.platform.setHub?.bind(props.platform);
  const [picking, setPicking] = useState(!!setHub && props.hubUrl === null);

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
        {picking && setHub ? (
          <HubPicker current={props.hubUrl} setHub={setHub} onCancel={props.hubUrl ? () => setPicking(false) : undefined} />
        ) : (
          <SignIn reason={props.reason} hubUrl={props.hubUrl} onChangeHub={setHub ? () => setPicking(true) : undefined} />
        )}
        <TokenPersistenceNote platform={props.platform} />
      </main>
    </div>
  );
}

function SignIn(props: { reason: unknown; hubUrl: string | null; onChangeHub?: () => void }) {
  const t = useT();
  const health = useHubQuery((c) => c.health());
  const [prefill, setPrefill] = useState<(Prefill & { n: number }) | null>(null);
  return (
    <>
      <h2 className="login-title">{t('login.title')}</h2>
      <LoginForm key={prefill?.n ?? 0} initialError={props.reason} prefill={prefill} />
      {health.error !== null && (
        <p className="banner warning" role="status">
          {describeError(health.error, t)}
        </p>
      )}
      {props.onChangeHub && (
        <p className="muted small hub-line">
          <span data-testid="hub-url">{t('login.hub', { url: props.hubUrl ?? t('login.hubSameOrigin') })}</span>{' '}
          <button type="button" className="link-button" onClick={props.onChangeHub}>
            {t('hub.change')}
          </button>
        </p>
      )}
      {health.data?.demo && <DemoAccounts onPick={(username, password) => setPrefill({ username, password, n: (prefill?.n ?? 0) + 1 })} />}
    </>
  );
}

/** Desktop: says when the sign-in cannot be remembered across restarts (no OS keyring), and why. */
function TokenPersistenceNote(props: { platform: TeleReadBridge }) {
  const [locale] = useLocale();
  const [info, setInfo] = useState<TeleReadAppInfo | null>(null);
  const { platform } = props;
  useEffect(() => {
    if (!platform.getAppInfo) return;
    let live = true;
    platform.getAppInfo().then(
      (i) => live && setInfo(i),
      () => undefined, // an older shell without app info: nothing to say
    );
    return () => {
      live = false;
    };
  }, [platform]);
  if (!info || info.tokenPersistence !== 'memory-only' || !info.tokenPersistenceNote) return null;
  return (
    <p className="muted small" role="note" data-testid="token-note">
      {info.tokenPersistenceNote[locale]}
    </p>
  );
}
