import type { UserSummary } from '../../../../shared/api/auth.js';
import { useT } from '../../i18n/I18nProvider.js';
import { HubStatus } from './HubStatus.js';
import { PermissionsPanel } from './PermissionsPanel.js';
import { SitesTable } from './SitesTable.js';

/**
 * The landing page for every role: who you are and what you do, the alliance's sites and your
 * access to each, your permissions, and the hub's health. The worklist (readers) and the township
 * inbox take the main area as those features arrive.
 */
export function HomePage(props: { user: UserSummary }) {
  const t = useT();
  const { user } = props;
  return (
    <div className="home">
      <section className="home-intro" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.welcome', { name: user.displayName })}</h1>
        <p className="muted">{t('home.roleAt', { role: t(`role.${user.role}`), site: user.siteName })}</p>
        <p>{t(`home.focus.${user.role}`)}</p>
      </section>
      <div className="home-grid">
        <section className="panel wide" aria-labelledby="sites-title">
          <h2 id="sites-title">{t('home.sites.title')}</h2>
          <SitesTable user={user} />
        </section>
        <PermissionsPanel user={user} />
        <HubStatus />
      </div>
    </div>
  );
}
