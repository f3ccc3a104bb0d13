/**
 * The login report's queries: a page with the exact total, and the ordered ids a reader of the whole result builds
 * on (the CSV export, src/report/export-csv.ts). The filter and sort run over `logins` with only the joins they
 * need; the display joins then run for the returned rows only.
 *
 * The exact total is counted first, and it guards how the rows are ordered. Reading the logins in the sort's
 * order (the login index, for the default sort) until the page is full costs about pageEnd × logins / total
 * rows; finding the matches through the filter's indexes and sorting them costs about `total` rows. So a result
 * of at most √(pageEnd × logins) rows (7,000 of 1M for a first page of 50; never fewer than 2,000) is fenced
 * in a materialised CTE and sorted; a larger one is left to the planner. Left alone with a selective filter
 * the planner may trust a wrong estimate (a rare `login contains` before ANALYZE, correlated columns such as
 * city + offline + contract status) and walk the whole login index: seconds instead of milliseconds.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { DEFAULT_SORT, type IdFilter, type ReportSort } from './filter.js';
import { filterSql } from './filter-sql.js';
import { type RawLoginRow, selectLoginRows, toLoginRow } from './login-rows.js';
import type { LoginPage } from './schemas.js';
import { sortSql } from './sort-sql.js';
import { fromLogins, type Join, whereAll } from './sql-parts.js';

/** Results up to this size are always filtered first, then sorted. */
const FILTER_FIRST_MIN_ROWS = 2_000;

/** Whether to filter first: see the module comment. `logins` is the table's size (planner statistics). */
export function filterFirst(total: number, pageEnd: number, logins: number): boolean {
  return total <= Math.max(FILTER_FIRST_MIN_ROWS, Math.sqrt(pageEnd * logins));
}

export interface PageRequest {
  filter: IdFilter;
  sort?: ReportSort;
  page?: number;
  pageSize?: number;
  /** The instant offline durations are measured from; default now. */
  now?: Date;
  /** Force the ordering strategy (tests exercise both); default: `filterFirst()`. */
  filterFirst?: boolean;
  /**
   * The total of this filter the caller already has (an earlier page): not counted again, answered as `total` and
   * used to choose the ordering strategy. Counting is the larger part of a page over a large result (a trigram
   * `contains` matching 30k of 1M logins: ~250 of ~350 ms).
   */
  knownTotal?: number;
}

export type { LoginPage } from './schemas.js';

export async function queryLogins(db: Db, request: PageRequest): Promise<LoginPage> {
  const now = request.now ?? new Date();
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? 50;
  const { total, logins } =
    request.knownTotal === undefined
      ? await countWithSize(db, request.filter, now)
      : { total: request.knownTotal, logins: await tableSize(db) };
  const offset = (page - 1) * pageSize;
  if (offset >= total) return { rows: [], total, page, pageSize };
  const first = request.filterFirst ?? filterFirst(total, offset + pageSize, logins);
  const rows = await queryRows<RawLoginRow>(db, pageSql({ ...request, now, page, pageSize, filterFirst: first }));
  return { rows: rows.map((r) => toLoginRow(r, now)), total, page, pageSize };
}

/** The rows of one page, as one statement (the SQL snapshots in src/db/snapshots read it too). */
export function pageSql(request: PageRequest & { now: Date; page: number; pageSize: number; filterFirst: boolean }): SQL {
  const sort = request.sort ?? DEFAULT_SORT;
  const limit = sql`limit ${request.pageSize} offset ${(request.page - 1) * request.pageSize}`;
  const inner = innerStatement(request.filter, sort, request.now, request.filterFirst, limit);
  return selectLoginRows(inner, sortSql(sort).orderByInner('s'));
}

/** The exact count, and the size of the logins table as the planner knows it (0 before any ANALYZE). */
export async function countWithSize(db: Db, filter: IdFilter, now: Date): Promise<{ total: number; logins: number }> {
  const [row] = await queryRows<{ total: number; logins: number }>(db, countSql(filter, now));
  return { total: row?.total ?? 0, logins: Number(row?.logins ?? 0) };
}

const sizeSql = sql`(select greatest(reltuples, 0)::float8 from pg_class where oid = 'logins'::regclass)`;

/** The size of the logins table as the planner knows it (0 before any ANALYZE). */
async function tableSize(db: Db): Promise<number> {
  const [row] = await queryRows<{ logins: number }>(db, sql`select ${sizeSql} as logins`);
  return Number(row?.logins ?? 0);
}

/**
 * The exact count and the table's size, as one statement (read by the SQL snapshots too). Without a condition the
 * count is element_counts' row for every login (kept by triggers on logins, migration 0015_incidents): the
 * report's first view does not count a million rows each time it is opened.
 */
export function countSql(filter: IdFilter, now: Date): SQL {
  const { conditions, joins } = filterSql(filter, now);
  if (conditions.length === 0) {
    return sql`select coalesce((select total from element_counts where kind = 'all' and element_id = 0), 0)::int as total, ${sizeSql} as logins`;
  }
  return sql`select count(*)::int as total, ${sizeSql} as logins
          from ${fromLogins(joins)} ${whereAll(conditions)}`;
}

/**
 * Ids, sort key `k` and its text `sort_key` of the matching logins, in order, limited (and within `bounds`, conditions
 * over the same tables: an export's keyset).
 * `filterFirst` fences the filter in a materialised CTE, so its rows are found through the filter's indexes
 * and then sorted, whatever the planner estimates.
 */
export function innerStatement(
  filter: IdFilter,
  sort: ReportSort,
  now: Date,
  filterFirst: boolean,
  limit: SQL,
  bounds: readonly SQL[] = [],
): SQL {
  const { conditions, joins } = filterSql(filter, now);
  const order = sortSql(sort);
  const all = new Set<Join>([...joins, ...order.joins]);
  const where = [...conditions, ...bounds];
  const rows = sql`select l.id, ${order.key} as k, ${order.keyText} as sort_key from ${fromLogins(all)} ${whereAll(where)}`;
  if (!filterFirst) return sql`${rows} order by ${order.orderBy} ${limit}`;
  return sql`with m as materialized (${rows}) select id, k, sort_key from m order by ${order.orderByInner('m')} ${limit}`;
}
