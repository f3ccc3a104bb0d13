/**
 * Report ordering: every sortable column as a key expression, nulls last in both directions, ties broken by
 * login id in the sort's direction — so an order is total, pages never overlap, and the export can page by
 * keyset `(key, id)`. Text keys compare in byte order (`collate "C"`) on folded values where the text is a
 * person's (names, cities, bairros): the same order on PGlite and PostgreSQL whatever the server's locale, and
 * the order of the index logins_login_sort_idx for the default sort.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { ReportSort, SortColumn } from './filter.js';
import type { Join } from './sql-parts.js';

type KeyType = 'text' | 'int4' | 'numeric' | 'timestamptz';

interface SortKey {
  expr: SQL;
  type: KeyType;
  nullable: boolean;
  joins: readonly Join[];
}

const key = (expr: SQL, type: KeyType, nullable: boolean, joins: readonly Join[] = []): SortKey => ({
  expr,
  type,
  nullable,
  joins,
});

const KEYS: Readonly<Record<SortColumn, SortKey>> = {
  login: key(sql`l.login`, 'text', false),
  clientName: key(sql`c.name_search`, 'text', false, ['clients']),
  clientId: key(sql`l.client_id`, 'int4', false),
  contractId: key(sql`l.contract_id`, 'int4', true),
  online: key(sql`(case l.online when 'S' then 0 when 'N' then 1 when 'SS' then 2 else 3 end)`, 'int4', false),
  sessionStartedAt: key(sql`l.session_started_at`, 'timestamptz', true),
  sessionEndedAt: key(sql`l.session_ended_at`, 'timestamptz', true),
  // Offline time = now − end of session: ordered as minus the end's epoch, whatever `now` is.
  offlineSeconds: key(sql`(case when l.online = 'N' then -extract(epoch from l.session_ended_at) end)`, 'numeric', true),
  disconnectReason: key(sql`l.disconnect_reason`, 'text', true),
  nasName: key(sql`n.name`, 'text', true, ['nas']),
  popName: key(sql`o.name`, 'text', true, ['pops']),
  ftthBoxName: key(sql`b.name`, 'text', true, ['ftthBoxes']),
  cityName: key(sql`ci.name_search`, 'text', true, ['cities']),
  neighbourhood: key(sql`l.effective_neighbourhood_search`, 'text', true),
  planName: key(sql`p.name`, 'text', true, ['plans']),
};

/** Where the export left off: the last row's key (as text) and id. */
export interface Cursor {
  key: string | null;
  id: number;
}

export interface SortSql {
  joins: readonly Join[];
  /** The key over `logins l` and its joins, to select as `k` in an inner query. */
  key: SQL;
  /** The key as text, for a `Cursor`. */
  keyText: SQL;
  /** ORDER BY over the joined tables (`l.id` the tie-break). */
  orderBy: SQL;
  /** ORDER BY over an inner query's output columns `k` and `id`, aliased `alias`. */
  orderByInner(alias: string): SQL;
  /** Rows strictly after `cursor` in this order. */
  after(cursor: Cursor): SQL;
  /** Rows up to and including `cursor` in this order (a range an index on the key serves, unlike `not after`). */
  upTo(cursor: Cursor): SQL;
}

export function sortSql(sort: ReportSort): SortSql {
  const k = KEYS[sort.column];
  const asc = sort.dir === 'asc';
  const dir = sql.raw(asc ? 'asc' : 'desc');
  const collated = (e: SQL) => (k.type === 'text' ? sql`${e} collate "C"` : e);
  const order = (keyExpr: SQL, id: SQL) => sql`${collated(keyExpr)} ${dir} nulls last, ${id} ${dir}`;
  return {
    joins: k.joins,
    key: k.expr,
    keyText: sql`(${k.expr})::text`,
    orderBy: order(k.expr, sql`l.id`),
    orderByInner: (alias) => order(sql.raw(`${alias}.k`), sql.raw(`${alias}.id`)),
    after(cursor) {
      const cmp = sql.raw(asc ? '>' : '<');
      if (cursor.key === null) return sql`(${k.expr} is null and l.id ${cmp} ${cursor.id})`;
      const value = sql`${cursor.key}::${sql.raw(k.type)}`;
      const beyond = sql`(${collated(k.expr)}, l.id) ${cmp} (${value}, ${cursor.id})`;
      return k.nullable ? sql`(${beyond} or ${k.expr} is null)` : beyond;
    },
    upTo(cursor) {
      const cmp = sql.raw(asc ? '<=' : '>=');
      // the nulls come last: a cursor among them has every non-null key before it
      if (cursor.key === null) return sql`(${k.expr} is not null or l.id ${cmp} ${cursor.id})`;
      return sql`(${collated(k.expr)}, l.id) ${cmp} (${sql`${cursor.key}::${sql.raw(k.type)}`}, ${cursor.id})`;
    },
  };
}
