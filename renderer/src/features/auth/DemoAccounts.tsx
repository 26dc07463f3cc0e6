import { useT } from '../../i18n/I18nProvider.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demoAccounts.js';

/** Clicking an account fills the form; the user still presses 登录 (nothing signs in by itself). */
export function DemoAccounts(props: { onPick(username: string, password: string): void }) {
  const t = useT();
  return (
    <section className="demo-accounts" aria-labelledby="demo-title" data-testid="demo-accounts">
      <h2 id="demo-title">{t('login.demoTitle')}</h2>
      <p className="muted">{t('login.demoPassword', { password: DEMO_PASSWORD })}</p>
      <ul>
        {DEMO_ACCOUNTS.map((a) => (
          <li key={a.username}>
            <button
              type="button"
              className="link-button"
              aria-label={t('login.demoUse', { username: a.username })}
              onClick={() => props.onPick(a.username, DEMO_PASSWORD)}
            >
              <code>{a.username}</code>
            </button>
            <span className="muted">{t(`role.${a.role}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
