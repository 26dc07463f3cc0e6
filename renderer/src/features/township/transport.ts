import type { ApiClient } from '../../api/client.js';
import { ConnectionLost, type StowTransport } from './uploader.js';

async function token(client: ApiClient): Promise<string> {
  const t = await client.session.accessToken();
  if (!t) throw new ConnectionLost('session ended');
  return t;
}

/**
 * STOW-RS with XMLHttpRequest (upload progress events) and QIDO with fetch, with the session's
 * token, to the hub the API client talks to (`client.baseUrl`: the desktop's hub setting read at
 * start, '' for this page's origin).
 */
export function browserTransport(client: ApiClient): StowTransport {
  const base = client.baseUrl;
  return {
    async existing(studyUid) {
      let res: Response;
      try {
        res = await fetch(`${base}/dicomweb/studies/${encodeURIComponent(studyUid)}/instances?includefield=00080018`, {
          headers: { Accept: 'application/dicom+json', Authorization: `Bearer ${await token(client)}` },
        });
      } catch (err) {
        throw new ConnectionLost(err instanceof Error ? err.message : 'network error');
      }
      if (res.status >= 500) throw new ConnectionLost(`HTTP ${res.status}`);
      if (res.status === 204 || res.status === 404) return new Set();
      if (!res.ok) throw new Error(`QIDO HTTP ${res.status}`);
      const text = await res.text();
      const list = text ? (JSON.parse(text) as Array<Record<string, { Value?: unknown[] }>>) : [];
      return new Set(list.map((d) => d['00080018']?.Value?.[0]).filter((v): v is string => typeof v === 'string'));
    },
    async stow(body, contentType, onProgress) {
      const bearer = await token(client);
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${base}/dicomweb/studies`);
        xhr.setRequestHeader('Content-Type', contentType);
        xhr.setRequestHeader('Accept', 'application/dicom+json');
        xhr.setRequestHeader('Authorization', `Bearer ${bearer}`);
        xhr.upload.onprogress = (e) => onProgress(e.loaded);
        xhr.onerror = () => reject(new ConnectionLost('network error'));
        xhr.ontimeout = () => reject(new ConnectionLost('timeout'));
        xhr.onabort = () => reject(new ConnectionLost('aborted'));
        xhr.onload = () => {
          let parsed: unknown = null;
          let message: string | undefined;
          try {
            parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
            const err = (parsed as { error?: { message?: string } } | null)?.error;
            if (err?.message) message = err.message;
          } catch {
            parsed = null;
          }
          resolve({ status: xhr.status, body: parsed, message });
        };
        // A Blob body is streamed from the files it is made of (stowParts.ts).
        xhr.send(body);
      });
    },
  };
}
