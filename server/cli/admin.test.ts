import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { runAdmin } from './admin.js';

describe('admin CLI (first account on a production install)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite(undefined);
    await migrate(db);
  });
  afterAll(async () => db?.close());

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runAdmin(argv, db, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  };

  it('creates the first site and supervisor, lists them, disables and verifies the audit chain', async () => {
    expect((await run('create-site', '--code', 'QSX-RMYY', '--name', '青山县人民医院', '--kind', 'county')).out).toMatch(/created site QSX-RMYY/);
    process.env.TELEREAD_ADMIN_PASSWORD = 'first-admin-password';
    try {
      expect((await run('create-user', '--username', 'chief', '--display-name', '刘洋', '--role', 'supervisor', '--site', 'QSX-RMYY')).code).toBe(0);
    } finally {
      delete process.env.TELEREAD_ADMIN_PASSWORD;
    }
    expect((await run('list-users')).out).toMatch(/^chief\tsupervisor\tQSX-RMYY\tactive\t刘洋$/m);
    expect((await run('disable-user', '--username', 'chief')).out).toBe('chief disabled');
    expect((await run('list-users')).out).toContain('disabled');
    await expect(run('create-user', '--username', 'x', '--role', 'supervisor', '--site', 'NOPE')).rejects.toThrow(/No such site/);
    const verify = await run('audit-verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/intact: 3 rows/);
    const rows = await db.query<{ username: string; action: string }>('SELECT username, action FROM audit_log ORDER BY seq');
    expect(rows).toEqual([
      { username: 'cli', action: 'sites.create' },
      { username: 'cli', action: 'users.create' },
      { username: 'cli', action: 'users.update' },
    ]);
  });
});
