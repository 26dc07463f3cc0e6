import { useCallback, useEffect, useState } from 'react';
import type { Role } from '../../../shared/domain/roles.js';
import { reportAttention } from '../platform/attention.js';
import { openedFilesQueue, type OpenedFilesQueue } from '../platform/openedFiles.js';

/** Where files opened with the desktop app go: township staff to the upload screen, others are told. */
export function openedFilesAction(role: Role): 'upload' | 'tell' {
  return role === 'township_staff' ? 'upload' : 'tell';
}

/**
 * `.dcm` files opened with the desktop app while another screen is shown: township staff are
 * switched to `#/upload`, which takes them from the queue; other roles get a notice (the files
 * keep waiting for a township user). Returns the count to tell about (null: nothing to tell).
 */
export function useOpenedFilesRoute(role: Role, navigate: (path: string) => void, queue: OpenedFilesQueue = openedFilesQueue()) {
  const [notice, setNotice] = useState<number | null>(null);
  useEffect(
    () =>
      queue.onWaiting((count) => {
        if (openedFilesAction(role) === 'upload') navigate('/upload');
        else setNotice(count);
      }),
    [queue, role, navigate],
  );
  const dismiss = useCallback(() => setNotice(null), []);
  return { notice, dismiss };
}

/** Signing out clears the tray/badge counts: the next user of the PC must not see the last one's. */
export function useAttentionClearedOnSignOut(): void {
  useEffect(
    () => () => {
      reportAttention('alerts', 0);
      reportAttention('reports', 0);
    },
    [],
  );
}
