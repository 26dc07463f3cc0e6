import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../shared/api/auth.js';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { buildApp, buildRouteTable, createHub } from '../../server/app.js';
import { TokenSigner } from '../../server/auth/tokens.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { schemaVersion, migrate } from '../../server/db/migrate.js';
import { MIGRATIONS } from '../../server/db/migrations/index.js';
import { DEMO_USERS, seedDemoAccounts } from '../../server/demo/accounts.js';
import type { Hub } from '../../server/hub.js';

/**
 * Accounts, sessions, access and audit, run unchanged against PGlite (npm test) and a real
 * PostgreSQL 15 (npm run test:system): one schema, one behaviour.
 */
export function defineHubCoreSuite(label: string, openDb: () => Promise<Database>) {
  describe(`hub core on ${label}`, () => {
    const SECRET = 'test-secret-'.padEnd(48, 'x');
    let db: Database;
    let hub: Hub;
    let app: FastifyInstance;
    let dataDir: string;
    let ipCounter = 10;
    const freshIp = () => `10.0.0.${ipCounter++}`;

    beforeAll(async () => {
      db = await openDb();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-core-'));
      const config = loadConfig({}, { dataDir, demo: true, tokenSecret: SECRET, accessTokenTtlSeconds: 600 });
      hub = await createHub(config, {
        db,
        throttle: { accountMaxFailures: 5, accountLockMinutes: 15, addressMaxFailures: 8, addressWindowMinutes: 15, addressBlockMinutes: 15 },
      });
      await seedDemoAccounts(hub);
      ({ app } = await buildApp(hub));
    });

    afterAll(async () => {
      await app?.close();
      await db?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const login = (username: string, password = 'demo', ip = '127.0.0.1', lang?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        remoteAddress: ip,
        headers: lang ? { 'accept-language': lang } : {},
      });
    const tokenOf = async (username: string) => {
      const res = await login(username);
      expect(res.statusCode, res.body).toBe(200);
      return LoginResponse.parse(res.json());
    };
    const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const auditRows = async (where: string, params: unknown[] = []) => db.query<Record<string, unknown>>(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq`, params);

    it('migrates from empty to the latest schema, and a second run changes nothing', async () => {
      expect(await schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
      const before = await db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version');
      await migrate(db);
      expect(await db.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(before);
      const tables = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['sites', 'users', 'sessions', 'refresh_tokens', 'audit_log']));
    });

    it('seeding demo accounts twice adds nothing the second time', async () => {
      expect(await seedDemoAccounts(hub)).toEqual({ sitesCreated: 0, usersCreated: 0 });
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(n[0].n).toBe(DEMO_USERS.length);
      const s = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sites');
      expect(s[0].n).toBe(3);
    });

    it('signs in with the right password and answers /api/auth/me', async () => {
      const pair = await tokenOf('rad1');
      expect(pair.user).toMatchObject({ username: 'rad1', role: 'radiologist', siteCode: 'QSX-RMYY' });
      const me = await get('/api/auth/me', pair.accessToken);
      expect(me.statusCode).toBe(200);
      expect(me.json().displayName).toBe('王磊');
      const rows = await auditRows("action = 'auth.login' AND outcome = 'allowed' AND username = 'rad1'");
      expect(rows.length).toBeGreaterThan(0);
    });

    it('refuses a wrong password or unknown user with the same 401, in the caller’s language, and audits both', async () => {
      const ip = freshIp();
      const wrong = await login('rad2', 'nope', ip);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error).toEqual({ code: 'bad_credentials', message: '用户名或密码错误。' });
      const unknown = await login('nobody', 'nope', ip, 'en-US,en;q=0.9');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.message).toBe('Wrong user name or password.');
      const rows = await auditRows("action = 'auth.login' AND outcome = 'denied' AND ip = $1", [ip]);
      expect(rows.map((r) => (r.detail as { reason: string }).reason)).toEqual(['bad_password', 'unknown_user']);
      await login('rad2', 'demo', freshIp()); // reset rad2's failure count
    });

    it('locks an account after repeated failures, says for how long, and a password reset lifts it', async () => {
      const admin = await tokenOf('admin');
      const sites = (await get('/api/sites', admin.accessToken)).json() as Array<{ id: string; code: string }>;
      const made = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { authorization: `Bearer ${admin.accessToken}` },
        payload: { username: 'ecg9', displayName: '周医生', role: 'ecg_reader', siteId: sites.find((s) => s.code === 'QSX-RMYY')!.id, password: 'first-password' },
      });
      expect(made.statusCode).toBe(201);
      const ip = freshIp();
      for (let i = 0; i < 5; i++) expect((await login('ecg9', `bad${i}`, ip)).statusCode).toBe(401);
      const locked = await login('ecg9', 'first-password', freshIp());
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error.code).toBe('account_locked');
      expect(locked.json().error.message).toMatch(/已锁定.*1[45] 分钟/);
      const reset = await app.inject({
        method: 'POST',
        url: `/api/users/${made.json().id}/password`,
        headers: { authorization: `Bearer ${admin.accessToken}` },
        payload: { password: 'a-new-long-password' },
      });
      expect(reset.statusCode).toBe(200);
      expect((await login('ecg9', 'a-new-long-password', freshIp())).statusCode).toBe(200);
    });

    it('throttles an address that keeps failing, across user names, without affecting other addresses', async () => {
      const ip = freshIp();
      for (let i = 0; i < 8; i++) await login(`ghost${i}`, 'x', ip);
      const blocked = await login('rad1', 'demo', ip);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('too_many_attempts');
      expect((await login('rad1', 'demo', freshIp())).statusCode).toBe(200);
    });

    it('refuses missing, forged and expired access tokens with distinct codes, and audits the refusals', async () => {
      expect((await get('/api/auth/me')).json().error.code).toBe('unauthenticated');
      const pair = await tokenOf('town1');
      const [body] = pair.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
      const forged = new TokenSigner('another-secret-'.padEnd(40, 'y')).sign({ ...claims });
      const forgedRes = await get('/api/auth/me', forged);
      expect(forgedRes.statusCode).toBe(401);
      expect(forgedRes.json().error.code).toBe('token_invalid');
      const expired = new TokenSigner(SECRET).sign({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 });
      const expiredRes = await get('/api/auth/me', expired);
      expect(expiredRes.statusCode).toBe(401);
      expect(expiredRes.json().error.code).toBe('token_expired');
      const rows = await auditRows("action = 'auth.me' AND outcome = 'denied'");
      expect(rows.map((r) => (r.detail as { reason: string }).reason)).toEqual(expect.arrayContaining(['unauthenticated', 'token_invalid', 'token_expired']));
    });

    it('rotates refresh tokens; reusing an old one revokes the whole session', async () => {
      const first = await tokenOf('town2');
      const r1 = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
      expect(r1.statusCode).toBe(200);
      const second = LoginResponse.parse(r1.json());
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await get('/api/auth/me', second.accessToken)).statusCode).toBe(200);
      // Replayed from another address: a leak, not a lost answer.
      const replay = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken }, remoteAddress: freshIp() });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe('refresh_reused');
      const after = await get('/api/auth/me', second.accessToken);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('session_revoked');
      const again = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: second.refreshToken } });
      expect(again.json().error.code).toBe('refresh_invalid');
    });

    it('a refresh whose answer was lost (page reloaded) may be retried from the same address within the grace; the unseen successor is retired', async () => {
      const refresh = (refreshToken: string, remoteAddress = '127.0.0.1') =>
        app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken }, remoteAddress });
      const first = await tokenOf('town2');
      const lost = await refresh(first.refreshToken); // the answer never reached the page
      expect(lost.statusCode).toBe(200);
      const retry = await refresh(first.refreshToken);
      expect(retry.statusCode, retry.body).toBe(200);
      const kept = LoginResponse.parse(retry.json());
      expect(kept.refreshToken).not.toBe(lost.json().refreshToken);
      expect((await get('/api/auth/me', kept.accessToken)).statusCode).toBe(200);
      const retried = await auditRows("action = 'auth.refresh' AND outcome = 'allowed' AND detail->>'reason' = 'retry_after_lost_answer'");
      expect(retried.length).toBeGreaterThanOrEqual(1);
      // The chain goes on from the retry's token…
      const next = await refresh(kept.refreshToken);
      expect(next.statusCode).toBe(200);
      // …and once that successor has been used, the first token again is reuse: the session is revoked.
      const late = await refresh(first.refreshToken);
      expect(late.json().error.code).toBe('refresh_reused');
      expect((await get('/api/auth/me', LoginResponse.parse(next.json()).accessToken)).json().error.code).toBe('session_revoked');

      // The retired successor, if it ever turns up, is reuse too.
      const a = await tokenOf('town2');
      const lostA = LoginResponse.parse((await refresh(a.refreshToken)).json());
      const retryA = LoginResponse.parse((await refresh(a.refreshToken)).json());
      expect((await refresh(lostA.refreshToken)).json().error.code).toBe('refresh_reused');
      expect((await get('/api/auth/me', retryA.accessToken)).json().error.code).toBe('session_revoked');

      // After the grace the same retry is reuse.
      const b = await tokenOf('town2');
      expect((await refresh(b.refreshToken)).statusCode).toBe(200);
      const sid = (JSON.parse(Buffer.from(b.accessToken.split('.')[0], 'base64url').toString()) as { sid: string }).sid;
      await db.query("UPDATE refresh_tokens SET used_at = used_at - interval '11 seconds' WHERE session_id = $1 AND used_at IS NOT NULL", [sid]);
      expect((await refresh(b.refreshToken)).json().error.code).toBe('refresh_reused');
    });

    it('logout revokes the access and refresh tokens of that session only', async () => {
      const a = await tokenOf('rad2');
      const b = await tokenOf('rad2');
      const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${a.accessToken}` } });
      expect(out.statusCode).toBe(200);
      expect((await get('/api/auth/me', a.accessToken)).json().error.code).toBe('session_revoked');
      expect((await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: a.refreshToken } })).statusCode).toBe(401);
      expect((await get('/api/auth/me', b.accessToken)).statusCode).toBe(200);
    });

    it('administers sites and users with validation, and disabling a user signs it out at once', async () => {
      const admin = await tokenOf('admin');
      const auth = { authorization: `Bearer ${admin.accessToken}` };
      const bad = await app.inject({ method: 'POST', url: '/api/users', headers: auth, payload: { username: 'x', role: 'wizard' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation_failed');
      const site = await app.inject({ method: 'POST', url: '/api/sites', headers: auth, payload: { code: 'QSX-NSZ', name: '南山镇卫生院', kind: 'township' } });
      expect(site.statusCode).toBe(201);
      const dupSite = await app.inject({ method: 'POST', url: '/api/sites', headers: auth, payload: { code: 'qsx-nsz', name: 'dup', kind: 'township' } });
      expect(dupSite.statusCode).toBe(409);
      const sites = (await get('/api/sites', admin.accessToken)).json() as Array<{ id: string; code: string }>;
      const county = sites.find((s) => s.code === 'QSX-RMYY')!;
      const wrongSite = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: auth,
        payload: { username: 'nurse9', displayName: '护士', role: 'township_staff', siteId: county.id, password: 'long-enough-pw' },
      });
      expect(wrongSite.statusCode).toBe(400);
      expect(wrongSite.json().error.code).toBe('township_needs_township_site');
      const created = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: auth,
        payload: { username: 'nurse9', displayName: '孙护士', role: 'township_staff', siteId: site.json().id, password: 'long-enough-pw' },
      });
      expect(created.statusCode).toBe(201);
      const dup = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: auth,
        payload: { username: 'NURSE9', displayName: 'x', role: 'township_staff', siteId: site.json().id, password: 'long-enough-pw' },
      });
      expect(dup.statusCode).toBe(409);
      const nurse = await login('nurse9', 'long-enough-pw', freshIp());
      expect(nurse.statusCode).toBe(200);
      const nurseToken = nurse.json().accessToken;
      const disable = await app.inject({ method: 'PATCH', url: `/api/users/${created.json().id}`, headers: auth, payload: { active: false } });
      expect(disable.statusCode).toBe(200);
      expect((await get('/api/auth/me', nurseToken)).statusCode).toBe(401);
      const relogin = await login('nurse9', 'long-enough-pw', freshIp());
      expect(relogin.statusCode).toBe(403);
      expect(relogin.json().error.code).toBe('account_disabled');
      const self = await app.inject({ method: 'PATCH', url: `/api/users/${admin.user.id}`, headers: auth, payload: { active: false } });
      expect(self.json().error.code).toBe('cannot_disable_self');
      const rows = await auditRows("action IN ('users.create', 'users.update', 'sites.create') AND username = 'admin'");
      expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['users.create', 'users.update', 'sites.create']));
    });

    it('demo passwords work only while the hub runs in demo mode', async () => {
      const prodHub = await createHub(loadConfig({}, { dataDir, demo: false, tokenSecret: SECRET }), { db });
      const { app: prodApp } = await buildApp(prodHub);
      const res = await prodApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rad1', password: 'demo' }, remoteAddress: freshIp() });
      expect(res.statusCode).toBe(401);
      await prodApp.close();
    });

    it('access matrix: every route × every role — no token is 401, a role outside the rule is 403, both audited', async () => {
      // Logout revokes the caller's session, so it goes last.
      const routes = buildRouteTable().sort((a, b) => Number(a.id === 'auth.logout') - Number(b.id === 'auth.logout'));
      const tokens = new Map<Role, string>();
      const byRole: Record<Role, string> = { radiologist: 'rad1', senior_radiologist: 'rad2', ecg_reader: 'ecg1', township_staff: 'town1', supervisor: 'admin' };
      for (const role of ROLES) tokens.set(role, (await tokenOf(byRole[role])).accessToken);
      const failures: string[] = [];
      for (const route of routes) {
        expect(route.access, `${route.id} declares no access rule`).toBeDefined();
        const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) {
          const anon = await app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
          if (route.access === 'public') {
            if (anon.statusCode === 401) failures.push(`${route.id}: public route refused anonymously`);
            continue;
          }
          if (anon.statusCode !== 401) failures.push(`${method} ${url}: anonymous got ${anon.statusCode}`);
          for (const role of ROLES) {
            const res = await app.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(role)}` }, payload: method === 'GET' ? undefined : {} });
            const allowedByTable = route.access.roles === 'any' || route.access.roles.includes(role);
            if (!allowedByTable && res.statusCode !== 403) failures.push(`${method} ${url} as ${role}: expected 403, got ${res.statusCode}`);
            if (allowedByTable && (res.statusCode === 401 || res.statusCode === 403)) failures.push(`${method} ${url} as ${role}: allowed by the table but got ${res.statusCode}`);
          }
        }
      }
      expect(failures).toEqual([]);
      const denied = await auditRows("action = 'audit.query' AND outcome = 'denied' AND role = 'township_staff'");
      expect(denied.length).toBeGreaterThan(0);
    });

    it('supervisors query the audit trail by user and action; others cannot', async () => {
      const admin = await tokenOf('admin');
      const res = await get('/api/audit?username=rad1&action=auth.login&limit=5', admin.accessToken);
      expect(res.statusCode).toBe(200);
      const rows = res.json() as Array<{ username: string; action: string; seq: number }>;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.username === 'rad1' && r.action === 'auth.login')).toBe(true);
      expect(rows[0].seq).toBeGreaterThan(rows[rows.length - 1].seq);
      const town = await tokenOf('town1');
      expect((await get('/api/audit', town.accessToken)).statusCode).toBe(403);
    });

    it('publishes every route in /api/openapi.json', async () => {
      const res = await get('/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { paths: Record<string, Record<string, { operationId: string }>> };
      const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((op) => op.operationId));
      for (const r of buildRouteTable()) expect(ids).toContain(r.id);
    });

    it('the audit trail is append-only, and tampering is found at the first broken link', async () => {
      const admin = await tokenOf('admin');
      const clean = await get('/api/audit/verify', admin.accessToken);
      expect(clean.json()).toMatchObject({ ok: true, firstBrokenSeq: null });
      expect(clean.json().checked).toBeGreaterThan(20);
      await expect(db.query("UPDATE audit_log SET username = 'someone' WHERE seq = 3")).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
      // A database owner can still switch the guard off; the chain shows it.
      await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await db.query("UPDATE audit_log SET detail = '{\"forged\": true}' WHERE seq = 5");
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      const broken = await hub.audit.verify();
      expect(broken).toMatchObject({ ok: false, firstBrokenSeq: 5 });
      expect(broken.reason).toMatch(/altered/);
    });
  });
}
