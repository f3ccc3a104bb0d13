/**
 * PostgreSQL's time limits: a statement past `statement_timeout` is cancelled (and that failure reads as "the
 * database is unavailable"), and `longQueries` may run longer. (A server that never answers: src/cli/context.test.ts.)
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { unavailableReason } from './availability.js';
import { type Database, longQueries, queryRows } from './database.js';

const postgres = backends.find((b) => b.name === 'postgres');
/** Behind PgBouncer in transaction mode (src/test-support/databases.ts) only the client's limit is Avisa's. */
const pooled = Boolean(process.env.TEST_DATABASE_POOLER_URL);

describe.skipIf(!postgres)('statement timeouts on postgres', () => {
  let database: Database;
  beforeAll(async () => {
    database = await postgres!.open({ statementTimeoutMs: 300, longStatementTimeoutMs: 5_000 });
  });
  afterAll(async () => database?.close());

  it('cancels a statement that runs past the statement timeout, and says so', async () => {
    const started = Date.now();
    const failure = await queryRows(database.db, sql`select pg_sleep(2)`).catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(unavailableReason(failure)).toBe(
      pooled ? 'the database server stopped answering' : 'a statement took longer than the statement timeout',
    );
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('lets the long lane (report, exports) run longer, in and out of a transaction', async () => {
    expect(await queryRows(longQueries(database.db), sql`select pg_sleep(0.6)::text as slept`)).toEqual([{ slept: '' }]);
    const inTransaction = await longQueries(database.db).transaction((tx) => queryRows(tx, sql`select pg_sleep(0.6)::text as slept`));
    expect(inTransaction).toEqual([{ slept: '' }]);
    if (!pooled) {
      expect((await queryRows<{ statement_timeout: string }>(longQueries(database.db), sql`show statement_timeout`))[0]).toEqual({ statement_timeout: '5s' });
    }
  });

  it('says so when every connection of the pool stayed busy for the connect timeout, and serves again once one is free', async () => {
    const busy = await postgres!.open({ connectTimeoutMs: 300, longStatementTimeoutMs: 5_000 });
    try {
      const lane = longQueries(busy.db);
      // the long lane's four connections, each held by a statement for a second
      const holding = Array.from({ length: 4 }, () => queryRows(lane, sql`select pg_sleep(1)::text as slept`));
      await new Promise((r) => setTimeout(r, 100));
      const failure = await queryRows(lane, sql`select 1 as one`).catch((err: unknown) => err);
      expect(unavailableReason(failure)).toBe(
        "no database connection became free within the connect timeout: all of this process's connections were in use or still opening",
      );
      await Promise.all(holding);
      expect(await queryRows(lane, sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await busy.close();
    }
  });
});
