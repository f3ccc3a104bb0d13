/**
 * A bulk load into empty tables drops their secondary indexes and builds them at the end. What a user relies on:
 * afterwards the database has exactly the indexes the migrations made, a load into tables with rows keeps them,
 * and a load killed half-way leaves definitions that the next build (at every start) restores.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDemo } from '../ingest/demo/generate.js';
import { importStream } from '../ingest/import.js';
import { backends } from '../test-support/databases.js';
import { type Database, queryRows } from './database.js';
import { buildDeferredIndexes, deferSecondaryIndexes } from './deferred-indexes.js';
import { subscriberTables } from './maintenance.js';

const indexSet = async (database: Database) =>
  (
    await queryRows<{ def: string }>(
      database.db,
      sql`select indexdef as def from pg_indexes where schemaname = 'public' and tablename in ('clients', 'contracts', 'logins')`,
    )
  )
    .map((r) => r.def)
    .sort();

const foreignKeys = async (database: Database) =>
  (
    await queryRows<{ def: string }>(
      database.db,
      sql`select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as def from pg_constraint
          where contype = 'f' and conrelid::regclass::text in ('clients', 'contracts', 'logins')`,
    )
  )
    .map((r) => r.def)
    .sort();

const pending = async (database: Database) =>
  (await queryRows<{ name: string }>(database.db, sql`select name from deferred_indexes order by name`)).map((r) => r.name);

describe.each(backends)('deferred secondary indexes on $name', (backend) => {
  let database: Database;
  let migrated: string[];
  let migratedKeys: string[];
  beforeAll(async () => {
    database = await backend.open();
    migrated = await indexSet(database);
    migratedKeys = await foreignKeys(database);
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await buildDeferredIndexes(database.db);
    await database.db.execute(sql`truncate logins, contracts, clients cascade`);
  });

  it('drops only the secondary indexes of empty tables and builds the same ones again', async () => {
    const dropped = await deferSecondaryIndexes(database.db, subscriberTables);
    const left = await indexSet(database);
    expect(dropped).toBe(migrated.length - left.length);
    expect(dropped).toBeGreaterThan(15);
    expect(left.every((d) => /UNIQUE/.test(d))).toBe(true); // primary keys stay: upserts need them
    expect(left.some((d) => d.includes('logins_login_trgm_idx'))).toBe(false);
    expect(await pending(database)).toHaveLength(dropped);

    expect(await buildDeferredIndexes(database.db)).toBe(dropped);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await pending(database)).toEqual([]);
    expect(await buildDeferredIndexes(database.db)).toBe(0);
  });

  it('defers the foreign keys between the tables when asked, and adds the same ones again after the indexes', async () => {
    expect(migratedKeys).toHaveLength(3); // logins → clients, contracts; contracts → clients
    const dropped = await deferSecondaryIndexes(database.db, subscriberTables, { foreignKeys: true });
    expect(dropped).toBe(migrated.length - (await indexSet(database)).length + 3);
    expect(await foreignKeys(database)).toEqual([]);
    // a login without its client goes in while they are deferred…
    await database.db.execute(sql`insert into logins (id, login, client_id) values (1, 'orfao', 404)`);
    await expect(buildDeferredIndexes(database.db)).rejects.toThrow(/logins_client_id_clients_id_fk/);
    expect(await pending(database)).toEqual(['logins_client_id_clients_id_fk']); // …so that key stays to be added
    // a start is not locked out by it: it hears why, and the key stays deferred
    const refused: string[] = [];
    expect(await buildDeferredIndexes(database.db, { onKeyRefused: (name, why) => refused.push(`${name}: ${why}`) })).toBe(0);
    expect(refused).toEqual([expect.stringMatching(/^logins_client_id_clients_id_fk: .*\(client_id\)=\(404\)/)]);
    expect(await pending(database)).toEqual(['logins_client_id_clients_id_fk']);
    await database.db.execute(sql`delete from logins`);
    expect(await buildDeferredIndexes(database.db)).toBe(1);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await foreignKeys(database)).toEqual(migratedKeys);
    expect(await pending(database)).toEqual([]);
    // a key someone added again meanwhile (a killed load, then by hand) is left as it is
    await deferSecondaryIndexes(database.db, subscriberTables, { foreignKeys: true });
    const [key] = await queryRows<{ definition: string }>(database.db, sql`select definition from deferred_indexes where definition like 'ALTER TABLE %' limit 1`);
    await database.db.execute(sql.raw(key?.definition ?? ''));
    await buildDeferredIndexes(database.db);
    expect(await foreignKeys(database)).toEqual(migratedKeys);
    expect(await pending(database)).toEqual([]);
  });

  it('keeps every index when one of the tables has rows', async () => {
    await database.db.execute(sql`insert into clients (id, name, name_search) values (1, 'Cliente', 'cliente')`);
    expect(await deferSecondaryIndexes(database.db, subscriberTables)).toBe(0);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await pending(database)).toEqual([]);
  });

  it('restores what a killed load left, even an index someone built again meanwhile', async () => {
    await deferSecondaryIndexes(database.db, subscriberTables);
    // Nothing rebuilt them (the process died); meanwhile one was built by hand from its definition.
    const [first] = await queryRows<{ definition: string }>(database.db, sql`select definition from deferred_indexes limit 1`);
    await database.db.execute(sql.raw(first?.definition ?? ''));
    await buildDeferredIndexes(database.db);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await pending(database)).toEqual([]);
  });

  it('the demo on an empty database ends with the indexes of the migrations and its rows findable by them', async () => {
    const summary = await generateDemo(database.db, { logins: 10_000, seed: 9, timezone: 'America/Sao_Paulo' });
    expect(summary.counts.logins).toBe(10_000);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await foreignKeys(database)).toEqual(migratedKeys);
    expect(await pending(database)).toEqual([]);
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from logins where login like '%a%'`,
    );
    expect(row?.n).toBeGreaterThan(0);
  });

  it('a first import into an empty table ends with its indexes, whether it succeeds or fails', async () => {
    const csv = (text: string, cut = false) => ({
      entity: 'clientes' as const,
      format: 'csv' as const,
      label: 'clientes.csv',
      expectedBytes: 5 * 1024 * 1024, // as an upload's Content-Length would say: large enough to defer the indexes
      timezone: 'America/Sao_Paulo',
      input: (async function* () {
        yield Buffer.from(text);
        if (cut) throw new Error('aborted'); // the upload was interrupted
      })(),
    });
    const summary = await importStream(database.db, csv('id;razao\n1;Maria da Silva\n2;José Souza\n'));
    expect(summary.inserted).toBe(2);
    expect(await indexSet(database)).toEqual(migrated);
    expect(await pending(database)).toEqual([]);

    await database.db.execute(sql`truncate logins, contracts, clients cascade`);
    await expect(importStream(database.db, csv('id;razao\n1;Maria da Silva\n', true))).rejects.toThrow();
    expect(await indexSet(database)).toEqual(migrated);
    expect(await pending(database)).toEqual([]);
  });
});
