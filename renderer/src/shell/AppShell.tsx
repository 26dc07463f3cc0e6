import type { ReactNode } from 'react';
import type { UserSummary } from '../../../shared/api/auth.js';
import { themeForRole } from '../features/home/permissions.js';
import { useT } from '../i18n/I18nProvider.js';
import { TopBar } from './TopBar.js';

/** The signed-in frame: top bar and the page; dark for readers, light for township and office. */
export function AppShell(props: { user: UserSummary; children: ReactNode }) {
  const t = useT();
  return (
    <div className="app-shell" data-theme={themeForRole(props.user.role)}>
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <TopBar user={props.user} />
      <main id="main" className="app-main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
