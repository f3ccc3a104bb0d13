/**
 * A bulk load into empty tables (the demo) drops their secondary indexes first and builds each one once at the
 * end: one sort per index instead of an index entry per row. `avisa demo --logins 1000000` on PostgreSQL took 161.5 s
 * so (about 20 s of it the builds) against 206 s with the indexes kept.
 *
 * The definitions go to `deferred_indexes` in the transaction that drops the indexes, and each row is deleted in
 * the transaction that builds its index again, so no interleaving loses one: a load killed half-way leaves its
 * rows, and the next start builds them (openConfiguredDatabase, right after the migrations). A row being built is locked
 * (`for update skip locked`), so two processes never build the same index; the other one skips it.
 * Unique indexes and those of constraints stay: upserts and foreign keys need them while rows arrive.
 *
 * A load that checks its rows' parents itself (the demo: a chunk's logins come after their clients and contracts)
 * may defer the foreign keys between the tables too (`foreignKeys`): each one is then added again at the end,
 * which checks every row at once (an anti-join) instead of one lookup per row (300,000 logins: 3.9 s → 1.6 s to
 * insert). They are kept in `deferred_indexes` like the indexes, and added again after them.
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, longQueries, queryRows } from './database.js';
import { driverOf } from './drivers.js';
import { databaseReason, sqlStateOf } from './sql-state.js';

/** Indexes built at once on PostgreSQL (PGlite runs one statement at a time anyway). */
const POSTGRES_BUILDERS = 2;
/** Sort memory of each build on PostgreSQL (its default, 64MB, spills the 1M-login indexes to disk). */
const POSTGRES_BUILD_MEMORY = '256MB';

/** Whether every one of `tables` has no row. */
export async function tablesAreEmpty(db: Db, tables: readonly string[]): Promise<boolean> {
  for (const table of tables) {
    const [row] = await queryRows<{ has: boolean }>(db, sql`select exists (select from ${sql.identifier(table)}) as has`);
    if (row?.has) return false;
  }
  return true;
}

export interface DeferOptions {
  /** Defer the foreign keys whose table is one of `tables` as well (the load checks the parents itself). */
  foreignKeys?: boolean;
}

type Deferred = { name: string; table_name: string; definition: string };

/**
 * Drops the secondary indexes of `tables` (and, if asked, their foreign keys) when every one of them is empty,
 * keeping their definitions; returns how many were dropped (0 when a table has rows: they are then kept, as an
 * update needs them).
 */
export async function deferSecondaryIndexes(db: Db, tables: readonly string[], options: DeferOptions = {}): Promise<number> {
  return inTransaction(db, async (tx) => {
    if (!(await tablesAreEmpty(tx, tables))) return 0;
    const names = sql.join(tables.map((t) => sql`${t}`), sql`, `);
    const indexes = await queryRows<Deferred>(
      tx,
      sql`select i.indexrelid::regclass::text as name, t.relname as table_name, pg_get_indexdef(i.indexrelid) as definition
          from pg_index i
          join pg_class t on t.oid = i.indrelid
          where t.relnamespace = 'public'::regnamespace and t.relname in (${names})
            and not i.indisunique and not i.indisprimary
            and not exists (select from pg_constraint c where c.conindid = i.indexrelid)
          order by 1`,
    );
    const foreignKeys = !options.foreignKeys
      ? []
      : await queryRows<Deferred>(
          tx,
          sql`select c.conname as name, t.relname as table_name,
                     format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) as definition
              from pg_constraint c
              join pg_class t on t.oid = c.conrelid
              where c.contype = 'f' and t.relnamespace = 'public'::regnamespace and t.relname in (${names})
              order by 1`,
        );
    for (const item of [...indexes, ...foreignKeys]) {
      await tx.execute(
        sql`insert into deferred_indexes (name, table_name, definition)
            values (${item.name}, ${item.table_name}, ${item.definition}) on conflict (name) do nothing`,
      );
    }
    for (const index of indexes) await tx.execute(sql`drop index ${sql.identifier(index.name)}`);
    for (const fk of foreignKeys) {
      await tx.execute(sql`alter table ${sql.identifier(fk.table_name)} drop constraint ${sql.identifier(fk.name)}`);
    }
    return indexes.length + foreignKeys.length;
  });
}

/**
 * Runs a bulk load with the secondary indexes of `tables` deferred when they are all empty, and builds them after
 * it. If the load fails, the indexes are built anyway when the database still answers (else at the next start).
 */
export async function withDeferredIndexes<T>(
  db: Db,
  tables: readonly string[],
  load: () => Promise<T>,
  options: DeferOptions = {},
): Promise<T> {
  const deferred = await deferSecondaryIndexes(db, tables, options);
  let result: T;
  try {
    result = await load();
  } catch (err) {
    if (deferred > 0) await buildDeferredIndexes(db).catch(() => {});
    throw err;
  }
  if (deferred > 0) await buildDeferredIndexes(db);
  return result;
}

export interface BuildOptions {
  /**
   * Called for a deferred foreign key that rows break (SQLSTATE 23503), instead of failing: it stays deferred and
   * is tried again at the next build. The start of every process passes it, so such rows never lock Avisa out.
   */
  onKeyRefused?: (name: string, reason: string) => void;
}

/**
 * Builds every deferred index (trigram indexes first: the longest), then adds the deferred foreign keys again;
 * returns how many this call built or added. If one fails, the others are still built, then its error is thrown.
 */
export async function buildDeferredIndexes(db: Db, options: BuildOptions = {}): Promise<number> {
  const pending = await queryRows<{ name: string }>(
    db,
    sql`select name from deferred_indexes
        order by (definition like 'ALTER TABLE %'), (definition like '%USING gin%') desc, name`,
  );
  const postgres = driverOf(db)?.kind === 'postgres';
  const queue = pending.map((p) => p.name);
  let built = 0;
  const failures: unknown[] = [];
  const builder = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      // one that fails (a foreign key that rows added meanwhile break) stays deferred; the others are still built
      const refused = (err: unknown) => {
        if (options.onKeyRefused && sqlStateOf(err) === '23503') options.onKeyRefused(name, databaseReason(err));
        else failures.push(err);
      };
      if (await buildOne(longQueries(db), name, postgres).catch(refused)) built++;
    }
  };
  await Promise.all(Array.from({ length: postgres ? POSTGRES_BUILDERS : 1 }, builder));
  if (failures.length > 0) throw failures[0];
  return built;
}

async function buildOne(db: Db, name: string, postgres: boolean): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const [row] = await queryRows<{ definition: string; present: boolean }>(
      tx,
      sql`select d.definition,
                 exists (select from pg_constraint c where c.conname = d.name and c.conrelid = to_regclass(d.table_name)) as present
          from deferred_indexes d where d.name = ${name} for update skip locked`,
    );
    if (!row) return false; // built meanwhile, or being built by another process
    if (postgres) await tx.execute(sql.raw(`set local maintenance_work_mem = '${POSTGRES_BUILD_MEMORY}'`));
    // A foreign key someone added again meanwhile is left as it is (ADD CONSTRAINT has no IF NOT EXISTS).
    if (!row.present) await tx.execute(sql.raw(row.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')));
    await tx.execute(sql`delete from deferred_indexes where name = ${name}`);
    return true;
  });
}
