import { useState } from 'react';
import type { UserSummary } from '../../../shared/api/auth.js';
import { useClient } from '../api/ClientContext.js';
import { useT } from '../i18n/I18nProvider.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import type { AppRoute } from './routes.js';

/** Product, the views of this role, who is signed in (name, role, site), language, sign-out. */
export function TopBar(props: { user: UserSummary; nav: readonly AppRoute[]; currentId: string; navigate(path: string): void }) {
  const t = useT();
  const client = useClient();
  const [leaving, setLeaving] = useState(false);
  const { user } = props;

  async function logout() {
    setLeaving(true);
    // The client forgets the session even when the hub cannot be reached; the session listener
    // then shows the login page, so there is nothing to do on failure here.
    await client.logout().catch(() => undefined);
  }

  return (
    <header className="top-bar">
      <div className="top-bar-brand">
        <span className="brand-mark small" aria-hidden="true">
          TR
        </span>
        <span className="product-name">{t('app.name')}</span>
      </div>
      {props.nav.length > 1 && (
        <nav className="top-bar-nav" aria-label={t('shell.mainNav')}>
          {props.nav.map((r) => (
            <a
              key={r.id}
              href={`#${r.path}`}
              aria-current={r.id === props.currentId ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                props.navigate(r.path);
              }}
            >
              {t(r.navLabel!)}
            </a>
          ))}
        </nav>
      )}
      <div className="top-bar-user" role="group" aria-label={t('shell.user')}>
        <span className="user-name" data-testid="user-name">
          {user.displayName}
        </span>
        <span className="role-badge" data-testid="user-role">
          {t(`role.${user.role}`)}
        </span>
        <span className="site-name" data-testid="user-site" title={t('shell.site')}>
          {user.siteName}
        </span>
      </div>
      <div className="top-bar-actions">
        <LanguageSwitch />
        <button type="button" onClick={logout} disabled={leaving} data-testid="logout">
          {leaving ? t('shell.loggingOut') : t('shell.logout')}
        </button>
      </div>
    </header>
  );
}
