import type { Queryable } from '../db/database.js';

/** The attributes a site rule can match; CallingAET is kept for PACSes that expose it (Orthanc's DICOMweb does not). */
export const RULE_FIELDS = ['InstitutionName', 'StationName', 'IssuerOfPatientID', 'CallingAET'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export interface SiteRule {
  id: string;
  priority: number;
  field: RuleField;
  pattern: string;
  siteId: string;
}

export async function listSiteRules(db: Queryable): Promise<SiteRule[]> {
  const rows = await db.query<{ id: string; priority: number; field: RuleField; pattern: string; site_id: string }>(
    'SELECT id, priority, field, pattern, site_id FROM site_rules ORDER BY priority, created_at, id',
  );
  return rows.map((r) => ({ id: r.id, priority: r.priority, field: r.field, pattern: r.pattern, siteId: r.site_id }));
}

export async function addSiteRule(db: Queryable, rule: Omit<SiteRule, 'id'>): Promise<string> {
  const rows = await db.query<{ id: string }>('INSERT INTO site_rules (priority, field, pattern, site_id) VALUES ($1,$2,$3,$4) RETURNING id', [
    rule.priority,
    rule.field,
    rule.pattern,
    rule.siteId,
  ]);
  return rows[0].id;
}

function wildcardRegex(pattern: string): RegExp {
  const body = pattern
    .trim()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * The site of a study that reached the PACS another way: the first rule (lowest priority number)
 * whose field matches one of the study's values (case-insensitive, `*` and `?` wildcards).
 * No match → null: the study waits in the supervisor's unassigned queue.
 */
export function attribute(rules: readonly SiteRule[], values: Partial<Record<RuleField, Array<string | null | undefined>>>): string | null {
  for (const rule of rules) {
    const re = wildcardRegex(rule.pattern);
    if ((values[rule.field] ?? []).some((v) => typeof v === 'string' && re.test(v.trim()))) return rule.siteId;
  }
  return null;
}
