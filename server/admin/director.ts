import { z } from 'zod';
import { SetSiteDirector, SiteDirector } from '../../shared/api/critical.js';
import type { RequestMeta } from '../auth/service.js';
import { principalActor } from '../auth/service.js';
import type { Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import type { Hub } from '../hub.js';
import type { Actor } from './accounts.js';

/**
 * Each township site's director account: level 2 of the critical-value escalation ladder (other
 * staff of the site → the director → alliance supervisors). The director must be an active
 * township staff account of that site.
 */
interface Row {
  site_id: string;
  site_code: string;
  site_name: string;
  director_id: string | null;
  director_username: string | null;
  director_name: string | null;
}

const SELECT = `SELECT s.id AS site_id, s.code AS site_code, s.name AS site_name, u.id AS director_id, u.username AS director_username, u.display_name AS director_name
  FROM sites s LEFT JOIN users u ON u.id = s.director_user_id AND u.active`;

const toDirector = (r: Row): SiteDirector => ({
  siteId: r.site_id,
  siteCode: r.site_code,
  siteName: r.site_name,
  director: r.director_id ? { id: r.director_id, username: r.director_username ?? '', displayName: r.director_name ?? '' } : null,
});

export async function listDirectors(db: Queryable): Promise<SiteDirector[]> {
  return (await db.query<Row>(`${SELECT} WHERE s.kind = 'township' ORDER BY s.code`)).map(toDirector);
}

/** The active director of a site, if one is set (used by the escalation job inside its transaction). */
export async function siteDirector(q: Queryable, siteId: string): Promise<{ id: string; username: string } | undefined> {
  const r = (await q.query<Row>(`${SELECT} WHERE s.id = $1`, [siteId]))[0];
  return r?.director_id ? { id: r.director_id, username: r.director_username ?? '' } : undefined;
}

export async function setSiteDirector(hub: Pick<Hub, 'db' | 'audit'>, actor: Actor, meta: RequestMeta | undefined, siteId: string, userId: string | null): Promise<SiteDirector> {
  return hub.db.transaction(async (tx) => {
    const site = (await tx.query<{ kind: string }>('SELECT kind FROM sites WHERE id = $1 FOR UPDATE', [siteId]))[0];
    if (!site) throw new ApiError(404, 'not_found');
    if (userId) {
      const ok = await tx.query("SELECT 1 FROM users WHERE id = $1 AND site_id = $2 AND role = 'township_staff' AND active", [userId, siteId]);
      if (site.kind !== 'township' || !ok.length) throw new ApiError(400, 'critical_director_invalid');
    }
    await tx.query('UPDATE sites SET director_user_id = $2 WHERE id = $1', [siteId, userId]);
    const who = actor === 'cli' ? { username: 'cli', role: 'operator', ip: 'local' } : { ...principalActor(actor), ip: meta?.ip ?? null };
    await hub.audit.record({ ...who, action: 'sites.setDirector', outcome: 'allowed', resource: `site:${siteId}`, detail: { userId } }, tx);
    return toDirector((await tx.query<Row>(`${SELECT} WHERE s.id = $1`, [siteId]))[0]);
  });
}

const IdParams = z.object({ id: z.string().uuid() });
const SUPERVISOR = { roles: ['supervisor'] } as const;

export const directorRoutes = [
  defineRoute({
    id: 'sites.directors',
    method: 'GET',
    url: '/api/sites/directors',
    summary: 'Supervisor: the director account of each township site (critical-value escalation level 2)',
    tags: ['admin'],
    access: SUPERVISOR,
    response: z.array(SiteDirector),
    handler: async ({ hub }) => listDirectors(hub.db),
  }),
  defineRoute({
    id: 'sites.setDirector',
    method: 'PUT',
    url: '/api/sites/:id/director',
    summary: 'Supervisor: set (or clear with null) the director account of a township site',
    tags: ['admin'],
    access: SUPERVISOR,
    params: IdParams,
    body: SetSiteDirector,
    response: SiteDirector,
    handler: async ({ hub, params, body, user, meta }) => setSiteDirector(hub, user(), meta, params.id, body.userId),
  }),
];
