import { useCallback, useMemo } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { ViewerPage } from './components/ViewerPage.js';
import { nextWaitingStudy, usePrefetchNext } from './data/usePrefetchNext.js';
import { shellDicomweb } from './warm.js';

/**
 * The viewer inside the signed-in shell (route `#/viewer/:studyUid`): the token comes from the
 * shell's session (refreshed there), the hub is the API client's ('' = this origin).
 */
export function ViewerRoute({ studyUid, onClose }: { studyUid: string; onClose(): void }) {
  const client = useClient();
  const getToken = useCallback(async () => (await client.session.accessToken()) ?? '', [client]);
  const source = useMemo(() => shellDicomweb(client), [client]);
  // The next waiting task's first images, fetched while this one is read; cancelled on navigation.
  const nextStudy = useCallback((current: string) => nextWaitingStudy(client, current), [client]);
  usePrefetchNext(nextStudy, source, studyUid);
  return (
    <div style={{ height: 'calc(100vh - 96px)', minHeight: 400 }}>
      <ViewerPage studyUid={studyUid} hubUrl={client.baseUrl} getToken={getToken} onClose={onClose} />
    </div>
  );
}
