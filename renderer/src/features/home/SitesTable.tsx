import type { Site, UserSummary } from '../../../../shared/api/auth.js';
import { useHubQuery } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { siteAccess } from './permissions.js';

/** The alliance's member sites, with what this user may see at each. */
export function SitesTable(props: { user: UserSummary }) {
  const t = useT();
  const [locale] = useLocale();
  const sites = useHubQuery((c) => c.sites());
  const { user } = props;

  if (sites.loading && !sites.data) return <p className="muted" role="status">{t('home.sites.loading')}</p>;
  if (sites.error !== null && !sites.data) {
    return (
      <div className="banner error" role="alert">
        <span>{describeError(sites.error, t)}</span>
        <button type="button" onClick={sites.reload}>
          {t('home.sites.retry')}
        </button>
      </div>
    );
  }
  const list = sortSites(sites.data ?? []);
  if (!list.length) return <p className="muted">{t('home.sites.empty')}</p>;

  return (
    <table className="dense-table" data-testid="sites-table">
      <caption className="visually-hidden">{t('home.sites.caption', { count: list.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('home.sites.code')}</th>
          <th scope="col">{t('home.sites.name')}</th>
          <th scope="col">{t('home.sites.kind')}</th>
          <th scope="col">{t('home.sites.status')}</th>
          <th scope="col">{t('home.sites.access')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((site) => {
          const own = site.id === user.siteId;
          const access = siteAccess(user.role, user.siteId, site.id);
          return (
            <tr key={site.id} className={own ? 'own-row' : undefined}>
              <td>
                <code>{site.code}</code>
              </td>
              <th scope="row">
                {locale === 'en' && site.nameEn ? site.nameEn : site.name}
                {own && <span className="tag">{t('home.sites.yours')}</span>}
              </th>
              <td>{t(`home.sites.kind.${site.kind}`)}</td>
              <td>
                <span className={site.active ? 'status ok' : 'status off'}>{site.active ? t('home.sites.active') : t('home.sites.inactive')}</span>
              </td>
              <td className={access === 'all' ? undefined : 'muted'}>{t(`home.sites.access.${access}`)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** County hospital first, then townships by code (stable, like the alliance's own lists). */
function sortSites(sites: Site[]): Site[] {
  return [...sites].sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'county' ? -1 : 1));
}
