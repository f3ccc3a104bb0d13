import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { type Database, queryRows } from './database.js';

interface TransitionTrigger {
  trigger: string;
  fn: string;
  source: string;
  oldTable: string | null;
  newTable: string | null;
}

/** The function's text outside its string literals ('…' and $tag$…$tag$), where cached plans live. */
function outsideLiterals(source: string): string {
  return source.replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, ' ').replace(/'(?:[^']|'')*'/g, ' ');
}

// Migration 0025: PL/pgSQL caches a plan made for the transition tables' size at the first run in a connection;
// a one-row change first (a RADIUS packet) then made a 5,000-row import take seconds per statement.
describe.each(backends)('triggers over transition tables on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('read the transition tables only through EXECUTE, planned for each statement', async () => {
    const triggers = await queryRows<TransitionTrigger>(
      database.db,
      sql`select t.tgname as trigger, p.proname as fn, p.prosrc as source, t.tgoldtable as "oldTable", t.tgnewtable as "newTable"
            from pg_trigger t join pg_proc p on p.oid = t.tgfoid
           where not t.tgisinternal and (t.tgoldtable is not null or t.tgnewtable is not null)
           order by t.tgname`,
    );
    expect(triggers.length).toBeGreaterThanOrEqual(9);
    const cached = triggers.filter((t) => {
      const code = outsideLiterals(t.source).toLowerCase();
      return [t.oldTable, t.newTable].some((name) => name && code.includes(name.toLowerCase()));
    });
    expect(cached.map((t) => `${t.trigger} → ${t.fn}`)).toEqual([]);
  });

  it('keeps status history and element counts right when a one-row change comes first on the connection', async () => {
    const db = database.db;
    await db.execute(sql`insert into clients (id, name, name_search) values (1, 'Ana', 'ana')`);
    await db.execute(sql`insert into contracts (id, client_id, status) values (1, 1, 'A')`);
    await db.execute(sql`insert into nas (id, name) values (1, 'BRAS-1'), (2, 'BRAS-2')`);
    await db.execute(sql`insert into logins (id, client_id, contract_id, login, nas_id, online)
      select g, 1, 1, 'login' || g, 1, 'S' from generate_series(1, 300) g`);
    await db.execute(sql`update logins set online = 'N' where id = 1`);
    await db.execute(sql`update logins set online = 'N', nas_id = 2 where id between 2 and 300`);
    const [events] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from login_status_events where not online`);
    expect(events?.n).toBe(300);
    const counts = await queryRows<{ kind: string; element_id: number; total: number; online: number; offline: number }>(
      db,
      sql`select kind, element_id, total, online, offline from element_counts where kind in ('all', 'nas') order by kind, element_id`,
    );
    expect(counts).toEqual([
      { kind: 'all', element_id: 0, total: 300, online: 0, offline: 300 },
      { kind: 'nas', element_id: 1, total: 1, online: 0, offline: 1 },
      { kind: 'nas', element_id: 2, total: 299, online: 0, offline: 299 },
    ]);
  });
});
