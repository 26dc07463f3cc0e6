import type { CreateSiteRequest, CreateUserRequest, Site, UpdateUserRequest, UserSummary } from '../../shared/api/auth.js';
import type { Principal } from '../access/policy.js';
import type { AuditActor } from '../audit/log.js';
import { hashPassword } from '../auth/passwords.js';
import { principalActor, toUserSummary, type RequestMeta } from '../auth/service.js';
import type { Database, Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';
import type { Hub } from '../hub.js';

/** Who did it: a signed-in supervisor, or the operator at the server's command line. */
export type Actor = Principal | 'cli';

function actorFields(actor: Actor, meta?: RequestMeta): AuditActor {
  if (actor === 'cli') return { username: 'cli', role: 'operator', ip: 'local' };
  return { ...principalActor(actor), ip: meta?.ip ?? null };
}

interface SiteRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  kind: 'county' | 'township';
  active: boolean;
}
const toSite = (r: SiteRow): Site => ({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en, kind: r.kind, active: r.active });

const USER_SUMMARY_SQL = `SELECT u.id, u.username, u.display_name, u.role, u.site_id, s.code AS site_code, s.name AS site_name, u.active
  FROM users u JOIN sites s ON s.id = u.site_id`;

export async function listSites(db: Queryable): Promise<Site[]> {
  return (await db.query<SiteRow>('SELECT * FROM sites ORDER BY kind, code')).map(toSite);
}

export async function findSiteByCode(db: Queryable, code: string): Promise<Site | undefined> {
  const r = (await db.query<SiteRow>('SELECT * FROM sites WHERE lower(code) = lower($1)', [code]))[0];
  return r ? toSite(r) : undefined;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export async function createSite(hub: Pick<Hub, 'db' | 'audit'>, actor: Actor, meta: RequestMeta | undefined, req: CreateSiteRequest): Promise<Site> {
  return hub.db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM sites WHERE lower(code) = lower($1)', [req.code])).length) {
      throw new ApiError(409, 'site_code_taken', { code: req.code });
    }
    const row = (
      await tx.query<SiteRow>('INSERT INTO sites (code, name, name_en, kind) VALUES ($1, $2, $3, $4) RETURNING *', [
        req.code,
        req.name,
        req.nameEn ?? null,
        req.kind,
      ])
    )[0];
    await hub.audit.record({ ...actorFields(actor, meta), action: 'sites.create', outcome: 'allowed', resource: `site:${row.id}`, detail: { code: req.code, kind: req.kind } }, tx);
    return toSite(row);
  });
}

export async function updateSite(
  hub: Pick<Hub, 'db' | 'audit'>,
  actor: Actor,
  meta: RequestMeta | undefined,
  id: string,
  patch: { name?: string; nameEn?: string | null; active?: boolean },
): Promise<Site> {
  return hub.db.transaction(async (tx) => {
    const row = (
      await tx.query<SiteRow>(
        `UPDATE sites SET name = COALESCE($2, name), name_en = CASE WHEN $3::boolean THEN $4 ELSE name_en END,
           active = COALESCE($5, active) WHERE id = $1 RETURNING *`,
        [id, patch.name ?? null, patch.nameEn !== undefined, patch.nameEn ?? null, patch.active ?? null],
      )
    )[0];
    if (!row) throw new ApiError(404, 'not_found');
    await hub.audit.record({ ...actorFields(actor, meta), action: 'sites.update', outcome: 'allowed', resource: `site:${id}`, detail: patch }, tx);
    return toSite(row);
  });
}

export async function listUsers(db: Queryable): Promise<UserSummary[]> {
  return (await db.query<Parameters<typeof toUserSummary>[0]>(`${USER_SUMMARY_SQL} ORDER BY u.username`)).map(toUserSummary);
}

async function userSummary(db: Queryable, id: string): Promise<UserSummary> {
  const r = (await db.query<Parameters<typeof toUserSummary>[0]>(`${USER_SUMMARY_SQL} WHERE u.id = $1`, [id]))[0];
  if (!r) throw new ApiError(404, 'not_found');
  return toUserSummary(r);
}

async function checkSiteForRole(tx: Queryable, role: string, siteId: string) {
  const site = (await tx.query<SiteRow>('SELECT * FROM sites WHERE id = $1 AND active', [siteId]))[0];
  if (!site) throw new ApiError(400, 'unknown_site');
  if (role === 'township_staff' && site.kind !== 'township') throw new ApiError(400, 'township_needs_township_site');
}

/**
 * Creates an account. `passwordHash` lets the demo seeder store a pre-marked hash; everyone else
 * passes a password.
 */
export async function createUser(
  hub: Pick<Hub, 'db' | 'audit'>,
  actor: Actor,
  meta: RequestMeta | undefined,
  req: CreateUserRequest,
  opts: { passwordHash?: string; tx?: Queryable } = {},
): Promise<UserSummary> {
  const hash = opts.passwordHash ?? (await hashPassword(req.password));
  const run = async (tx: Queryable) => {
    await checkSiteForRole(tx, req.role, req.siteId);
    if ((await tx.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [req.username])).length) {
      throw new ApiError(409, 'username_taken', { username: req.username });
    }
    let id: string;
    try {
      id = (
        await tx.query<{ id: string }>(
          'INSERT INTO users (username, display_name, role, site_id, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [req.username, req.displayName, req.role, req.siteId, hash],
        )
      )[0].id;
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'username_taken', { username: req.username });
      throw err;
    }
    await hub.audit.record(
      { ...actorFields(actor, meta), action: 'users.create', outcome: 'allowed', resource: `user:${id}`, detail: { username: req.username, role: req.role, siteId: req.siteId } },
      tx,
    );
    return userSummary(tx, id);
  };
  return opts.tx ? run(opts.tx) : hub.db.transaction(run);
}

export async function updateUser(
  hub: Pick<Hub, 'db' | 'audit'>,
  actor: Actor,
  meta: RequestMeta | undefined,
  id: string,
  patch: UpdateUserRequest,
): Promise<UserSummary> {
  if (actor !== 'cli' && actor.id === id && patch.active === false) throw new ApiError(400, 'cannot_disable_self');
  return hub.db.transaction(async (tx) => {
    const current = (await tx.query<{ role: string; site_id: string }>('SELECT role, site_id FROM users WHERE id = $1 FOR UPDATE', [id]))[0];
    if (!current) throw new ApiError(404, 'not_found');
    const role = patch.role ?? current.role;
    const siteId = patch.siteId ?? current.site_id;
    if (patch.role || patch.siteId) await checkSiteForRole(tx, role, siteId);
    await tx.query(
      'UPDATE users SET display_name = COALESCE($2, display_name), active = COALESCE($3, active), role = $4, site_id = $5 WHERE id = $1',
      [id, patch.displayName ?? null, patch.active ?? null, role, siteId],
    );
    if (patch.active === false || patch.role || patch.siteId) await revokeSessions(tx, id, patch.active === false ? 'disabled' : 'role_changed');
    await hub.audit.record({ ...actorFields(actor, meta), action: 'users.update', outcome: 'allowed', resource: `user:${id}`, detail: patch }, tx);
    return userSummary(tx, id);
  });
}

export async function resetPassword(hub: Pick<Hub, 'db' | 'audit'>, actor: Actor, meta: RequestMeta | undefined, id: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await hub.db.transaction(async (tx) => {
    const done = await tx.query(
      'UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1 RETURNING id',
      [id, hash],
    );
    if (!done.length) throw new ApiError(404, 'not_found');
    await revokeSessions(tx, id, 'password_reset');
    await hub.audit.record({ ...actorFields(actor, meta), action: 'users.resetPassword', outcome: 'allowed', resource: `user:${id}` }, tx);
  });
}

async function revokeSessions(tx: Queryable, userId: string, reason: string) {
  await tx.query('UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, reason]);
}

export async function findUserId(db: Database, username: string): Promise<string | undefined> {
  return (await db.query<{ id: string }>('SELECT id FROM users WHERE lower(username) = lower($1)', [username]))[0]?.id;
}
