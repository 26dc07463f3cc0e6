import { DicomUid } from '../../shared/api/ipc.js';

/**
 * Deep links `teleread://study/<StudyInstanceUID>` (from a hospital system, a chat message or an
 * e-mail) open a study. They arrive as a command-line argument (Windows, Linux; via
 * `second-instance` when the app already runs) or through `open-url` (macOS). The UID is
 * validated here; the renderer still checks access with the hub as for any other study.
 */
export const DEEP_LINK_SCHEME = 'teleread';

export function parseStudyDeepLink(link: string): string | null {
  // Matched on the raw text, not a parsed URL: URL parsing would quietly resolve `..` segments.
  const match = /^teleread:\/\/study\/([0-9.]+?)\/?$/i.exec(link.trim());
  if (!match) return null;
  return DicomUid.safeParse(match[1]).success ? match[1] : null;
}

/** The first study deep link among command-line arguments, if any. */
export function findStudyDeepLink(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const uid = parseStudyDeepLink(arg);
    if (uid) return uid;
  }
  return null;
}

/**
 * Holds the latest link until the renderer subscribes (its first `take()`), then pushes later
 * ones. A reload resubscribes; `reset()` makes links wait again meanwhile.
 */
export function createDeepLinkQueue(send: (studyUid: string) => boolean) {
  let pending: string | null = null;
  let subscribed = false;
  return {
    /** `send` returns false when no window can receive; the link then waits to be taken. */
    open(studyUid: string) {
      if (!subscribed || !send(studyUid)) pending = studyUid;
    },
    take(): string | null {
      subscribed = true;
      const uid = pending;
      pending = null;
      return uid;
    },
    reset() {
      subscribed = false;
    },
  };
}
