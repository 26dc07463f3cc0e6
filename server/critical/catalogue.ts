import type { Catalogue, CatalogueUpdate } from '../../shared/api/critical.js';
import { DRAFT_CATALOGUES } from '../../shared/critical/drafts.js';
import { normaliseText } from '../../shared/critical/readback.js';
import { CRITICAL_DOMAINS, type CatalogueItem, type CriticalDomain } from '../../shared/critical/types.js';
import type { Principal } from '../access/policy.js';
import type { AuditLog } from '../audit/log.js';
import { principalActor } from '../auth/service.js';
import type { Database, Queryable } from '../db/database.js';
import { ApiError } from '../http/errors.js';

// Serialises catalogue publication (and the first-start seed) across hubs.
const CATALOGUE_LOCK = 864208;

interface CatalogueRow {
  domain: CriticalDomain;
  version: number;
  items: CatalogueItem[];
  note: string;
  created_at: Date;
  creator: string | null;
}

const toCatalogue = (r: CatalogueRow): Catalogue => ({
  domain: r.domain,
  version: r.version,
  items: r.items,
  note: r.note,
  createdAt: r.created_at.toISOString(),
  createdBy: r.creator,
});

/** Versioned catalogues: a supervisor's edit is a new version; alerts keep the version they were raised with. */
export class CatalogueStore {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  /** First start: version 1 of each domain from the shared drafts (idempotent across hubs). */
  async seed(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOGUE_LOCK]);
      for (const domain of CRITICAL_DOMAINS) {
        const has = await tx.query('SELECT 1 FROM critical_catalogues WHERE domain = $1 LIMIT 1', [domain]);
        if (has.length) continue;
        await this.insertVersion(tx, domain, 1, DRAFT_CATALOGUES[domain], 'Draft from DOMAIN.md §2.6 (to be verified by the alliance)', null);
      }
    });
  }

  private async insertVersion(tx: Queryable, domain: CriticalDomain, version: number, items: CatalogueItem[], note: string, userId: string | null) {
    await tx.query('INSERT INTO critical_catalogues (domain, version, items, note, created_by) VALUES ($1, $2, $3, $4, $5)', [
      domain,
      version,
      JSON.stringify(items),
      note,
      userId,
    ]);
    for (const it of items) {
      await tx.query('INSERT INTO critical_codes (code, domain, zh, en, first_version) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING', [
        it.code,
        domain,
        it.zh,
        it.en,
        version,
      ]);
    }
  }

  async get(domain: CriticalDomain, version?: number, q: Queryable = this.db): Promise<Catalogue | undefined> {
    const rows = await q.query<CatalogueRow>(
      `SELECT c.domain, c.version, c.items, c.note, c.created_at, u.username AS creator
         FROM critical_catalogues c LEFT JOIN users u ON u.id = c.created_by
        WHERE c.domain = $1 ${version ? 'AND c.version = $2' : ''} ORDER BY c.version DESC LIMIT 1`,
      version ? [domain, version] : [domain],
    );
    return rows[0] ? toCatalogue(rows[0]) : undefined;
  }

  /**
   * Publishes a new version. A code keeps its meaning for ever: a code already registered with a
   * different finding name (zh, normalised) is refused; retired codes stay reserved.
   */
  async publish(p: Principal, update: CatalogueUpdate, ip: string | null): Promise<Catalogue> {
    const seen = new Set<string>();
    for (const it of update.items) {
      if (seen.has(it.code) || it.domain !== update.domain) throw new ApiError(422, 'critical_duplicate_code', { code: it.code });
      seen.add(it.code);
    }
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOGUE_LOCK]);
      const known = await tx.query<{ code: string; domain: string; zh: string }>('SELECT code, domain, zh FROM critical_codes WHERE code = ANY($1)', [[...seen]]);
      for (const k of known) {
        const it = update.items.find((i) => i.code === k.code)!;
        if (k.domain !== update.domain || normaliseText(k.zh) !== normaliseText(it.zh)) throw new ApiError(409, 'critical_code_reused', { code: k.code, zh: k.zh });
      }
      const cur = await this.get(update.domain, undefined, tx);
      const version = (cur?.version ?? 0) + 1;
      await this.insertVersion(tx, update.domain, version, update.items, update.note, p.id);
      await this.audit.record(
        { ...principalActor(p), ip, action: 'critical.catalogue.publish', outcome: 'allowed', resource: `critical-catalogue:${update.domain}:${version}`, detail: { items: update.items.length, note: update.note } },
        tx,
      );
      return (await this.get(update.domain, version, tx))!;
    });
  }
}
