import { useCallback, useEffect, useMemo, useState } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { ViewerPage } from './components/ViewerPage.js';
import { nextWaitingStudy, usePrefetchNext } from './data/usePrefetchNext.js';

/**
 * The viewer inside the signed-in shell (route `#/viewer/:studyUid`): the token comes from the
 * shell's session (refreshed there), the hub from the same settings main.tsx uses ('' = this origin).
 */
export function ViewerRoute({ studyUid, onClose }: { studyUid: string; onClose(): void }) {
  const client = useClient();
  const [hubUrl, setHubUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    resolvePlatform()
      .getSettings()
      .then(
        (s) => live && setHubUrl(s.hubUrl ?? ''),
        () => live && setHubUrl(''),
      );
    return () => {
      live = false;
    };
  }, []);
  const source = useMemo(
    () => (hubUrl === null ? null : { root: `${hubUrl.replace(/\/$/, '')}/dicomweb`, getToken: async () => (await client.session.accessToken()) ?? '' }),
    [hubUrl, client],
  );
  // The next waiting task's first images, fetched while this one is read; cancelled on navigation.
  const nextStudy = useCallback((current: string) => nextWaitingStudy(client, current), [client]);
  usePrefetchNext(nextStudy, source, studyUid);
  if (hubUrl === null) return null;
  return (
    <div style={{ height: 'calc(100vh - 96px)', minHeight: 400 }}>
      <ViewerPage studyUid={studyUid} hubUrl={hubUrl} getToken={async () => (await client.session.accessToken()) ?? ''} onClose={onClose} />
    </div>
  );
}
