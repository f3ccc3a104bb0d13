/**
 * Set-based SQL of the bulk writer: one `INSERT … SELECT … FROM unnest(…) ON CONFLICT (id) DO UPDATE` per
 * batch, each column travelling as one array parameter.
 *
 * unnest vs jsonb_to_recordset (100,000 logins-like rows of 9 columns, batches of 5,000, this 2-core machine):
 *   PGlite      unnest 18.8k–21.9k rows/s insert, 18.9k–23.6k update; jsonb 17.2k–23.2k insert, 18.9k–23.9k update
 *   PostgreSQL  unnest 33.2k–33.7k rows/s insert, 36.3k–38.0k update; jsonb 27.5k–34.3k insert, 23.9k–35.4k update
 * Re-measured on the real thing, importing 100,000 logins (31 columns) on PGlite: the upsert statements took
 * 7.6 s with unnest, 8.6 s with jsonb_to_recordset (whole import 14.2 s vs 16.5 s, building the JSON included).
 * Equal or better everywhere: unnest is kept. Index maintenance is most of the cost either way.
 */
import { type SQL, type SQLChunk, sql } from 'drizzle-orm';
import type { Value } from './validate.js';

export type SqlType = 'int4' | 'float8' | 'bool' | 'text';

export interface ColumnValues {
  column: string;
  type: SqlType;
  /** How the unnested value becomes the stored one: `date`, or `timestamp` (wall clock → timestamptz). */
  convert?: 'date' | 'timestamp';
  values: Value[];
}

const list = (parts: readonly SQLChunk[]): SQL => sql.join([...parts], sql`, `);
const arrayParam = (c: ColumnValues): SQL => sql`${sql.param(c.values)}::${sql.raw(c.type)}[]`;

/** The stored value of column `c` read from `alias` (an unnested or a staged row). */
function selectExpression(c: ColumnValues, timezone: string, alias = 'u'): SQL {
  const ref = sql`${sql.raw(alias)}.${sql.identifier(c.column)}`;
  if (c.convert === 'date') return sql`${ref}::date`;
  if (c.convert === 'timestamp') return sql`(${ref}::timestamp at time zone ${timezone})`;
  return ref;
}

/**
 * Upserts rows given column by column (`id` first). Present columns only are written, so a column missing
 * from the source keeps its stored value. A row whose values are all unchanged is not rewritten, so its
 * `updated_at` keeps meaning "last changed". Returns one row per row inserted or changed, with `inserted`
 * telling which (a row PostgreSQL inserted has no `xmax`).
 */
export function upsertStatement(
  table: string,
  columns: readonly ColumnValues[],
  timezone: string,
  /** Set `updated_at = now()` on change (subscriber tables; reference tables have no such column). */
  stamp = true,
): SQL {
  const names = list(columns.map((c) => sql.identifier(c.column)));
  const selects = list(columns.map((c) => selectExpression(c, timezone)));
  const arrays = list(columns.map(arrayParam));
  const updatable = columns.filter((c) => c.column !== 'id');
  const head = sql`insert into ${sql.identifier(table)} as t (${names})
    select ${selects} from unnest(${arrays}) as u(${names})`;
  if (updatable.length === 0) return sql`${head} on conflict (id) do nothing returning true as inserted`;
  const sets = list(updatable.map((c) => sql`${sql.identifier(c.column)} = excluded.${sql.identifier(c.column)}`));
  const stored = list(updatable.map((c) => sql`t.${sql.identifier(c.column)}`));
  const incoming = list(updatable.map((c) => sql`excluded.${sql.identifier(c.column)}`));
  return sql`${head}
    on conflict (id) do update set ${sets}${stamp ? sql`, updated_at = now()` : sql``}
    where (${stored}) is distinct from (${incoming})
    returning (t.xmax = 0) as inserted`;
}

/** What a merge did: rows inserted, and rows inserted or changed (the rest were identical: not rewritten). */
export interface MergeCounts {
  inserted: number;
  changed: number;
}

/**
 * Merges the rows of the staged table `stage` (columns as `columns`, values as staged: see src/db/bulk.ts) into
 * `table`, the same way as `upsertStatement`: present columns only (a column missing from the source keeps its
 * stored value), identical rows not rewritten (nor locked: they are left out before the insert), `updated_at`
 * set on change. `updateOnly` (a source lacking a NOT NULL column, which PostgreSQL checks on the proposed row
 * before `ON CONFLICT` could turn the insert into an update) updates existing rows and inserts none.
 * Returns one row of `MergeCounts`.
 */
export function mergeStatement(
  table: string,
  stage: string,
  columns: readonly ColumnValues[],
  timezone: string,
  options: { updateOnly?: boolean } = {},
): SQL {
  const target = sql.identifier(table);
  const source = sql.identifier(stage);
  const updatable = columns.filter((c) => c.column !== 'id');
  const incoming = list(updatable.map((c) => selectExpression(c, timezone, 's')));
  const stored = (alias: string) => list(updatable.map((c) => sql`${sql.raw(alias)}.${sql.identifier(c.column)}`));
  const counts = sql`select count(*) filter (where inserted)::int as inserted, count(*)::int as changed from merged`;
  if (options.updateOnly) {
    if (updatable.length === 0) return sql`select 0 as inserted, 0 as changed`;
    const sets = list(updatable.map((c) => sql`${sql.identifier(c.column)} = ${selectExpression(c, timezone, 's')}`));
    return sql`with merged as (
      update ${target} as t set ${sets}, updated_at = now() from ${source} as s
       where t.id = s.id and (${stored('t')}) is distinct from (${incoming})
      returning false as inserted)
    ${counts}`;
  }
  const names = list(columns.map((c) => sql.identifier(c.column)));
  const selects = list(columns.map((c) => selectExpression(c, timezone, 's')));
  // The stored row, looked up by id one staged row at a time (LIMIT keeps the planner from hashing the table).
  const newOrChanged = sql`left join lateral (select true as found, ${stored('x')} from ${target} as x where x.id = s.id limit 1) as o on true
    where o.found is null${updatable.length === 0 ? sql`` : sql` or (${stored('o')}) is distinct from (${incoming})`}`;
  const conflict =
    updatable.length === 0
      ? sql`on conflict (id) do nothing`
      : sql`on conflict (id) do update set ${list(updatable.map((c) => sql`${sql.identifier(c.column)} = excluded.${sql.identifier(c.column)}`))}, updated_at = now()
          where (${stored('t')}) is distinct from (${list(updatable.map((c) => sql`excluded.${sql.identifier(c.column)}`))})`;
  return sql`with merged as (
    insert into ${target} as t (${names})
    select ${selects} from ${source} as s ${newOrChanged}
    ${conflict}
    returning (t.xmax = 0) as inserted)
  ${counts}`;
}

export interface PlaceholderRows {
  ids: number[];
  names: string[];
  /** Folded names, for tables that keep a search column (cities, ftth_boxes). */
  searchNames?: string[];
}

/**
 * Inserts reference rows that do not exist yet. An existing name is never overwritten, except a placeholder
 * `#<id>` that a later source names properly (e.g. a login's `concentrador`). Rows with nothing to change are
 * left out before the insert, and the others taken in id order: concurrent imports naming the same NAS neither
 * queue behind each other's row locks nor deadlock.
 */
export function placeholderStatement(table: string, rows: PlaceholderRows): SQL {
  const search = rows.searchNames;
  const columns = search ? sql`id, name, name_search` : sql`id, name`;
  const arrays = search
    ? sql`${sql.param(rows.ids)}::int4[], ${sql.param(rows.names)}::text[], ${sql.param(search)}::text[]`
    : sql`${sql.param(rows.ids)}::int4[], ${sql.param(rows.names)}::text[]`;
  const sets = search ? sql`name = excluded.name, name_search = excluded.name_search` : sql`name = excluded.name`;
  const target = sql.identifier(table);
  return sql`insert into ${target} as t (${columns})
    select * from unnest(${arrays}) as u(${columns})
     where not exists (select from ${target} as x where x.id = u.id and not (x.name = '#' || x.id and u.name <> x.name))
     order by u.id
    on conflict (id) do update set ${sets}
    where t.name = '#' || t.id and excluded.name <> t.name`;
}

/** Integers as one array literal (`{1,2,3}`): the driver's own array encoding costs ~8 KB of garbage per 1,000 ids. */
const intArray = (ids: readonly number[]): SQL => sql`${sql.param(`{${ids.join(',')}}`)}::int4[]`;

/**
 * Of each list of ids, those its table lacks: one row `(list, id)` per missing id, `list` the list's position.
 * Only the (usually no) missing ids travel back, and every list is checked in one round trip.
 */
export function missingIdsStatement(lists: readonly { table: string; ids: readonly number[] }[]): SQL {
  const selects = lists.map(
    ({ table, ids }, i) =>
      sql`select ${sql.raw(String(i))} as list, u.id from unnest(${intArray(ids)}) as u(id)
           where not exists (select from ${sql.identifier(table)} as t where t.id = u.id)`,
  );
  return sql.join(selects, sql` union all `);
}
