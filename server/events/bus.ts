import type { LiveEvent } from '../../shared/api/worklist.js';
import type { Database, Queryable } from '../db/database.js';

export const EVENTS_CHANNEL = 'teleread_events';

export interface PublishInput {
  type: string;
  siteId: string | null;
  kind?: 'imaging' | 'ecg' | null;
  payload: Record<string, unknown>;
}

interface EventRow {
  seq: string;
  at: Date;
  type: string;
  site_id: string | null;
  kind: string | null;
  payload: Record<string, unknown>;
}

export type StoredEvent = LiveEvent & { kind: 'imaging' | 'ecg' | null };

const toEvent = (r: EventRow): StoredEvent => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  type: r.type,
  siteId: r.site_id,
  kind: (r.kind as StoredEvent['kind']) ?? null,
  payload: r.payload,
});

/**
 * Live events, persisted first (so a client that reconnects catches up from its last seq), then
 * announced with NOTIFY so every hub process on the database fans them out to its own sockets.
 * NOTIFY inside a transaction is delivered only on commit, so nothing uncommitted is ever pushed.
 */
export class EventBus {
  private readonly local = new Set<(e: StoredEvent) => void>();
  private unlisten?: () => Promise<void>;
  /** Highest seq handed to subscribers: a notification also delivers anything missed before it. */
  private delivered = 0;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database) {}

  async start(): Promise<void> {
    this.delivered = await this.latestSeq();
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => {
      // Serialised, so subscribers see events in seq order.
      this.delivering = this.delivering.then(() => this.deliver(payload)).catch(() => undefined);
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.local.clear();
  }

  subscribe(fn: (e: StoredEvent) => void): () => void {
    this.local.add(fn);
    return () => this.local.delete(fn);
  }

  async publish(input: PublishInput, tx?: Queryable): Promise<number> {
    const q = tx ?? this.db;
    const row = (
      await q.query<{ seq: string }>('INSERT INTO events (type, site_id, kind, payload) VALUES ($1, $2, $3, $4) RETURNING seq', [
        input.type,
        input.siteId,
        input.kind ?? null,
        JSON.stringify(input.payload),
      ])
    )[0];
    await q.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, row.seq]);
    return Number(row.seq);
  }

  async since(seq: number, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow>('SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
    return rows.map(toEvent);
  }

  async latestSeq(): Promise<number> {
    const r = await this.db.query<{ s: string | null }>('SELECT max(seq) AS s FROM events');
    return Number(r[0]?.s ?? 0);
  }

  private async deliver(payload: string) {
    const seq = Number(payload);
    if (!Number.isInteger(seq) || seq <= this.delivered) return;
    // Everything after the last delivered event up to this one: events whose NOTIFY was lost
    // (a dropped LISTEN connection) are delivered with the next one.
    const rows = await this.db.query<EventRow>('SELECT * FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq', [this.delivered, seq]);
    for (const row of rows) {
      const e = toEvent(row);
      this.delivered = Math.max(this.delivered, e.seq);
      for (const fn of [...this.local]) {
        try {
          fn(e);
        } catch {
          /* one bad subscriber must not starve the others */
        }
      }
    }
  }
}
