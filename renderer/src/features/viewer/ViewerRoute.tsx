import { useCallback, useMemo } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { useHubBase } from '../report/useHubBase.js';
import { ViewerPage } from './components/ViewerPage.js';
import { nextWaitingStudy, usePrefetchNext } from './data/usePrefetchNext.js';

/**
 * The viewer inside the signed-in shell (route `#/viewer/:studyUid`): the token comes from the
 * shell's session (refreshed there), the hub from the platform settings main.tsx uses ('' = this origin).
 */
export function ViewerRoute({ studyUid, onClose }: { studyUid: string; onClose(): void }) {
  const client = useClient();
  const hubUrl = useHubBase();
  const getToken = useCallback(async () => (await client.session.accessToken()) ?? '', [client]);
  const source = useMemo(() => (hubUrl === null ? null : { root: `${hubUrl.replace(/\/$/, '')}/dicomweb`, getToken }), [hubUrl, getToken]);
  // The next waiting task's first images, fetched while this one is read; cancelled on navigation.
  const nextStudy = useCallback((current: string) => nextWaitingStudy(client, current), [client]);
  usePrefetchNext(nextStudy, source, studyUid);
  if (hubUrl === null) return null;
  return (
    <div style={{ height: 'calc(100vh - 96px)', minHeight: 400 }}>
      <ViewerPage studyUid={studyUid} hubUrl={hubUrl} getToken={getToken} onClose={onClose} />
    </div>
  );
}
