/** Reading a STOW-RS reply (PS3.18 §10.5.3): which instances the hub stored and which it refused. */
export interface StowOutcome {
  stored: Set<string>;
  failed: Map<string, string>;
  /** Failures the hub could not tie to a SOP Instance UID (unparseable parts), in request order. */
  anonymousFailures: string[];
}

type Json = Record<string, { Value?: unknown[] } | undefined>;

const FAILURE_TEXT: Record<number, string> = {
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
  0x0110: 'processing failure',
  0x0122: 'SOP class not supported',
  0xc122: 'transfer syntax not supported',
};

const first = (item: Json, tag: string): unknown => item[tag]?.Value?.[0];

export function parseStowReply(body: unknown): StowOutcome {
  const out: StowOutcome = { stored: new Set(), failed: new Map(), anonymousFailures: [] };
  if (!body || typeof body !== 'object') return out;
  const root = body as Json;
  for (const item of (root['00081199']?.Value ?? []) as Json[]) {
    const uid = first(item, '00081155');
    if (typeof uid === 'string') out.stored.add(uid);
  }
  for (const item of (root['00081198']?.Value ?? []) as Json[]) {
    const code = Number(first(item, '00081197'));
    const comment = first(item, '00000902');
    const text = typeof comment === 'string' && comment ? comment : (FAILURE_TEXT[code] ?? 'refused');
    const reason = Number.isFinite(code) ? `${text} (0x${code.toString(16).toUpperCase().padStart(4, '0')})` : text;
    const uid = first(item, '00081155');
    if (typeof uid === 'string') out.failed.set(uid, reason);
    else out.anonymousFailures.push(reason);
  }
  return out;
}
