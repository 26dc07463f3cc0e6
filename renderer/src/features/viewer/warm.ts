import { useEffect } from 'react';
import type { ApiClient } from '../../api/client.js';
import type { DicomwebSource } from './data/dicomweb.js';
import { warmStudy } from './data/studyWarmup.js';

/**
 * What the worklist does ahead of the reading screen so opening a study does not wait for it
 * (issue 6, time to first image): the screen's code (lazily loaded: Cornerstone and its codecs are
 * megabytes) while the reader looks at the queue, and the study's series list and main series
 * metadata from the double-click on, in parallel with the claim round trip. Small on purpose: the
 * worklist imports this module, not the viewer.
 */

let codeRequested = false;

/** Loads the reading screen's code (viewer, report panel) into the module cache; once per page. */
export function preloadReadingScreen(): void {
  if (codeRequested) return;
  codeRequested = true;
  // The same modules routes.tsx and ReadLayout import lazily: the bundler serves them from the same chunks.
  Promise.all([import('./ViewerRoute.js'), import('../report/ReadLayout.js')]).catch(() => {
    codeRequested = false; // offline for a moment: the route's own import tries again
  });
}

/** Preloads the reading screen's code when the browser is idle (readers only: `enabled`). */
export function usePreloadReadingScreen(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || codeRequested) return;
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number }).requestIdleCallback;
    if (idle) {
      const handle = idle(preloadReadingScreen, { timeout: 2000 });
      return () => (globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback?.(handle);
    }
    const timer = setTimeout(preloadReadingScreen, 500);
    return () => clearTimeout(timer);
  }, [enabled]);
}

/** The hub's DICOMweb through the shell's session (the client's hub URL, read once at start; '' = this origin). */
export function shellDicomweb(client: ApiClient): DicomwebSource {
  return { root: `${client.baseUrl}/dicomweb`, getToken: async () => (await client.session.accessToken()) ?? '' };
}

/** A study is about to be opened for reading: its code and its series metadata start now (best effort). */
export function warmReading(client: ApiClient, studyUid: string): void {
  preloadReadingScreen();
  warmStudy(shellDicomweb(client), studyUid);
}
