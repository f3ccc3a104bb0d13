import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { MAX_GROUPS, summarise } from '../report/summary.js';
import { backends } from '../test-support/databases.js';

/** element_counts as a fresh GROUP BY over logins would give it (elements with no login left count zero). */
const recount = sql`select v.kind, v.id as element_id, count(*)::int as total,
    (count(*) filter (where l.online = 'S'))::int as online, (count(*) filter (where l.online = 'N'))::int as offline,
    (count(*) filter (where l.online not in ('S','N')))::int as never
  from logins l cross join lateral (values ('all', 0), ('nas', l.nas_id), ('pop', l.pop_id), ('box', l.ftth_box_id)) v(kind, id)
  where v.id is not null group by 1, 2`;

describe.each(backends)('element_counts kept by the triggers on logins, on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  const drift = () =>
    queryRows<{ kind: string; element_id: number }>(
      database.db,
      sql`with r as (${recount})
          select coalesce(e.kind, r.kind) as kind, coalesce(e.element_id, r.element_id) as element_id,
                 e.total as stored, r.total as actual
            from element_counts e full join r on r.kind = e.kind and r.element_id = e.element_id
           where (coalesce(e.total, 0), coalesce(e.online, 0), coalesce(e.offline, 0), coalesce(e.never, 0))
                 is distinct from (coalesce(r.total, 0), coalesce(r.online, 0), coalesce(r.offline, 0), coalesce(r.never, 0))`,
    );
  const count = async (kind: string, id: number) =>
    (await queryRows<{ online: number; offline: number; total: number }>(
      database.db,
      sql`select online, offline, total from element_counts where kind = ${kind} and element_id = ${id}`,
    ))[0];

  it('follow inserts, state changes, moves between elements and deletes, set-based and row by row', async () => {
    const db = database.db;
    await db.execute(sql`insert into clients (id, name, name_search) values (1, 'C', 'c')`);
    // 300 logins over 3 NAS, 4 POPs, 30 boxes, a third without a box, in one statement
    await db.execute(sql`insert into logins (id, login, client_id, online, nas_id, pop_id, ftth_box_id)
      select g, 'l' || g, 1, (array['S','N','SS'])[1 + g % 3], 1 + g % 3, 1 + g % 4, case when g % 3 = 0 then null else 1 + g % 30 end
        from generate_series(1, 300) g`);
    expect(await drift()).toEqual([]);
    expect(await count('all', 0)).toEqual({ online: 100, offline: 100, total: 300 });

    // a NAS reset: all of NAS 2 offline in one statement
    await db.execute(sql`update logins set online = 'N' where nas_id = 2`);
    expect(await count('nas', 2)).toMatchObject({ online: 0, total: 100 });
    // logins move to another NAS and box while changing state; a no-op update changes nothing
    await db.execute(sql`update logins set nas_id = 3, ftth_box_id = 7, online = 'S' where id between 1 and 40`);
    await db.execute(sql`update logins set online = online where id between 41 and 60`);
    // one row at a time, as the IXC sync's upsert may
    for (const id of [61, 62, 63]) await db.execute(sql`update logins set online = 'N', pop_id = null where id = ${id}`);
    await db.execute(sql`delete from logins where id > 280`);
    await db.execute(sql`insert into logins (id, login, client_id, online, nas_id) values (1000, 'x', 1, 'S', 99)
      on conflict (id) do update set online = 'N'`);
    await db.execute(sql`insert into logins (id, login, client_id, online, nas_id) values (1000, 'x', 1, 'S', 99)
      on conflict (id) do update set online = 'N'`);
    expect(await drift()).toEqual([]);
    expect(await count('nas', 99)).toEqual({ online: 0, offline: 1, total: 1 });
  });

  it('serve the unfiltered report summary exactly as grouping every login would, past the 100-group cap and its ties', async () => {
    const db = database.db;
    await db.execute(sql`insert into ftth_boxes (id, name) select b, 'CTO-' || lpad(b::text, 3, '0') from generate_series(1000, 1179) b`);
    // 180 boxes, box b with b % 60 offline logins (three boxes per count: ties at the cut) and 2 online
    await db.execute(sql`insert into logins (id, login, client_id, online, nas_id, pop_id, ftth_box_id)
      select 5000 + row_number() over (), 'x' || row_number() over (), 1, case when n <= b % 60 then 'N' else 'S' end,
             1 + b % 3, 1 + b % 4, 1000 + b
        from generate_series(0, 179) b cross join lateral generate_series(1, b % 60 + 2) n`);
    const byCounters = await summarise(db, {});
    const byGrouping = await summarise(db, { online: ['online', 'offline', 'never'] });
    expect(byCounters.byFtthBox).toHaveLength(MAX_GROUPS);
    expect(byCounters).toEqual(byGrouping);
    // and as ranking every box in JavaScript would: offline first, then name (byte order), then id, nulls last
    const every = await queryRows<{ id: number | null; name: string | null; total: number; online: number; offline: number; never: number }>(
      db,
      sql`select l.ftth_box_id as id, b.name, count(*)::int as total, (count(*) filter (where l.online = 'S'))::int as online,
                 (count(*) filter (where l.online = 'N'))::int as offline, (count(*) filter (where l.online not in ('S','N')))::int as never
            from logins l left join ftth_boxes b on b.id = l.ftth_box_id group by 1, 2`,
    );
    const byName = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : Buffer.compare(Buffer.from(a), Buffer.from(b)));
    every.sort((a, b) => b.offline - a.offline || byName(a.name, b.name) || (a.id ?? Infinity) - (b.id ?? Infinity));
    expect(byGrouping.byFtthBox).toEqual(every.slice(0, MAX_GROUPS));
  });
});
