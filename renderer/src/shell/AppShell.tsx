import type { UserSummary } from '../../../shared/api/auth.js';
import { CriticalAlertModal } from '../features/critical/AlertModal.js';
import { themeForRole } from '../features/home/permissions.js';
import { useAwayReportWatch } from '../features/township/useAwayReportWatch.js';
import { useT } from '../i18n/I18nProvider.js';
import { useDesktopT } from './desktopI18n.js';
import { resolveRoute } from './router.js';
import { ROUTES } from './routes.js';
import { TopBar } from './TopBar.js';
import { useAttentionClearedOnSignOut, useOpenedFilesRoute } from './useDesktopWiring.js';
import { useRoute } from './useRoute.js';

/** The signed-in frame: top bar and the current view; dark for readers, light for township and office. */
export function AppShell(props: { user: UserSummary }) {
  const t = useT();
  const { user } = props;
  const [path, navigate] = useRoute();
  const match = resolveRoute(ROUTES, path, user.role) ?? { route: ROUTES[0], params: {} };
  const nav = ROUTES.filter((r) => r.navLabel && (!r.roles || r.roles.includes(user.role)));
  const tDesk = useDesktopT();
  const opened = useOpenedFilesRoute(user.role, navigate);
  useAttentionClearedOnSignOut();
  useAwayReportWatch(user.role === 'township_staff' && match.route.id !== 'inbox');
  return (
    <div className="app-shell" data-theme={themeForRole(user.role)}>
      {/* Not href="#main": the hash is the route. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('shell.skipToContent')}
      </button>
      <TopBar user={user} nav={nav} currentId={match.route.id} navigate={navigate} />
      <main id="main" className="app-main" tabIndex={-1}>
        {opened.notice !== null && (
          <p className="banner warning" role="alert" data-testid="opened-files-notice">
            {tDesk('desk.opened.notTownship', { count: opened.notice })}
            <button type="button" onClick={opened.dismiss}>
              {tDesk('desk.opened.dismiss')}
            </button>
          </p>
        )}
        {match.route.render({ user, params: match.params, navigate })}
      </main>
      {user.role === 'township_staff' && <CriticalAlertModal />}
    </div>
  );
}
