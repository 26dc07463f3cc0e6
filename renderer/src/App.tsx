import { useCallback } from 'react';
import { ClientProvider } from './api/ClientContext.js';
import type { ApiClient } from './api/client.js';
import { LoginPage } from './features/auth/LoginPage.js';
import { useSession } from './features/auth/useSession.js';
import { useT } from './i18n/I18nProvider.js';
import type { TeleReadBridge } from './platform/bridge.js';
import { AppShell } from './shell/AppShell.js';

export interface AppProps {
  client: ApiClient;
  platform: TeleReadBridge;
  hubUrl: string | null;
}

/** Restoring → login page or the signed-in shell; the session listener drives the switch. */
export function App(props: AppProps) {
  const { client, platform } = props;
  const loadRefreshToken = useCallback(() => platform.loadRefreshToken(), [platform]);
  const session = useSession(client, loadRefreshToken);
  return (
    <ClientProvider client={client}>
      {session.status === 'restoring' && <Restoring />}
      {session.status === 'signedOut' && <LoginPage reason={session.reason} hubUrl={props.hubUrl} platform={platform} />}
      {session.status === 'signedIn' && (
        <AppShell user={session.user} />
      )}
    </ClientProvider>
  );
}

function Restoring() {
  const t = useT();
  return (
    <div className="login-page" data-theme="dark">
      <p className="muted" role="status">
        {t('login.restoring')}
      </p>
    </div>
  );
}
