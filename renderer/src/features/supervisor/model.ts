import { CatalogueItem, type CatalogueItem as Item } from '../../../../shared/api/critical.js';
import type { AlertState } from '../../../../shared/critical/types.js';
import type { SupervisorKey } from './i18n.js';

/** The register's filter as the supervisor types it (dates as yyyy-mm-dd in local time). */
export interface RegisterFilter {
  q: string;
  siteId: string;
  category: '' | '1' | '2' | '3';
  state: '' | AlertState;
  from: string;
  to: string;
}

export const EMPTY_FILTER: RegisterFilter = { q: '', siteId: '', category: '', state: '', from: '', to: '' };

/** Local midnight of a yyyy-mm-dd date as ISO; `endOfDay` gives the next midnight (the `to` bound is exclusive). */
export function localDayIso(day: string, endOfDay = false): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (endOfDay ? 1 : 0));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Query string for /api/critical/register and /metrics; null when the range is reversed. */
export function registerQuery(f: RegisterFilter, extra: Record<string, string> = {}): string | null {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.siteId) p.set('siteId', f.siteId);
  if (f.category) p.set('category', f.category);
  if (f.state) p.set('state', f.state);
  const from = f.from ? localDayIso(f.from) : null;
  const to = f.to ? localDayIso(f.to, true) : null;
  if (from && to && from >= to) return null;
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

export type Period = 'day' | 'week' | 'month';

/** The last `n` periods ending with the one holding `now` (local time), oldest first, as [from, to) bounds. */
export function periods(kind: Period, now: Date): Array<{ label: string; from: Date; to: Date }> {
  const count = kind === 'day' ? 7 : kind === 'week' ? 8 : 6;
  const out: Array<{ label: string; from: Date; to: Date }> = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let i = count - 1; i >= 0; i--) {
    let from: Date;
    let to: Date;
    if (kind === 'month') {
      from = new Date(now.getFullYear(), now.getMonth() - i, 1);
      to = new Date(now.getFullYear(), now.getMonth() - i + 1, 1);
    } else {
      const days = kind === 'day' ? 1 : 7;
      // Weeks start on Monday (the Chinese convention).
      const start = kind === 'day' ? now.getDate() : now.getDate() - ((now.getDay() + 6) % 7);
      from = new Date(now.getFullYear(), now.getMonth(), start - i * days);
      to = new Date(now.getFullYear(), now.getMonth(), start - i * days + days);
    }
    const label = kind === 'month' ? `${from.getFullYear()}-${pad(from.getMonth() + 1)}` : `${pad(from.getMonth() + 1)}-${pad(from.getDate())}`;
    out.push({ label, from, to });
  }
  return out;
}

/** A catalogue row as edited in the form: every field a string until it is checked. */
export interface ItemDraft {
  code: string;
  zh: string;
  en: string;
  modalities: string;
  acrCategory: '1' | '2' | '3';
  notifyMin: string;
  ackMin: string;
  actMin: string;
  /** Fields the form does not edit (criteria, source, domain) are carried over unchanged. */
  base: Pick<Item, 'criteria' | 'source'>;
}

export const toDraft = (i: Item): ItemDraft => ({
  code: i.code,
  zh: i.zh,
  en: i.en,
  modalities: i.modalities.join(', '),
  acrCategory: String(i.acrCategory) as ItemDraft['acrCategory'],
  notifyMin: String(i.notifyMin),
  ackMin: String(i.ackMin),
  actMin: String(i.actMin),
  base: { criteria: i.criteria, source: i.source },
});

export const emptyDraft = (): ItemDraft => ({ code: '', zh: '', en: '', modalities: '', acrCategory: '1', notifyMin: '10', ackMin: '15', actMin: '60', base: { criteria: '', source: '' } });

export type DraftProblem = { row: number; key: SupervisorKey; params?: Record<string, string> };

/** Checks the rows before publishing; the first problem per row, in the user's words (1-based row numbers). */
export function draftsToItems(drafts: readonly ItemDraft[], domain: Item['domain']): { items: Item[]; problems: DraftProblem[] } {
  const items: Item[] = [];
  const problems: DraftProblem[] = [];
  const seen = new Set<string>();
  drafts.forEach((d, idx) => {
    const row = idx + 1;
    const code = d.code.trim().toUpperCase();
    const mins = [d.notifyMin, d.ackMin, d.actMin].map((m) => Number(m.trim()));
    const modalities = d.modalities.split(/[,，\s]+/).map((m) => m.trim().toUpperCase()).filter(Boolean);
    if (!/^[A-Z]{2,5}(-[A-Z]{2,6})?-\d{2,3}$/.test(code)) return problems.push({ row, key: 'sv.c.err.code' });
    if (seen.has(code)) return problems.push({ row, key: 'sv.c.err.dup', params: { code } });
    seen.add(code);
    if (!d.zh.trim() || !d.en.trim()) return problems.push({ row, key: 'sv.c.err.name' });
    if (mins.some((m) => !Number.isInteger(m) || m <= 0 || m > 43200)) return problems.push({ row, key: 'sv.c.err.minutes' });
    if (modalities.some((m) => !/^[A-Z0-9]{1,16}$/.test(m))) return problems.push({ row, key: 'sv.c.err.modality' });
    const parsed = CatalogueItem.safeParse({
      code,
      domain,
      zh: d.zh.trim(),
      en: d.en.trim(),
      modalities,
      criteria: d.base.criteria,
      acrCategory: Number(d.acrCategory),
      notifyMin: mins[0],
      ackMin: mins[1],
      actMin: mins[2],
      source: d.base.source,
    });
    if (!parsed.success) return problems.push({ row, key: 'sv.c.err.name' });
    items.push(parsed.data);
  });
  return { items, problems };
}

/** Bar or line chart series: one value per label, null where there is no data. */
export interface Series {
  name: string;
  values: Array<number | null>;
}

/** A "nice" upper bound for an axis (1, 2, 5 × 10^n) at or above the largest value. */
export function niceMax(values: ReadonlyArray<number | null>): number {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  if (max <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * exp >= max) return m * exp;
  return 10 * exp;
}

/** The register's escalation text ("<iso> L2 → director:town1; …") as steps to show. */
export function escalationSteps(text: string): Array<{ at: string; level: 1 | 2 | 3; recipients: string[] }> {
  return text
    .split('; ')
    .map((e) => /^(\S+) L([123]) → (.*)$/.exec(e))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ at: m[1], level: Number(m[2]) as 1 | 2 | 3, recipients: m[3].split(',').filter(Boolean) }));
}
