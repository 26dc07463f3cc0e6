import pg from 'pg';
import type { Database, Queryable } from './database.js';

/** A PostgreSQL server (`DATABASE_URL=postgres://…`): the production database. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection can die (server restart, failover, admin shutdown). Without a listener that
  // error would crash the hub; the pool drops the client and the next query opens a new one.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
  // Fail at start, with the server's own reason, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const listenClients: pg.PoolClient[] = [];
  let closed = false;
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
      // A dedicated connection per channel; if it dies it is re-established, so cross-hub events
      // resume (the event bus then delivers what was missed from the events table).
      let client: pg.PoolClient | undefined;
      let stopped = false;
      const handler = (msg: pg.Notification) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      };
      const attach = async (): Promise<void> => {
        const c = await pool.connect();
        c.on('error', (err) => {
          const i = listenClients.indexOf(c);
          if (i < 0) return; // already handed back (unlisten or close)
          listenClients.splice(i, 1);
          c.release(err);
          if (stopped || closed) return;
          console.error(`PostgreSQL LISTEN connection lost: ${err.message}; reconnecting`);
          setTimeout(() => void attach().catch((e) => console.error(`LISTEN reconnect failed: ${String(e)}`)), 1000).unref();
        });
        c.on('notification', handler);
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        listenClients.push(c);
        client = c;
      };
      await attach();
      return async () => {
        stopped = true;
        const c = client;
        if (!c) return;
        c.off('notification', handler);
        await c.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        const i = listenClients.indexOf(c);
        if (i >= 0) listenClients.splice(i, 1);
        c.release();
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    describe: () => ({ kind: 'postgres', location }),
    async close() {
      closed = true;
      for (const c of listenClients.splice(0)) c.release();
      await pool.end();
    },
  };
}
