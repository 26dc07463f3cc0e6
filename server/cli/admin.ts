import { parseArgs } from 'node:util';
import { CreateSiteRequest, CreateUserRequest, Password } from '../../shared/api/auth.js';
import { createSite, createUser, findSiteByCode, findUserId, listSites, listUsers, resetPassword, updateUser } from '../admin/accounts.js';
import { setSiteDirector } from '../admin/director.js';
import { AuditLog } from '../audit/log.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { DataDirLockedError } from '../db/lock.js';
import { openDatabase } from '../db/open.js';
import { ApiError } from '../http/errors.js';
import { errorMessage } from '../../shared/i18n/errors.js';

const USAGE = `TeleRead hub administration (works on the configured database: DATABASE_URL or TELEREAD_DATA_DIR)

  npm run admin -- list-sites
  npm run admin -- create-site --code QSX-RMYY --name 青山县人民医院 [--name-en "…"] --kind county|township
  npm run admin -- list-users
  npm run admin -- create-user --username admin --display-name 刘洋 --role supervisor --site QSX-RMYY
                               (password read from TELEREAD_ADMIN_PASSWORD or the first line of stdin)
  npm run admin -- reset-password --username NAME   (password as above)
  npm run admin -- disable-user --username NAME | enable-user --username NAME
  npm run admin -- set-director --site QSX-DPZ --username NAME | --site QSX-DPZ --clear
                               (the site's director: critical-value escalation level 2)
  npm run admin -- audit-verify

With a PGlite data folder, stop the hub first (the embedded database allows one process).`;

async function readPassword(): Promise<string> {
  if (process.env.TELEREAD_ADMIN_PASSWORD) return process.env.TELEREAD_ADMIN_PASSWORD;
  if (process.stdin.isTTY) throw new Error('Pipe the password on stdin or set TELEREAD_ADMIN_PASSWORD (it is never taken from the command line).');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

export async function runAdmin(argv: string[], db: Database, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  const { values: v } = parseArgs({
    args: rest,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      kind: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      site: { type: 'string' },
      clear: { type: 'boolean' },
    },
  });
  const hub = { db, audit: new AuditLog(db) };
  const needUser = async () => {
    const id = v.username ? await findUserId(db, v.username) : undefined;
    if (!id) throw new Error(`No such user: ${v.username ?? '(give --username)'}`);
    return id;
  };
  switch (command) {
    case 'list-sites':
      for (const s of await listSites(db)) out(`${s.code}\t${s.kind}\t${s.active ? 'active' : 'inactive'}\t${s.name}`);
      return 0;
    case 'create-site': {
      const req = CreateSiteRequest.parse({ code: v.code, name: v.name, nameEn: v['name-en'], kind: v.kind });
      const s = await createSite(hub, 'cli', undefined, req);
      out(`created site ${s.code} (${s.id})`);
      return 0;
    }
    case 'list-users':
      for (const u of await listUsers(db)) out(`${u.username}\t${u.role}\t${u.siteCode}\t${u.active ? 'active' : 'disabled'}\t${u.displayName}`);
      return 0;
    case 'create-user': {
      const site = v.site ? await findSiteByCode(db, v.site) : undefined;
      if (!site) throw new Error(`No such site: ${v.site ?? '(give --site CODE)'}`);
      const req = CreateUserRequest.parse({ username: v.username, displayName: v['display-name'], role: v.role, siteId: site.id, password: await readPassword() });
      const u = await createUser(hub, 'cli', undefined, req);
      out(`created user ${u.username} (${u.role} at ${u.siteCode})`);
      return 0;
    }
    case 'reset-password': {
      const id = await needUser();
      await resetPassword(hub, 'cli', undefined, id, Password.parse(await readPassword()));
      out(`password reset for ${v.username}; their sessions were signed out`);
      return 0;
    }
    case 'disable-user':
    case 'enable-user': {
      const id = await needUser();
      await updateUser(hub, 'cli', undefined, id, { active: command === 'enable-user' });
      out(`${v.username} ${command === 'enable-user' ? 'enabled' : 'disabled'}`);
      return 0;
    }
    case 'set-director': {
      const site = v.site ? await findSiteByCode(db, v.site) : undefined;
      if (!site) throw new Error(`No such site: ${v.site ?? '(give --site CODE)'}`);
      const d = await setSiteDirector(hub, 'cli', undefined, site.id, v.clear ? null : await needUser());
      out(d.director ? `director of ${d.siteCode}: ${d.director.username}` : `director of ${d.siteCode} cleared`);
      return 0;
    }
    case 'audit-verify': {
      const r = await hub.audit.verify();
      out(r.ok ? `audit chain intact: ${r.checked} rows` : `AUDIT CHAIN BROKEN at row ${r.firstBrokenSeq}: ${r.reason} (${r.checked} rows verified before it)`);
      return r.ok ? 0 : 3;
    }
    default:
      out(USAGE);
      return command ? 1 : 0;
  }
}

async function main() {
  let db: Database | undefined;
  try {
    db = await openDatabase(loadConfig());
    process.exitCode = await runAdmin(process.argv.slice(2), db, (l) => console.log(l));
  } catch (err) {
    if (err instanceof ApiError) console.error(errorMessage(err.code, 'en', err.params));
    else if (err instanceof DataDirLockedError) console.error(err.message);
    else if (err && typeof err === 'object' && 'issues' in err) console.error(`Invalid input: ${JSON.stringify((err as { issues: unknown }).issues)}`);
    else console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  } finally {
    await db?.close();
  }
}

if (process.argv[1] && /admin\.(ts|js|mjs|cjs)$/.test(process.argv[1])) void main();
