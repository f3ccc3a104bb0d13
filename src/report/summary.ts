/**
 * The report's summary on a filter: totals by live state, and the same counts by NAS, POP and FTTH box — one
 * scan with GROUPING SETS. Each list is ordered by offline logins (most first), then name, then id, and holds
 * at most 100 groups (a 1M-login base has 70k+ boxes); a group with a null id gathers logins without one.
 * Without a filter the counts come from element_counts (no scan at all).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import type { IdFilter } from './filter.js';
import { filterSql } from './filter-sql.js';
import type { Summary, SummaryGroup as Group } from './schemas.js';
import { fromLogins, whereAll } from './sql-parts.js';

export type { Summary } from './schemas.js';

export const MAX_GROUPS = 100;

type Dimension = 'all' | 'nas' | 'pop' | 'box';

export async function summarise(db: Db, filter: IdFilter, now = new Date()): Promise<Summary> {
  if (filterSql(filter, now).conditions.length === 0) return shape(await queryRows<Row>(db, countersStatement()));
  // Room to hash 70k+ box groups in memory: with the default 4 MB the grouping sets sort on disk (the grouping
  // of 1M unfiltered logins alone, bench machine: 1.5 s → 0.8 s on PostgreSQL, 3.3 s → 2.4 s on PGlite).
  const rows = await inTransaction(db, async (tx) => {
    await tx.execute(sql`set local work_mem = '32MB'`);
    return queryRows<Row>(tx, summaryStatement(filter, now));
  });
  return shape(rows);
}

type Row = Group & { dim: Dimension };

function shape(rows: Row[]): Summary {
  const of = (dim: Dimension): Group[] =>
    rows.filter((r) => r.dim === dim).map(({ dim: _, ...group }) => group);
  const all = rows.find((r) => r.dim === 'all');
  return {
    total: all?.total ?? 0,
    online: all?.online ?? 0,
    offline: all?.offline ?? 0,
    never: all?.never ?? 0,
    byNas: of('nas'),
    byPop: of('pop'),
    byFtthBox: of('box'),
  };
}

/**
 * The unfiltered summary from element_counts (kept by triggers on logins, migration 0015_incidents) instead of
 * grouping every login: the same groups, order and cap; the logins without an element are what the total has
 * beyond the elements' sum.
 */
function countersStatement(): SQL {
  return sql`with e as (
        select kind as dim, element_id as id, total, online, offline, never from element_counts where total > 0 or kind = 'all'
      ), cut as (
        -- the 100th most offline of each dimension (element_counts_offline_idx): only those at or above it can rank
        select v.dim, (select c.offline from element_counts c where c.kind = v.dim and c.total > 0
                        order by c.offline desc offset ${MAX_GROUPS - 1} limit 1) as least
          from (values ('nas'), ('pop'), ('box')) v(dim)
      ), d as (
        select e.* from e left join cut on cut.dim = e.dim where e.dim = 'all' or cut.least is null or e.offline >= cut.least
        union all
        select k.dim, null, a.total - k.total, a.online - k.online, a.offline - k.offline, a.never - k.never
          from (select dim, sum(total)::int as total, sum(online)::int as online, sum(offline)::int as offline, sum(never)::int as never
                  from e where dim <> 'all' group by dim) k
          cross join (select * from e where dim = 'all') a
         where a.total > k.total
        union all
        select v.dim, null, a.total, a.online, a.offline, a.never from (values ('nas'), ('pop'), ('box')) v(dim)
          cross join (select * from e where dim = 'all') a
         where a.total > 0 and not exists (select 1 from e where e.dim = v.dim)
      ), ${ranked}`;
}

/**
 * The `all` row and, per dimension, the first MAX_GROUPS groups with their element's name, ordered offline first,
 * then name, then id. Each dimension is its own ORDER BY … LIMIT (a bounded top-N sort) over `d`: a filter on a 1M
 * base can leave 70k+ box groups, and ranking all of them by name with a window function cost more than counting
 * them (a plan's online logins, 285k rows: 75k groups sorted in ~250 ms).
 */
const DIMENSIONS = [
  ['nas', sql`nas`],
  ['pop', sql`pops`],
  ['box', sql`ftth_boxes`],
] as const;

const byRank = (offline: SQL, name: SQL, id: SQL) => sql`${offline} desc, ${name} collate "C" nulls last, ${id} nulls last`;

const topGroups = sql.join(
  [
    sql`select dim, id, null::text as name, total, online, offline, never from d where dim = 'all'`,
    ...DIMENSIONS.map(
      ([dim, table]) => sql`(select d.dim, d.id, t.name, d.total, d.online, d.offline, d.never
          from d left join ${table} t on t.id = d.id where d.dim = ${dim}
         order by ${byRank(sql`d.offline`, sql`t.name`, sql`d.id`)} limit ${MAX_GROUPS})`,
    ),
  ],
  sql` union all `,
);

const ranked = sql`r as (${topGroups})
      select dim, id, name, total, online, offline, never from r order by dim, ${byRank(sql`offline`, sql`name`, sql`id`)}`;

/** The grouping statement of a filtered summary (read by src/report/covering-indexes.test.ts). */
export function summaryStatement(filter: IdFilter, now: Date): SQL {
  const { conditions, joins } = filterSql(filter, now);
  return sql`with g as (
        select grouping(l.nas_id) as gn, grouping(l.pop_id) as gp, grouping(l.ftth_box_id) as gb,
               l.nas_id, l.pop_id, l.ftth_box_id,
               count(*)::int as total,
               (count(*) filter (where l.online = 'S'))::int as online,
               (count(*) filter (where l.online = 'N'))::int as offline,
               (count(*) filter (where l.online in ('SS', 'I')))::int as never
          from ${fromLogins(joins)} ${whereAll(conditions)}
         group by grouping sets ((), (l.nas_id), (l.pop_id), (l.ftth_box_id))
      ), d as (
        select case when gn = 0 then 'nas' when gp = 0 then 'pop' when gb = 0 then 'box' else 'all' end as dim,
               case when gn = 0 then nas_id when gp = 0 then pop_id when gb = 0 then ftth_box_id end as id,
               total, online, offline, never
          from g
      ), ${ranked}`;
}
