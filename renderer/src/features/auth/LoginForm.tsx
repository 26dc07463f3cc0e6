import { useState, type FormEvent } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';

export interface Prefill {
  username: string;
  password: string;
}

/**
 * User name + password. The error stays until the next attempt; the button is off while waiting.
 * A prefill (demo account picked) puts the focus on the button, so Enter signs in.
 */
export function LoginForm(props: { initialError: unknown; prefill: Prefill | null }) {
  const t = useT();
  const client = useClient();
  const [username, setUsername] = useState(props.prefill?.username ?? '');
  const [password, setPassword] = useState(props.prefill?.password ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shownError = error ?? (props.initialError && !props.prefill ? describeError(props.initialError, t) : null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting) return;
    if (!username.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await client.login(username.trim(), password);
      // The session listener switches to the signed-in shell; this component unmounts.
    } catch (err) {
      setError(describeError(err, t));
      setSubmitting(false);
    }
  }

  return (
    <form className="login-form" onSubmit={onSubmit} noValidate aria-describedby={shownError ? 'login-error' : undefined}>
      <label htmlFor="login-username">{t('login.username')}</label>
      <input
        id="login-username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus={!props.prefill}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        disabled={submitting}
      />
      <label htmlFor="login-password">{t('login.password')}</label>
      <input
        id="login-password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        disabled={submitting}
      />
      <div id="login-error" className="form-error" role="alert" aria-live="assertive" data-testid="login-error">
        {shownError}
      </div>
      <button type="submit" autoFocus={!!props.prefill} className="primary" disabled={submitting} aria-busy={submitting}>
        {submitting ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
