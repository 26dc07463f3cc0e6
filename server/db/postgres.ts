import pg from 'pg';
import type { Database, Queryable } from './database.js';

/** A PostgreSQL server (`DATABASE_URL=postgres://…`): the production database. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail at start, with the server's own reason, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const listenClients: pg.PoolClient[] = [];
  const location = (() => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`; // never the password
    } catch {
      return 'postgres';
    }
  })();
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await pool.query(sql, params ? [...params] : undefined);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          async query<T>(sql: string, params?: readonly unknown[]) {
            const res = await client.query(sql, params ? [...params] : undefined);
            return res.rows as T[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        };
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = await pool.connect();
      listenClients.push(client);
      const handler = (msg: pg.Notification) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        const i = listenClients.indexOf(client);
        if (i >= 0) listenClients.splice(i, 1);
        client.release();
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    describe: () => ({ kind: 'postgres', location }),
    async close() {
      for (const c of listenClients.splice(0)) c.release();
      await pool.end();
    },
  };
}
