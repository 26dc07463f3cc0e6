import { randomBytes } from 'node:crypto';
import { runAdmin } from '../../server/cli/admin.js';
import type { Database } from '../../server/db/database.js';
import { openDatabase } from '../../server/db/open.js';

/** The benchmark's password for every account it makes (random per run, never printed). */
export const BENCH_PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;

export const SITES = [
  { code: 'QSX-RMYY', name: '青山县人民医院', kind: 'county' },
  { code: 'QSX-DPZ', name: '东坪镇卫生院', kind: 'township' },
  { code: 'QSX-XHX', name: '西河乡卫生院', kind: 'township' },
] as const;

export const USERS = [
  { username: 'rad1', name: '王磊', role: 'radiologist', site: 'QSX-RMYY' },
  { username: 'rad2', name: '李静', role: 'senior_radiologist', site: 'QSX-RMYY' },
  { username: 'town1', name: '赵芳', role: 'township_staff', site: 'QSX-DPZ' },
  { username: 'town2', name: '陈刚', role: 'township_staff', site: 'QSX-XHX' },
] as const;

/** Sites and accounts made with the admin CLI's own code (`npm run admin -- create-site|create-user`). */
export async function createAccounts(db: Database): Promise<void> {
  process.env.TELEREAD_ADMIN_PASSWORD = BENCH_PASSWORD;
  const out = () => undefined;
  const run = async (argv: string[]) => {
    const rc = await runAdmin(argv, db, out);
    if (rc !== 0) throw new Error(`admin ${argv[0]} failed (${rc})`);
  };
  for (const s of SITES) await run(['create-site', '--code', s.code, '--name', s.name, '--kind', s.kind]);
  for (const u of USERS) await run(['create-user', '--username', u.username, '--display-name', u.name, '--role', u.role, '--site', u.site]);
}

/** Opens the hub's database (PGlite folder or PostgreSQL URL), migrates it, adds the accounts, closes it. */
export async function prepareHubDatabase(where: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const db = await openDatabase({ dataDir: where.dataDir, databaseUrl: where.databaseUrl });
  try {
    await createAccounts(db);
  } finally {
    await db.close();
  }
}
