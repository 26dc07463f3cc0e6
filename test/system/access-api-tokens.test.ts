import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { buildRouteTable } from '../../server/app.js';
import { TokenSigner } from '../../server/auth/tokens.js';
import { startHub, type HubUnderTest } from './dicomweb-harness.js';

/**
 * The API half of the access matrix for tokens: every non-public route of the hub's route table ×
 * every role × an expired token (valid signature, past expiry) and a forged one (the role's real
 * claims signed with another secret): 401 with the right code, and one `denied` audit row naming
 * the route and the reason. (No token and wrong role per route: test/suites/hub-core.suite.ts;
 * DICOMweb paths × sites: access-dicomweb.test.ts.)
 */
const USER: Record<Role, string> = { radiologist: 'rad1', senior_radiologist: 'rad2', ecg_reader: 'ecg1', township_staff: 'town1', supervisor: 'admin' };
let h: HubUnderTest;

beforeAll(async () => {
  h = await startHub();
});
afterAll(async () => {
  await h?.close();
});

describe('API access matrix: expired and forged tokens on every route', () => {
  it('every non-public route × role × expired/forged token: 401 with its code, audited', async () => {
    const secret = h.hub.config.tokenSecret;
    if (!secret) throw new Error('the test hub has no token secret');
    const signer = new TokenSigner(secret);
    const forger = new TokenSigner('not-the-hub-secret-'.padEnd(48, 'f'));
    const routes = buildRouteTable().filter((r) => r.access !== 'public');
    const failures: string[] = [];
    let cases = 0;
    const denied = async () => (await h.hub.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'"))[0].n;
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        for (const role of ROLES) {
          const claims = JSON.parse(Buffer.from(h.tokens[USER[role]].split('.')[0], 'base64url').toString()) as { sub: string; sid: string; iat: number; exp: number };
          const tokens = { token_expired: signer.sign({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }), token_invalid: forger.sign(claims) };
          for (const [code, token] of Object.entries(tokens)) {
            cases++;
            const before = await denied();
            const res = await h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
            const label = `${method} ${route.id} as ${role} with ${code}`;
            if (res.statusCode !== 401) failures.push(`${label}: ${res.statusCode}`);
            else if (res.json().error?.code !== code) failures.push(`${label}: code ${res.json().error?.code}`);
            if ((await denied()) - before !== 1) failures.push(`${label}: not audited once`);
            else {
              const row = (await h.hub.db.query<{ action: string; detail: { reason?: string } }>("SELECT action, detail FROM audit_log WHERE outcome = 'denied' ORDER BY seq DESC LIMIT 1"))[0];
              if (row.action !== route.id || row.detail?.reason !== code) failures.push(`${label}: audit row ${JSON.stringify(row)}`);
            }
          }
        }
      }
    }
    console.log(`API token matrix: ${routes.length} routes × ${ROLES.length} roles × 2 bad tokens = ${cases} cases`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(routes.length * ROLES.length * 2);
  });
});
