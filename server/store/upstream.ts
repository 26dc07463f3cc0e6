import crypto from 'node:crypto';
import { ApiError } from '../http/errors.js';

/**
 * A DICOMweb PACS behind the hub (`PACS_DICOMWEB_URL`, credentials in `PACS_AUTH` as
 * `basic:user:pass` or `bearer:token`). Responses are streamed through, never buffered whole.
 * Network failures and 5xx answers become `upstream_unavailable` (502).
 */
export class UpstreamClient {
  readonly base: string;
  readonly displayUrl: string;
  private readonly authorization: string | undefined;

  /** `timeoutMs`: connect + answer bound for one request (STOW gets four times as long), `TELEREAD_PACS_TIMEOUT_SECONDS`. */
  constructor(url: string, auth: string | undefined, readonly timeoutMs = 30_000) {
    this.base = url.replace(/\/+$/, '');
    const u = new URL(this.base);
    u.username = '';
    u.password = '';
    this.displayUrl = u.toString().replace(/\/+$/, '');
    this.authorization = parseAuth(auth);
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.authorization ? { authorization: this.authorization } : {}), ...extra };
  }

  /**
   * GET/POST `base + rel` (rel starts with `/`). Throws ApiError(502, upstream_unavailable) when the
   * PACS cannot be reached. `timeoutMs` bounds the wait for the answer's headers and then each
   * silence in its body (a large study on a slow link is not cut while bytes keep coming; a PACS
   * that stops sending is). `init.signal`, when given, bounds the whole exchange instead.
   */
  async fetch(rel: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit; signal?: AbortSignal } = {}): Promise<Response> {
    const idle = new AbortController();
    let timer = setTimeout(() => idle.abort(new Error('upstream timeout')), this.timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.base + rel, {
        method: init.method ?? 'GET',
        headers: this.headers(init.headers),
        body: init.body,
        signal: init.signal ?? idle.signal,
        ...(init.body && typeof init.body === 'object' && 'getReader' in init.body ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch {
      throw new ApiError(502, 'upstream_unavailable');
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 500 || res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      throw new ApiError(502, 'upstream_unavailable');
    }
    if (init.signal || !res.body) return res;
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new Error('upstream stopped sending')), this.timeoutMs);
    };
    rearm();
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          rearm();
          out.enqueue(chunk);
        },
        flush: () => clearTimeout(timer),
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }

  async json<T>(rel: string): Promise<T> {
    const res = await this.fetch(rel, { headers: { accept: 'application/dicom+json' } });
    if (res.status === 204 || res.status === 404) return [] as unknown as T;
    if (!res.ok) throw new ApiError(502, 'upstream_unavailable');
    const text = await res.text();
    return (text ? JSON.parse(text) : []) as T;
  }

  async health(): Promise<boolean> {
    try {
      const res = await this.fetch('/studies?limit=1', { headers: { accept: 'application/dicom+json' }, signal: AbortSignal.timeout(5000) });
      await res.body?.cancel().catch(() => undefined);
      return res.ok || res.status === 204;
    } catch {
      return false;
    }
  }

  /** STOW-RS of whole Part-10 files; returns the upstream's status and its DICOM JSON reply. */
  async stow(files: Uint8Array[]): Promise<{ status: number; body: Record<string, { Value?: unknown[] }> }> {
    const boundary = `teleread-${crypto.randomBytes(12).toString('hex')}`;
    const chunks: Uint8Array[] = [];
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), f, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.fetch('/studies', {
      method: 'POST',
      headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
      body: Buffer.concat(chunks),
      signal: AbortSignal.timeout(this.timeoutMs * 4),
    });
    const text = await res.text();
    let body: Record<string, { Value?: unknown[] }> = {};
    try {
      body = text ? (JSON.parse(text) as typeof body) : {};
    } catch {
      body = {};
    }
    return { status: res.status, body };
  }
}

function parseAuth(auth: string | undefined): string | undefined {
  if (!auth) return undefined;
  const i = auth.indexOf(':');
  const kind = i < 0 ? auth : auth.slice(0, i);
  const rest = i < 0 ? '' : auth.slice(i + 1);
  if (kind === 'basic') return `Basic ${Buffer.from(rest).toString('base64')}`;
  if (kind === 'bearer') return `Bearer ${rest}`;
  throw new Error('PACS_AUTH must be "basic:user:pass" or "bearer:token"');
}
