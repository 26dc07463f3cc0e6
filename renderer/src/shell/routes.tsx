import { lazy, Suspense, type ReactNode } from 'react';
import type { UserSummary } from '../../../shared/api/auth.js';
import type { Role } from '../../../shared/domain/roles.js';
import { HomePage } from '../features/home/HomePage.js';
import { SupervisorPage } from '../features/supervisor/SupervisorPage.js';
import { AlertsPage } from '../features/township/AlertsPage.js';
import { InboxPage } from '../features/township/InboxPage.js';
import { UploadPage } from '../features/township/UploadPage.js';
import { WorklistPage } from '../features/worklist/WorklistPage.js';
import type { MessageKey } from '../i18n/translate.js';
import type { RouteDef } from './router.js';

export interface RouteContext {
  user: UserSummary;
  params: Record<string, string>;
  navigate(path: string): void;
}

/** One view of the signed-in app. Feature folders add theirs to ROUTES (one entry each). */
export interface AppRoute extends RouteDef<Role> {
  id: string;
  /** Label in the top bar's navigation; views opened from elsewhere (viewer) have none. */
  navLabel?: MessageKey;
  render(ctx: RouteContext): ReactNode;
}

// The viewer (Cornerstone, codecs: megabytes) loads on first use, not with the login page.
const ViewerRoute = lazy(() => import('../features/viewer/ViewerRoute.js').then((m) => ({ default: m.ViewerRoute })));

// The ECG reading screen, also on first use.
const EcgRoute = lazy(() => import('../features/ecg/EcgRoute.js').then((m) => ({ default: m.EcgRoute })));

// Viewer and report panel side by side (issue 7); lazy like the viewer.
const ReadLayout = lazy(() => import('../features/report/ReadLayout.js').then((m) => ({ default: m.ReadLayout })));

/** First match wins; an unknown path or a view the role may not open shows the home page. */
export const ROUTES: readonly AppRoute[] = [
  { id: 'home', path: '/', navLabel: 'nav.home', render: ({ user }) => <HomePage user={user} /> },
  {
    id: 'worklist',
    path: '/worklist',
    navLabel: 'nav.worklist',
    roles: ['radiologist', 'senior_radiologist', 'ecg_reader', 'supervisor'],
    render: ({ user, navigate }) => <WorklistPage user={user} navigate={navigate} />,
  },
  {
    id: 'viewer',
    path: '/viewer/:studyUid',
    render: ({ params, navigate }) => (
      <Suspense fallback={null}>
        <ViewerRoute studyUid={params.studyUid} onClose={() => navigate('/worklist')} />
      </Suspense>
    ),
  },
  {
    id: 'ecg',
    path: '/ecg/:studyUid',
    render: ({ params, navigate }) => (
      <Suspense fallback={null}>
        <EcgRoute studyUid={params.studyUid} onClose={() => navigate('/worklist')} />
      </Suspense>
    ),
  },
  {
    id: 'read',
    path: '/read/:studyUid',
    roles: ['radiologist', 'senior_radiologist', 'ecg_reader', 'supervisor'],
    render: ({ params, navigate }) => (
      <Suspense fallback={null}>
        <ReadLayout studyUid={params.studyUid} onClose={() => navigate('/worklist')} />
      </Suspense>
    ),
  },
  { id: 'inbox', path: '/inbox', navLabel: 'nav.inbox', roles: ['township_staff'], render: () => <InboxPage /> },
  { id: 'upload', path: '/upload', navLabel: 'nav.upload', roles: ['township_staff'], render: () => <UploadPage /> },
  { id: 'township-alerts', path: '/alerts', navLabel: 'nav.alerts', roles: ['township_staff'], render: () => <AlertsPage /> },
  { id: 'supervision', path: '/supervision', navLabel: 'nav.supervision', roles: ['supervisor'], render: () => <SupervisorPage /> },
];
