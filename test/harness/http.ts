import { stowBody } from '../../shared/dicomweb/stow-body.js';

/** Small fetch helpers for tests that drive a hub over HTTP (child processes, proxies). */
export async function login(baseUrl: string, username: string, password = 'demo'): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

export interface JsonReply {
  status: number;
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of API JSON
  text: string;
}

export async function api(baseUrl: string, token: string, method: string, rel: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonReply> {
  const r = await fetch(baseUrl + rel, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // not JSON (PDF, multipart): the caller reads text
  }
  return { status: r.status, json, text };
}

export async function stow(baseUrl: string, token: string, files: Uint8Array[]): Promise<JsonReply> {
  const { body, contentType } = stowBody(files);
  const r = await fetch(`${baseUrl}/dicomweb/studies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/dicom+json' }, body });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : {}, text };
}

/** Polls `fn` until it returns a value other than undefined/false, or throws after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, ms = 20_000, every = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
