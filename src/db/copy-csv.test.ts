/**
 * COPY out (./copy-csv.ts) on both databases: keyset-paged statements give the same bytes as one, failures reach the
 * reader before any byte, and on PostgreSQL the long lane's limit applies (not the normal statement timeout) and a
 * reader that gives up stops the COPY and gets the pool's connection back.
 */
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { unavailableReason } from './availability.js';
import { copyCsv, type KeysetRows } from './copy-csv.js';
import { type Database, longQueries, queryRows } from './database.js';

/** Rows 1…n of `g`, each `g;<cells>`, ordered by g. */
const UTC = { timeZone: 'UTC' };

const series = (n: number, cells: SQL): KeysetRows<{ g: number }> => ({
  select: (after, upTo) =>
    // the cells computed after the sort (`offset 0` keeps the subquery): rows stream as soon as the COPY starts
    sql`select g, ${cells} from (select g from generate_series(1, ${n}::int) g
         where g > ${after?.g ?? 0}::int and g <= ${upTo?.g ?? n}::int order by g offset 0) s`,
  nth: (after, k) => sql`select g from generate_series(1, ${n}::int) g where g > ${after?.g ?? 0}::int order by g offset ${k - 1} limit 1`,
});

/** The pieces as text; `slow`: a turn of the event loop after each piece, as a socket would take (others run). */
async function text(pieces: AsyncIterable<Uint8Array>, slow = false): Promise<string> {
  const all: Uint8Array[] = [];
  for await (const piece of pieces) {
    all.push(piece);
    if (slow) await new Promise((resolve) => setImmediate(resolve));
  }
  return Buffer.concat(all).toString('utf8');
}

describe.each(backends)('COPY out on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('writes the same records in one statement as in keyset-paged ones, whatever the page', async () => {
    const rows = series(50, sql`case when g % 3 = 0 then 'a;"b"' || chr(10) || 'c' when g % 3 = 1 then null else 'ação' end`);
    const whole = await text(copyCsv(database.db, rows, { ...UTC, rowsPerCopy: 1_000 }));
    expect(whole.split('\r\n')).toHaveLength(51);
    expect(whole.startsWith('1;\r\n2;ação\r\n3;"a;""b""\nc"\r\n')).toBe(true);
    for (const rowsPerCopy of [1, 7, 25, 50]) expect(await text(copyCsv(database.db, rows, { ...UTC, rowsPerCopy })), String(rowsPerCopy)).toBe(whole);
    expect(await text(copyCsv(database.db, rows, UTC))).toBe(whole);
    expect(await text(copyCsv(database.db, series(0, sql`'x'`), UTC))).toBe('');
  });

  it('keeps the records of exports running at once apart, with statements larger than a buffer of output', async () => {
    // 2,500 rows of ~1 KB a statement: PGlite's output of one spans three 1 MB buffers, reused by the next statement.
    const letter = (g: number) => String.fromCharCode(97 + (g % 26));
    const expected = (n: number, width: number) =>
      Array.from({ length: n }, (_, i) => `${i + 1};${letter(i + 1).repeat(width)}\r\n`).join('');
    const wide = (n: number, width: number) => series(n, sql`repeat(chr(97 + g % 26), ${width}::int)`);
    const [a, b] = await Promise.all([
      text(copyCsv(database.db, wide(6_000, 1_000), { ...UTC, rowsPerCopy: 2_500 }), true),
      text(copyCsv(database.db, wide(5_000, 700), { ...UTC, rowsPerCopy: 2_500 }), true),
    ]);
    expect(a === expected(6_000, 1_000)).toBe(true);
    expect(b === expected(5_000, 700)).toBe(true);
  });

  it('fails before the first byte when the statement fails', async () => {
    const pieces = copyCsv(database.db, series(10, sql`1 / (g - 1)`), UTC)[Symbol.asyncIterator]();
    await expect(pieces.next()).rejects.toThrow(/division by zero/);
    expect(await text(copyCsv(database.db, series(2, sql`'still fine'`), UTC))).toBe('1;still fine\r\n2;still fine\r\n');
  });

  it('refuses a transaction, which cannot COPY out', async () => {
    await expect(database.db.transaction((tx) => text(copyCsv(tx, series(1, sql`1`), UTC)))).rejects.toThrow(/not a database of openDatabase/);
  });
});

const postgres = backends.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('COPY out on postgres: time limits and readers that give up', () => {
  let database: Database;
  const LONG_MS = 3_000;
  beforeAll(async () => {
    database = await postgres!.open({ statementTimeoutMs: 300, longStatementTimeoutMs: LONG_MS });
  });
  afterAll(async () => database?.close());

  /** The huge COPY statements (below) running on the test's database. */
  const copies = async () =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_stat_activity
             where datname = current_database() and state = 'active' and query like 'copy (%repeat(%'`,
      )
    )[0]?.n;

  it('runs past the statement timeout on the long lane, and is cancelled past the long one', async () => {
    const slow = (seconds: number) => series(1, sql`pg_sleep(${seconds}::float8)::text`);
    expect(await text(copyCsv(database.db, slow(0.6), UTC))).toBe('1;""\r\n'); // pg_sleep's void as text: '' (COPY quotes it)
    const failure = await text(copyCsv(longQueries(database.db), slow(LONG_MS / 1000 + 1), UTC)).catch((err: unknown) => err);
    // Through PgBouncer in transaction mode no statement_timeout reaches the server (README: PgBouncer): Avisa's own
    // read timeout ends the wait and closes the connection.
    const pooled = !!process.env.TEST_DATABASE_POOLER_URL;
    expect(unavailableReason(failure)).toBe(pooled ? 'the database server stopped answering' : 'a statement took longer than the statement timeout');
  });

  it('stops the COPY and gives the connection back when the reader gives up, however often', async () => {
    const huge = series(200_000, sql`repeat('x', 10000)`); // 2 GB if it ran to the end
    for (let i = 0; i < 6; i++) {
      const pieces = copyCsv(database.db, huge, UTC)[Symbol.asyncIterator]();
      try {
        expect((await pieces.next()).done).toBe(false);
        expect(await copies()).toBe(1); // the server is writing (the socket is full: it waits for Avisa)
      } finally {
        await pieces.return(undefined); // a failed expectation must not leave the COPY holding the pool's connection
      }
      for (let waited = 0; (await copies()) !== 0 && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(await copies()).toBe(0);
    }
    // six abandoned, on a lane of four connections: all came back
    expect(await text(copyCsv(database.db, series(3, sql`'ok'`), UTC))).toBe('1;ok\r\n2;ok\r\n3;ok\r\n');
  });
});
