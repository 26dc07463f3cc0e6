import { z } from 'zod';
import { Site } from '../../../../shared/api/auth.js';
import { Catalogue, MetricsReport, RegisterRow, type CatalogueUpdate } from '../../../../shared/api/critical.js';
import type { CriticalDomain } from '../../../../shared/critical/types.js';
import type { ApiClient } from '../../api/client.js';
import { clientError, errorFromResponse } from '../../api/errors.js';

/** The supervisor's calls (server/critical/README.md), typed by shared/api/critical.ts. */
export function registerRows(client: ApiClient, query: string): Promise<RegisterRow[]> {
  return client.request('GET', `/api/critical/register?${query}`, { schema: z.array(RegisterRow), auth: true });
}

export function metrics(client: ApiClient, query: string): Promise<MetricsReport> {
  return client.request('GET', `/api/critical/metrics?${query}`, { schema: MetricsReport, auth: true });
}

export function sites(client: ApiClient): Promise<Site[]> {
  return client.request('GET', '/api/sites', { schema: z.array(Site), auth: true });
}

export function catalogue(client: ApiClient, domain: CriticalDomain, version?: number): Promise<Catalogue> {
  return client.request('GET', `/api/critical/catalogue?domain=${domain}${version ? `&version=${version}` : ''}`, { schema: Catalogue, auth: true });
}

export function publishCatalogue(client: ApiClient, body: CatalogueUpdate): Promise<Catalogue> {
  return client.request('PUT', '/api/critical/catalogue', { schema: Catalogue, auth: true, body });
}

/**
 * The register as CSV or PDF, saved through a blob: link (the hub sends it as an attachment; a
 * plain link would not carry the session's token). Returns the file name used.
 */
export async function downloadRegister(client: ApiClient, query: string, format: 'csv' | 'pdf', locale: string): Promise<string> {
  const token = await client.session.accessToken();
  if (!token) throw clientError('session_ended');
  let res: Response;
  try {
    res = await fetch(`${client.baseUrl}/api/critical/register?${query}${query ? '&' : ''}format=${format}`, {
      headers: { Authorization: `Bearer ${token}`, 'Accept-Language': locale },
    });
  } catch (err) {
    throw clientError('hub_unreachable', err);
  }
  if (!res.ok) throw errorFromResponse(res.status, await res.json().catch(() => undefined));
  const blob = new Blob([await res.arrayBuffer()], { type: format === 'pdf' ? 'application/pdf' : 'text/csv;charset=utf-8' });
  const name = `critical-register-${new Date().toISOString().slice(0, 10)}.${format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
