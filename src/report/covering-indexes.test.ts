/**
 * The report's counts and summaries on the common filters read `logins` from an index alone (migration 0030): a
 * NAS's or a plan's logins are spread over the whole table, and reading a heap page for nearly every match made a
 * NAS + disconnect reason count 0.3–0.7 s on a 1M-login base instead of 0.04 s. A filter or a summary column that
 * the index no longer covers (a column dropped from it, a new column grouped by) fails here, on both databases.
 * A client name contains reads the clients' names from an index alone too (migration 0031): a short pattern ("da")
 * filters every name, and reading them from the clients table read a 235 MB table for 44 MB of names.
 */
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, inTransaction, queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { scansOf } from '../test-support/plans.js';
import type { IdFilter } from './filter.js';
import { countSql } from './login-query.js';
import { summaryStatement } from './summary.js';

const NOW = new Date('2026-12-07T12:00:00Z');

interface Reading {
  /** The table whose scans are returned (default `logins`). */
  table?: string;
  /** Join by hash, as a large match is joined (265,000 of a 1M base's 877,000 clients for "da"); 3,000 are joined row by row. */
  hashJoins?: boolean;
}

/** The scans of a table in the statement's plan: node type and index, as "Index Only Scan logins_nas_online_idx". */
async function scansOfTable(database: Database, statement: SQL, { table = 'logins', hashJoins = false }: Reading = {}): Promise<string[]> {
  return inTransaction(database.db, async (t) => {
    // a small test table is read whole, or through a bitmap, whatever its indexes: ask for what a large one gets
    await t.execute(sql`set local enable_seqscan = off`);
    await t.execute(sql`set local enable_bitmapscan = off`);
    if (hashJoins) {
      await t.execute(sql`set local enable_nestloop = off`);
      await t.execute(sql`set local enable_mergejoin = off`);
    }
    const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(t, sql`explain (format json) ${statement}`);
    return scansOf(row, table);
  });
}

const CASES: [name: string, filter: IdFilter, index: string][] = [
  ['NAS + disconnect reason', { nasIds: [1], disconnectReasons: ['Lost-Carrier'] }, 'logins_nas_online_idx'],
  ['NAS offline for at least an hour', { nasIds: [1], offlineForAtLeast: { value: 60, unit: 'minutes' } }, 'logins_nas_online_idx'],
  ['plan online', { planIds: [2], online: ['online'] }, 'logins_plan_online_idx'],
  ['client name contains', { clientName: 'silva' }, 'logins_client_idx'],
];

describe.each(backends)('the report read from covering indexes on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    // a client's row is ~280 bytes on a real base (address, e-mail, phones…), its folded name ~25
    await database.db.execute(sql`insert into clients (id, name, name_search, address)
      select g, 'Cliente ' || g, case when g % 3 = 0 then 'maria silva ' else 'joao souza ' end || g, repeat('Rua das Flores ', 17)
        from generate_series(1, 3000) g`);
    await database.db.execute(sql`insert into logins (id, login, client_id, online, nas_id, pop_id, ftth_box_id, contract_plan_id,
        session_ended_at, disconnect_reason)
      select g, 'login' || g, g, case when g % 2 = 0 then 'S' else 'N' end, 1 + g % 5, 1 + g % 7, 1 + g % 300, 1 + g % 4,
             timestamptz '2026-12-07 10:00:00Z' - make_interval(mins => g % 500), case when g % 2 = 1 then 'Lost-Carrier' end
        from generate_series(1, 3000) g`);
    // index-only scans need the visibility map set, as autovacuum keeps it on a real base
    await database.db.execute(sql`vacuum (analyze) clients`);
    await database.db.execute(sql`vacuum (analyze) logins`);
  });
  afterAll(async () => database?.close());

  it.each(CASES)('%s: the count reads logins from an index alone', async (_, filter, index) => {
    expect(await scansOfTable(database, countSql(filter, NOW))).toEqual([`Index Only Scan ${index}`]);
  });

  it.each(CASES)('%s: the summary reads logins from an index alone', async (_, filter, index) => {
    expect(await scansOfTable(database, summaryStatement(filter, NOW))).toEqual([`Index Only Scan ${index}`]);
  });

  it.each([['da'], ['silva']])('client name contains "%s": the names are read from an index alone', async (name) => {
    const filter: IdFilter = { clientName: name };
    const names: Reading = { table: 'clients', hashJoins: true };
    expect(await scansOfTable(database, countSql(filter, NOW), names)).toEqual(['Index Only Scan clients_name_search_idx']);
    expect(await scansOfTable(database, summaryStatement(filter, NOW), names)).toEqual(['Index Only Scan clients_name_search_idx']);
  });
});
