/**
 * bigint (int8) values come back as numbers on every way Avisa queries, on both backends: drizzle's query builder
 * (its own column mapping and `sql` expressions), `db.execute`, `queryRows`, transactions and `longQueries`.
 * node-postgres's default is a string, which the API's response schemas refuse (a 500).
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { type Database, longQueries, queryRows } from './database.js';
import { deliveryLogs } from './schema/queue.js';

/** 2^53 + 1: no number holds it exactly, so it comes back as a bigint (PGlite's rule). */
const BEYOND = 9007199254740993n;
const int8s = sql`select count(*) as n, max(id) as id, 7::int8 as seven, array[1, 2]::int8[] as pair,
  ${BEYOND.toString()}::int8 as beyond from delivery_logs`;

type Row = { n: unknown; id: unknown; seven: unknown; pair: unknown; beyond: unknown };
const expected = { n: 2, seven: 7, pair: [1, 2], beyond: BEYOND };

describe.each(backends)('int8 as numbers on $name', (backend) => {
  let database: Database;
  let firstId = 0;

  beforeAll(async () => {
    database = await backend.open();
    const rows = await database.db
      .insert(deliveryLogs)
      .values([1, 2].map((attempt) => ({ channel: 'sms', clientId: 1, contact: '+5548999990000', success: true, message: { code: 'sent' as const }, attempt })))
      .returning({ id: deliveryLogs.id });
    firstId = rows[0]!.id;
  });
  afterAll(async () => database?.close());

  const check = (row: Row | undefined) => {
    expect(row).toEqual({ ...expected, id: firstId + 1 });
    expect(typeof row?.n).toBe('number');
    expect(typeof row?.id).toBe('number');
  };

  it('through the query builder: columns and sql expressions', async () => {
    const [row] = await database.db
      .select({ id: deliveryLogs.id, n: sql`count(*) over ()`, sum: sql`sum(${deliveryLogs.id}) over ()::int8` })
      .from(deliveryLogs)
      .orderBy(deliveryLogs.id)
      .limit(1);
    expect(row).toEqual({ id: firstId, n: 2, sum: 2 * firstId + 1 });
  });

  it('through update … returning an sql expression', async () => {
    const rows = await database.db
      .update(deliveryLogs)
      .set({ attempt: sql`${deliveryLogs.attempt}` })
      .where(sql`${deliveryLogs.id} = ${firstId}`)
      .returning({ doubled: sql`${deliveryLogs.id} * 2::int8` });
    expect(rows).toEqual([{ doubled: 2 * firstId }]);
  });

  it('through db.execute and queryRows', async () => {
    const executed = (await database.db.execute(int8s)) as unknown as { rows: Row[] };
    check(executed.rows[0]);
    check((await queryRows<Row>(database.db, int8s))[0]);
  });

  it('inside a transaction and a nested one', async () => {
    const rows = await database.db.transaction(async (tx) => {
      const outer = await queryRows<Row>(tx, int8s);
      const inner = await tx.transaction(async (nested) => queryRows<Row>(nested, int8s));
      const built = await tx.select({ n: sql`count(*)` }).from(deliveryLogs);
      return [...outer, ...inner, built[0]];
    });
    check(rows[0] as Row);
    check(rows[1] as Row);
    expect(rows[2]).toEqual({ n: 2 });
  });

  it('on the lane for long statements', async () => {
    check((await queryRows<Row>(longQueries(database.db), int8s))[0]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('other pg users in the process', () => {
  it('keep node-postgres’s own int8 parsing (e.g. the radacct reader of a FreeRADIUS database)', async () => {
    const database = await backends.find((b) => b.name === 'postgres')!.open();
    try {
      expect(typeof (await queryRows<{ n: unknown }>(database.db, sql`select 1::int8 as n`))[0]?.n).toBe('number');
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      try {
        expect((await client.query('select 1::int8 as n')).rows[0]).toEqual({ n: '1' });
      } finally {
        await client.end();
      }
    } finally {
      await database.close();
    }
  });
});
