import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { pool } from './stats.js';

/** One DICOMweb endpoint (the hub's /dicomweb or Orthanc's /dicom-web) with its Authorization. */
export interface Endpoint {
  label: string;
  root: string;
  authorization: string;
}

export const ANY_TS = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

async function get(ep: Endpoint, rel: string, accept: string): Promise<number> {
  const res = await fetch(ep.root + rel, { headers: { authorization: ep.authorization, accept } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${ep.label} GET ${rel}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return body.byteLength;
}

/** Frame 1 of every instance (a CT slice is one frame), `transfer-syntax=*`, `concurrency` in flight. */
export async function fetchFrames(ep: Endpoint, s: { study: string; series: string; sops: readonly string[] }, concurrency: number): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const t0 = performance.now();
  await pool(s.sops, concurrency, async (sop) => {
    const n = await get(ep, `/studies/${s.study}/series/${s.series}/instances/${sop}/frames/1`, ANY_TS);
    bytes += n;
  });
  return { ms: performance.now() - t0, bytes };
}

/** The series metadata (DICOM JSON), parsed to count instances. */
export async function fetchSeriesMetadata(ep: Endpoint, s: { study: string; series: string }): Promise<{ ms: number; bytes: number; instances: number }> {
  const t0 = performance.now();
  const res = await fetch(`${ep.root}/studies/${s.study}/series/${s.series}/metadata`, { headers: { authorization: ep.authorization, accept: 'application/dicom+json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${ep.label} metadata: ${res.status} ${text.slice(0, 300)}`);
  const instances = (JSON.parse(text) as unknown[]).length;
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), instances };
}

/** STOW-RS of `files` to `/studies` in sequential POSTs of `batch` instances; throws unless every instance is stored. */
export async function stowFiles(ep: Endpoint, files: readonly Uint8Array[], batch: number): Promise<{ ms: number }> {
  const t0 = performance.now();
  for (let i = 0; i < files.length; i += batch) {
    const { body, contentType } = stowBody(files.slice(i, i + batch));
    const res = await fetch(`${ep.root}/studies`, {
      method: 'POST',
      headers: { authorization: ep.authorization, 'content-type': contentType, accept: 'application/dicom+json' },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${ep.label} STOW: ${res.status} ${text.slice(0, 400)}`);
    const json = JSON.parse(text) as Record<string, { Value?: unknown[] }>;
    const stored = json['00081199']?.Value?.length ?? 0;
    if (stored !== Math.min(batch, files.length - i)) throw new Error(`${ep.label} STOW stored ${stored} of ${Math.min(batch, files.length - i)}: ${text.slice(0, 400)}`);
  }
  return { ms: performance.now() - t0 };
}

/** Signs in to a hub and returns the Bearer token. */
export async function login(hubUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export const hubEndpoint = (label: string, hubUrl: string, token: string): Endpoint => ({ label, root: `${hubUrl}/dicomweb`, authorization: `Bearer ${token}` });
export const orthancEndpoint = (label: string, dicomweb: string, user: string, password: string): Endpoint => ({
  label,
  root: dicomweb,
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
