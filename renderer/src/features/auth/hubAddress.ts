import { HubUrl } from '../../../../shared/api/ipc.js';

/**
 * What the user typed as the hub address → the URL to save, or null when it cannot be one.
 * Township IT often writes just `192.168.1.10:8642`, so a missing scheme means http://.
 * Credentials in the URL are refused (they would be saved in clear in the settings file).
 */
export function normaliseHubAddress(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  if (!HubUrl.safeParse(withScheme).success) return null;
  const url = new URL(withScheme);
  // Keep a path prefix (hub behind a reverse proxy), drop query, fragment and trailing slashes.
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Electron wraps main-process errors as "Error invoking remote method 'x': Error: <message>". */
export function bridgeErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
