import type { UserSummary } from '../../../../shared/api/auth.js';
import { useT } from '../../i18n/I18nProvider.js';
import { permissionSummary } from './permissions.js';

export function PermissionsPanel(props: { user: UserSummary }) {
  const t = useT();
  const { user } = props;
  return (
    <section className="panel" aria-labelledby="perms-title">
      <h2 id="perms-title">{t('home.perms.title')}</h2>
      <ul className="perm-list" data-testid="permissions">
        {permissionSummary(user.role).map((line) => {
          const allowed = line.scope !== 'none';
          return (
            <li key={line.label} className={allowed ? 'perm allowed' : 'perm denied'}>
              <span className="perm-mark" aria-label={allowed ? t('home.perms.allowed') : t('home.perms.denied')} role="img">
                {allowed ? '✓' : '–'}
              </span>
              <span className="perm-label">{t(line.label)}</span>
              <span className="perm-scope muted">
                {line.scope === 'all' ? t('perm.scope.all') : line.scope === 'own' ? t('perm.scope.own', { site: user.siteName }) : ''}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="muted small">{t('home.perms.note')}</p>
    </section>
  );
}
