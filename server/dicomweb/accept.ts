import { NATIVE_SYNTAXES, SYNTAX_MEDIA_TYPE, TS } from './dicom/codes.js';

/** One media range of an Accept header, with parameters unquoted and lower-cased names. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

/**
 * Parses an Accept header robustly: quoted or unquoted `type` and `transfer-syntax`, several media
 * ranges, q-values, and the form that puts the transfer syntax inside the quoted type
 * (`type="application/octet-stream; transfer-syntax=…"`). Sorted by q, highest first.
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  const ranges: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    const [type, ...rawParams] = splitOutsideQuotes(part, ';');
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const i = p.indexOf('=');
      if (i < 0) continue;
      params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
    }
    if (params.type?.includes(';')) {
      const [inner, ...innerParams] = params.type.split(';').map((x) => x.trim());
      params.type = inner;
      for (const p of innerParams) {
        const i = p.indexOf('=');
        if (i > 0 && !params[p.slice(0, i).trim().toLowerCase()]) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
      }
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    ranges.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1 });
  }
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
}

export interface FrameEncoding {
  mediaType: string;
  transferSyntax: string;
}

/**
 * Chooses how to send the frames of an instance stored in `storedTs`. Native pixel data always
 * goes out as Explicit VR Little Endian (big endian is byte-swapped). Compressed pixel data goes
 * out as stored (`transfer-syntax=*`, its own media type, or no preference); the hub does not
 * transcode, so a request that insists on uncompressed data for a compressed instance gets null (406).
 */
export function negotiateFrames(accept: string | undefined, storedTs: string): FrameEncoding | null {
  const native = NATIVE_SYNTAXES.has(storedTs);
  const asStored: FrameEncoding = native
    ? { mediaType: 'application/octet-stream', transferSyntax: TS.explicitLE }
    : { mediaType: 'application/octet-stream', transferSyntax: storedTs };
  const ranges = parseAccept(accept);
  if (!ranges.length) return asStored;
  for (const r of ranges) {
    const inner = r.type === 'multipart/related' ? (r.params.type ?? '*/*').toLowerCase() : r.type;
    const ts = r.params['transfer-syntax'];
    if (inner === '*/*' || inner === 'multipart/*') {
      if (!ts || ts === '*' || ts === storedTs) return asStored;
      continue;
    }
    if (inner === 'application/octet-stream') {
      if (ts === '*') return asStored;
      if (native && (!ts || ts === TS.explicitLE || ts === TS.implicitLE)) return asStored;
      if (!native && ts === storedTs) return asStored;
      continue;
    }
    const media = SYNTAX_MEDIA_TYPE[storedTs];
    if (media && (inner === media || inner === 'image/*') && (!ts || ts === '*' || ts === storedTs)) return { mediaType: media, transferSyntax: storedTs };
  }
  return null;
}
