import type { Role } from '../../shared/domain/roles.js';
import { createSite, createUser, findSiteByCode } from '../admin/accounts.js';
import { setSiteDirector } from '../admin/director.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD_MARK } from '../auth/service.js';
import type { Hub } from '../hub.js';

/** The demo alliance: one county hospital and two township clinics. */
export const DEMO_SITES = [
  { code: 'QSX-RMYY', name: '青山县人民医院', nameEn: 'Qingshan County People’s Hospital', kind: 'county' },
  { code: 'QSX-DPZ', name: '东坪镇卫生院', nameEn: 'Dongping Township Health Centre', kind: 'township' },
  { code: 'QSX-XHX', name: '西河乡卫生院', nameEn: 'Xihe Township Health Centre', kind: 'township' },
] as const;

export type DemoSiteCode = (typeof DEMO_SITES)[number]['code'];

/** Demo accounts; their password `demo` works only while the hub runs with `--demo`. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; site: DemoSiteCode }> = [
  { username: 'rad1', displayName: '王磊', role: 'radiologist', site: 'QSX-RMYY' },
  { username: 'rad2', displayName: '李静', role: 'senior_radiologist', site: 'QSX-RMYY' },
  { username: 'ecg1', displayName: '张敏', role: 'ecg_reader', site: 'QSX-RMYY' },
  { username: 'town1', displayName: '赵芳', role: 'township_staff', site: 'QSX-DPZ' },
  { username: 'town2', displayName: '陈刚', role: 'township_staff', site: 'QSX-XHX' },
  { username: 'admin', displayName: '刘洋', role: 'supervisor', site: 'QSX-RMYY' },
];

export const DEMO_PASSWORD = 'demo';

/**
 * Director account of each demo township site (critical-value escalation level 2). Each demo
 * clinic has one account, so it is also the director: no extra demo account is added.
 */
export const DEMO_DIRECTORS: Readonly<Record<string, string>> = { 'QSX-DPZ': 'town1', 'QSX-XHX': 'town2' };

/** Idempotent: a second run finds everything in place and adds nothing. */
export async function seedDemoAccounts(hub: Pick<Hub, 'db' | 'audit'>): Promise<{ sitesCreated: number; usersCreated: number }> {
  let sitesCreated = 0;
  let usersCreated = 0;
  const siteIds = new Map<string, string>();
  for (const s of DEMO_SITES) {
    let site = await findSiteByCode(hub.db, s.code);
    if (!site) {
      site = await createSite(hub, 'cli', undefined, { code: s.code, name: s.name, nameEn: s.nameEn, kind: s.kind });
      sitesCreated++;
    }
    siteIds.set(s.code, site.id);
  }
  const demoHash = DEMO_PASSWORD_MARK + (await hashPassword(DEMO_PASSWORD));
  for (const u of DEMO_USERS) {
    const exists = await hub.db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [u.username]);
    if (exists.length) continue;
    await createUser(
      hub,
      'cli',
      undefined,
      { username: u.username, displayName: u.displayName, role: u.role, siteId: siteIds.get(u.site)!, password: DEMO_PASSWORD },
      { passwordHash: demoHash },
    );
    usersCreated++;
  }
  for (const [code, username] of Object.entries(DEMO_DIRECTORS)) {
    const siteId = siteIds.get(code)!;
    const unset = await hub.db.query('SELECT 1 FROM sites WHERE id = $1 AND director_user_id IS NULL', [siteId]);
    const user = (await hub.db.query<{ id: string }>('SELECT id FROM users WHERE lower(username) = lower($1)', [username]))[0];
    if (unset.length && user) await setSiteDirector(hub, 'cli', undefined, siteId, user.id);
  }
  return { sitesCreated, usersCreated };
}
