/**
 * Whether a load failure is worth a retry by the user: the hub or its PACS is temporarily unable to
 * answer (502/503/504 — `upstream_unavailable`, a restart, a proxy timeout) or the network dropped
 * (fetch TypeError, HTTP 0). A refusal (401/403/404) or a frame that does not decode is not.
 * `reason` is what `describeLoadError` or `DicomwebError` gave (e.g. "HTTP 502").
 */
export function isTemporaryFailure(reason: string): boolean {
  return /\bHTTP (0|502|503|504)\b|upstream_unavailable|Failed to fetch|NetworkError|network error|ECONNRESET|ECONNREFUSED/i.test(reason);
}
