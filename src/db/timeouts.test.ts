/**
 * PostgreSQL's time limits: a statement past `statement_timeout` is cancelled (and that failure reads as "the
 * database is unavailable"), `longQueries` may run longer, and a server that never answers fails the opening
 * within the connect timeout instead of hanging.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { DatabaseUnavailableError, unavailableReason } from './availability.js';
import { type Database, longQueries, openDatabase, queryRows } from './database.js';

const postgres = backends.find((b) => b.name === 'postgres');

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
    expect(unavailableReason(failure)).toBe('a statement took longer than the statement timeout');
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('lets the long lane (report, exports) run longer, in and out of a transaction', async () => {
    expect(await queryRows(longQueries(database.db), sql`select pg_sleep(0.6)::text as slept`)).toEqual([{ slept: '' }]);
    const inTransaction = await longQueries(database.db).transaction((tx) => queryRows(tx, sql`select pg_sleep(0.6)::text as slept`));
    expect(inTransaction).toEqual([{ slept: '' }]);
    expect((await queryRows<{ statement_timeout: string }>(longQueries(database.db), sql`show statement_timeout`))[0]).toEqual({ statement_timeout: '5s' });
  });
});

describe('opening a PostgreSQL that does not answer', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let port = 0;
  beforeAll(async () => {
    silent = createServer((s) => sockets.add(s)); // accepts, then never says a word
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('fails within the connect timeout with the reason, never the password', async () => {
    const started = Date.now();
    const failure = await openDatabase({ url: `postgres://avisa:s3cret@127.0.0.1:${port}/avisa`, connectTimeoutMs: 300 }).catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    expect((failure as Error).message).toBe('no database connection could be made within the connect timeout');
  });
});
