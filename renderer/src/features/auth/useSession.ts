import { useEffect, useState } from 'react';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { ApiClient } from '../../api/client.js';
import type { ApiError } from '../../api/errors.js';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signedOut'; reason: ApiError | null }
  | { status: 'signedIn'; user: UserSummary };

/**
 * Follows the client's session. On start it resumes from the stored refresh token, if any
 * (page reload, desktop restart); a failure there simply shows the login page with the reason.
 */
export function useSession(client: ApiClient, loadRefreshToken: () => Promise<string | null>): SessionState {
  const [state, setState] = useState<SessionState>(() =>
    client.session.currentUser ? { status: 'signedIn', user: client.session.currentUser } : { status: 'restoring' },
  );

  useEffect(() => {
    const unsubscribe = client.session.subscribe((user, reason) =>
      setState(user ? { status: 'signedIn', user } : { status: 'signedOut', reason }),
    );
    if (!client.session.signedIn) {
      loadRefreshToken()
        .catch(() => null)
        .then((token) => (token ? client.session.resume(token) : null))
        .then(
          (user) => setState(user ? { status: 'signedIn', user } : { status: 'signedOut', reason: null }),
          (reason: ApiError) => setState({ status: 'signedOut', reason }),
        );
    }
    return unsubscribe;
  }, [client, loadRefreshToken]);

  return state;
}
