import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { bridgeErrorMessage, normaliseHubAddress } from './hubAddress.js';

/**
 * Desktop only: which hub to sign in to (the shell saves it; null until the user picks one).
 * After a change the page reloads so the client, and the shell's CSP, use the new hub.
 */
export function HubPicker(props: { current: string | null; setHub(hub: string): Promise<{ hubUrl: string }>; onCancel?: () => void }) {
  const t = useT();
  const [address, setAddress] = useState(props.current ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(hub: string) {
    setBusy(true);
    setError(null);
    try {
      await props.setHub(hub);
      window.location.reload();
    } catch (err) {
      setError(t('hub.failed', { detail: bridgeErrorMessage(err) }));
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const url = normaliseHubAddress(address);
    if (!url) {
      setError(t('hub.invalid'));
      return;
    }
    void choose(url);
  }

  return (
    <section className="hub-picker" aria-labelledby="hub-picker-title" data-testid="hub-picker">
      <h2 id="hub-picker-title" className="login-title">
        {t('hub.title')}
      </h2>
      <form className="login-form" onSubmit={onSubmit} noValidate>
        <label htmlFor="hub-address">{t('hub.address')}</label>
        <input
          id="hub-address"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoFocus
          placeholder={t('hub.placeholder')}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          disabled={busy}
        />
        <div className="form-error" role="alert" aria-live="assertive" data-testid="hub-error">
          {error}
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? t('hub.connecting') : t('hub.connect')}
          </button>
          {props.onCancel && (
            <button type="button" onClick={props.onCancel} disabled={busy}>
              {t('hub.cancel')}
            </button>
          )}
        </div>
      </form>
      <div className="demo-accounts">
        <button type="button" onClick={() => void choose('demo')} disabled={busy} data-testid="hub-demo">
          {t('hub.demo')}
        </button>
        <p className="muted small">{t('hub.demoHint')}</p>
      </div>
    </section>
  );
}
