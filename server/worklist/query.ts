import type { TaskQuery } from '../../shared/api/worklist.js';
import type { TaskState } from '../../shared/domain/worklist.js';
import type { Principal } from '../access/policy.js';

/** A WHERE clause with its positional parameters ($1, $2, … in order). */
export interface Clause {
  where: string[];
  params: unknown[];
}

export interface ListFilters {
  /** Every filter, the state filter included: the page. */
  page: Clause;
  /** Every filter but the state: the counts per state. */
  base: Clause;
  states: TaskState[] | undefined;
  /** A filter reads a study column, so counting needs the study join. */
  needsStudy: boolean;
  /**
   * Only filters on columns of the `task_counts` key (site, kind, priority), so the counts per state
   * come from that small table (migration 010) instead of counting the matching tasks.
   */
  countsFromTable: boolean;
}

/**
 * The name/ID/accession search. The first condition is served by the GIN index of migration 010
 * (studies_search_terms: the expressions must match it exactly) and only narrows the rows; the
 * ILIKE decides, so a substring anywhere in any of the four columns still finds the study.
 */
export const SEARCH_SQL =
  '(teleread_search_terms(st.patient_name, st.patient_name_ideographic, st.patient_id, st.accession_number) @> teleread_query_terms(?)' +
  ' AND (st.patient_name ILIKE ? OR st.patient_name_ideographic ILIKE ? OR st.patient_id ILIKE ? OR st.accession_number ILIKE ?))';

export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filters of a list request, access first (in the WHERE clause, so paging never loses rows). */
export function listFilters(p: Principal, q: TaskQuery): ListFilters {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...vals: unknown[]) => {
    let s = sql;
    for (const v of vals) {
      params.push(v);
      s = s.replace('?', `$${params.length}`);
    }
    where.push(s);
  };
  if (p.role === 'township_staff') add('t.site_id = ?', p.siteId);
  else if (p.role !== 'supervisor') add('t.site_id IS NOT NULL');
  if (q.kind) add('t.kind = ?', q.kind);
  if (q.priority) add('t.priority = ?', q.priority);
  if (q.siteId) add('t.site_id = ?', q.siteId);
  // tasks.modalities is the study's, copied and kept by triggers (migration 010): no study join.
  if (q.modality) add('? = ANY(t.modalities)', q.modality.toUpperCase());
  if (q.mine) add("t.claimed_by = ? AND t.state = 'claimed' AND t.lease_expires_at > now()", p.id);
  if (q.from) add('t.arrived_at >= ?', q.from);
  if (q.to) add('t.arrived_at < ?', q.to);
  if (q.q) {
    const like = likePattern(q.q);
    add(SEARCH_SQL, q.q, like, like, like, like);
  }
  const base = { where: [...where], params: [...params] };
  const states = q.state ? [q.state].flat() : undefined;
  if (states) add('t.state = ANY(?)', states);
  return {
    page: { where, params },
    base,
    states,
    needsStudy: !!q.q,
    countsFromTable: !(q.q || q.modality || q.mine || q.from || q.to),
  };
}

export const whereSql = (c: Clause) => (c.where.length ? `WHERE ${c.where.join(' AND ')}` : '');

/** The queue order; it mirrors the *_queue_order indexes (migrations 006 and 010): a page stops at LIMIT. */
export const QUEUE_ORDER_SQL = `ORDER BY (CASE WHEN t.state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
                (CASE t.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END), t.arrived_at, t.id`;

/**
 * One page in queue order. The page's ids are chosen first from tasks (and studies only when a
 * filter reads them), so the site, holder and exam-request joins of TASK_SELECT run for the rows
 * returned rather than for every match (a search matching 1,500 studies sorts ids, not rows).
 */
export function pageSql(taskSelect: string, f: ListFilters, limit: number, offset: number): string {
  const ids = `SELECT t.id FROM tasks t ${f.needsStudy ? 'LEFT JOIN studies st ON st.study_instance_uid = t.study_instance_uid' : ''}
    ${whereSql(f.page)} ${QUEUE_ORDER_SQL} LIMIT ${Number(limit)} OFFSET ${Number(offset)}`;
  return `${taskSelect} WHERE t.id IN (${ids}) ${QUEUE_ORDER_SQL}`;
}

/**
 * A search (filters on study columns): the matching tasks are found once and both the page and the
 * counts per state are taken from them, in one statement. Each row carries `counts` (JSON); when the
 * page is empty there is one row whose task columns are all null.
 */
export function searchPageAndCountsSql(taskSelect: string, f: ListFilters, limit: number, offset: number): string {
  const byState = f.states ? `WHERE m.state = ANY($${f.page.params.length})` : '';
  return `WITH m AS MATERIALIZED (
      SELECT t.id, t.state, (CASE WHEN t.state IN ('waiting', 'claimed') THEN 0 ELSE 1 END) AS r1,
             (CASE t.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END) AS r2, t.arrived_at
        FROM tasks t JOIN studies st ON st.study_instance_uid = t.study_instance_uid ${whereSql(f.base)}),
    page AS (SELECT m.id FROM m ${byState} ORDER BY m.r1, m.r2, m.arrived_at, m.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}),
    c AS (SELECT coalesce(json_object_agg(g.state, g.n), '{}') AS counts FROM (SELECT m.state, count(*)::int AS n FROM m GROUP BY m.state) g)
    SELECT x.*, c.counts FROM c LEFT JOIN (${taskSelect} WHERE t.id IN (SELECT id FROM page)) x ON true
     ORDER BY (CASE WHEN x.state IN ('waiting', 'claimed') THEN 0 ELSE 1 END),
              (CASE x.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END), x.arrived_at, x.id`;
}

/**
 * Counts per state over the filters without the state filter. From `task_counts` (deltas kept by
 * triggers in the same transaction as every task change) when the filters allow it, else by
 * counting the matching tasks (joining studies only when a filter reads study columns).
 */
export function countsSql(f: ListFilters): string {
  if (f.countsFromTable) {
    return `SELECT t.state, sum(t.n)::int AS n FROM task_counts t ${whereSql(f.base)} GROUP BY t.state HAVING sum(t.n) <> 0`;
  }
  return `SELECT t.state, count(*)::int AS n FROM tasks t ${f.needsStudy ? 'LEFT JOIN studies st ON st.study_instance_uid = t.study_instance_uid' : ''}
        ${whereSql(f.base)} GROUP BY t.state`;
}
