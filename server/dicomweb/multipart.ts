import crypto from 'node:crypto';
import { Readable } from 'node:stream';

/** One part of a multipart/related response: its Content-Type and a body produced lazily. */
export interface Part {
  contentType: string;
  extraHeaders?: Record<string, string>;
  body: () => Promise<Uint8Array | AsyncIterable<Uint8Array>>;
}

export function newBoundary(): string {
  return `teleread-${crypto.randomBytes(16).toString('hex')}`;
}

/**
 * Streams parts one after another: each part's body is opened only when the previous one has been
 * written, so a 300-instance series never sits in memory.
 */
export function multipartStream(boundary: string, parts: AsyncIterable<Part> | Iterable<Part>): Readable {
  async function* gen() {
    for await (const part of parts) {
      const headers = Object.entries({ 'Content-Type': part.contentType, ...(part.extraHeaders ?? {}) })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      yield Buffer.from(`--${boundary}\r\n${headers}\r\n`);
      const body = await part.body();
      if (body instanceof Uint8Array) yield body;
      else for await (const chunk of body) yield chunk;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return Readable.from(gen(), { objectMode: false });
}

export function multipartContentType(type: string, boundary: string, transferSyntax?: string): string {
  return `multipart/related; type="${type}"; boundary=${boundary}${transferSyntax ? `; transfer-syntax=${transferSyntax}` : ''}`;
}
