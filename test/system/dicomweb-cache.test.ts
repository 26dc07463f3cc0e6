import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataFile, dicomFiles } from '../harness/testdata.js';
import { startOrthanc, type OrthancServer } from '../harness/orthanc.js';
import { ANY_TS, stow, uids } from './dicomweb-conformance.js';
import { startHub, type HubUnderTest } from './dicomweb-harness.js';

/**
 * The frame route's memos (server/auth/sessionCache.ts, server/dicomweb/cache.ts) against a real
 * upstream PACS: a warm cache answers without touching the database, and still refuses at once a
 * session that was logged out, disabled, re-roled or revoked straight in the database.
 */
let orthanc: OrthancServer;
let h: HubUnderTest;
const ct = dicomFiles('ct-series').slice(0, 3);
const cts = ct.map((f) => uids(fs.readFileSync(f)));
const dx = uids(fs.readFileSync(dataFile('radiograph/dx-for-presentation-small.dcm')));
const frameUrl = (u: { study: string; series: string; sop: string }, frame = 1) =>
  `/dicomweb/studies/${u.study}/series/${u.series}/instances/${u.sop}/frames/${frame}`;

beforeAll(async () => {
  process.env.TELEREAD_PACS_POLL_SECONDS = '0';
  orthanc = await startOrthanc();
  h = await startHub({ pacsDicomwebUrl: orthanc.dicomweb, pacsAuth: orthanc.pacsAuth });
  expect((await stow(h, 'town1', ct)).status).toBe(200);
  expect((await stow(h, 'town1', [dataFile('radiograph/dx-for-presentation-small.dcm')])).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await orthanc?.stop();
});

async function login(username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function frame(token: string, u: { study: string; series: string; sop: string }, n = 1): Promise<number> {
  const res = await fetch(h.url + frameUrl(u, n), { headers: { authorization: `Bearer ${token}`, accept: ANY_TS } });
  await res.arrayBuffer();
  return res.status;
}

const userId = async (username: string) => (await h.hub.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0].id;
const LOOKUPS = /FROM sessions|FROM studies|FROM series|FROM instances/;

describe('frame requests with warm caches', () => {
  it('answer from memory once warm, and keep refusing other sites and foreign or missing frames', async () => {
    const token = await login('rad1');
    for (const u of cts) expect(await frame(token, u)).toBe(200);
    const spy = vi.spyOn(h.hub.db, 'query');
    try {
      for (const u of cts) expect(await frame(token, u)).toBe(200);
      expect(spy.mock.calls.map((c) => String(c[0])).filter((sql) => LOOKUPS.test(sql))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    // Frame number beyond the instance, and an instance of another study named under this series.
    expect(await frame(token, cts[0], 2)).toBe(404);
    expect(await frame(token, { ...cts[0], sop: dx.sop })).toBe(404);

    // town1 (own site) warms the same study; town2 (another township) is still refused, and audited, every time.
    expect(await frame(h.tokens.town1, cts[0])).toBe(200);
    const denials = async () => Number((await h.hub.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE username = 'town2' AND outcome = 'denied'"))[0].n);
    const before = await denials();
    for (let i = 0; i < 3; i++) expect(await frame(h.tokens.town2, cts[0])).toBe(404);
    expect((await denials()) - before).toBe(3);
  });

  it('refuses a logged-out session on the very next request', async () => {
    const token = await login('rad1');
    expect(await frame(token, cts[0])).toBe(200);
    expect(await frame(token, cts[1])).toBe(200);
    const out = await fetch(`${h.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(200);
    expect(await frame(token, cts[2])).toBe(401);
  });

  it('refuses at once after the account is disabled or its role changed by a supervisor', async () => {
    const id = await userId('rad2');
    const patch = (body: object) =>
      fetch(`${h.url}/api/users/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    let token = await login('rad2');
    expect(await frame(token, cts[0])).toBe(200);
    expect((await patch({ active: false })).status).toBe(200);
    expect(await frame(token, cts[0])).toBe(401);
    expect((await patch({ active: true })).status).toBe(200);

    token = await login('rad2');
    expect(await frame(token, cts[0])).toBe(200);
    expect((await patch({ role: 'radiologist' })).status).toBe(200);
    expect(await frame(token, cts[0])).toBe(401);
  });

  it('refuses at once a session revoked straight in the database (another hub, the admin CLI): the trigger NOTIFY empties the memo', async () => {
    const token = await login('rad1');
    expect(await frame(token, cts[0])).toBe(200);
    expect(h.hub.auth.sessions.size).toBeGreaterThan(0);
    await h.hub.db.query(
      "UPDATE sessions SET revoked_at = now(), revoked_reason = 'test' WHERE id = (SELECT id FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1)",
      [await userId('rad1')],
    );
    expect(await frame(token, cts[0])).toBe(401);
    // A user disabled in the database without touching the sessions: refused too (403).
    const t2 = await login('rad1');
    expect(await frame(t2, cts[0])).toBe(200);
    await h.hub.db.query("UPDATE users SET active = false WHERE username = 'rad1'");
    try {
      expect(await frame(t2, cts[0])).toBe(403);
    } finally {
      await h.hub.db.query("UPDATE users SET active = true WHERE username = 'rad1'");
    }
  });
});
