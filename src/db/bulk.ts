/**
 * Bulk writes: one transaction on one connection in which rows are copied into a temporary table with COPY (the
 * fastest way into PostgreSQL: no per-row statement, no parameters) and merged from there by the caller's SQL.
 * The table is created `on commit drop` inside the transaction, so nothing outlives it: safe behind PgBouncer in
 * transaction pooling mode. PostgreSQL: `COPY … FROM STDIN` (pg-copy-streams) on a pool client; PGlite:
 * `COPY … FROM '/dev/blob'` with the rows as a Blob. Callers never see a driver.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './database.js';
import { copyText, type StageColumn } from './copy-text.js';
import { driverOf } from './drivers.js';

export interface BulkTransaction {
  /** The transaction, for every other statement (drizzle's builder, `queryRows`, the capabilities' helpers). */
  readonly db: Db;
  /**
   * Creates the temporary table `table` (dropped when the transaction ends) with `columns`, and copies their
   * values in. Returns the rows copied.
   */
  stage(table: string, columns: readonly StageColumn[]): Promise<number>;
  /**
   * Copies rows given as COPY text (see `copyText`) straight into the existing table `table`, into its columns
   * `columns`: its triggers fire as for an INSERT, and a row that breaks a constraint fails the transaction.
   * Returns the rows copied.
   */
  copy(table: string, columns: readonly string[], text: Uint8Array<ArrayBuffer>): Promise<number>;
}

/**
 * Runs `work` in one transaction on one connection (committed when it resolves, rolled back when it throws), with
 * `stage` to copy rows in. `db` must be a database `openDatabase` returned (not a transaction of it).
 */
export function inBulkTransaction<T>(db: Db, work: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  const driver = driverOf(db);
  if (!driver) throw new Error('inBulkTransaction: not a database opened by openDatabase (a transaction cannot start one)');
  return driver.kind === 'pglite' ? onPglite(driver.client, work) : onPostgres(driver.pool, work);
}

function onPglite<T>(client: PGlite, work: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  return client.transaction(async (tx) => {
    const inner = drizzlePglite({ client: tx as unknown as PGlite }) as unknown as Db;
    return work({
      db: inner,
      stage: async (table, columns) => {
        await tx.exec(createStatement(table, columns));
        return copyPglite(tx, table, columns.map((c) => c.name), copyText(columns));
      },
      copy: (table, columns, text) => copyPglite(tx, table, columns, [text]),
    });
  });
}

async function onPostgres<T>(pool: pg.Pool, work: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost while checked out (a server restart, PgBouncer closing it) must fail the work, not the
  // process: pg emits it as an 'error' event, which nothing else listens to while the client is out of the pool.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    // No parallel plans: a batch's statements are small, and starting workers for one (an anti-join of 5,000 ids
    // planned as a parallel append) cost ~45 ms, more than the statement itself.
    await client.query('begin; set local max_parallel_workers_per_gather = 0');
    const inner = drizzleNodePg({ client }) as unknown as Db;
    const result = await work({
      db: inner,
      stage: async (table, columns) => {
        await client.query(createStatement(table, columns));
        return copyPostgres(client, table, columns.map((c) => c.name), copyText(columns));
      },
      copy: (table, columns, text) => copyPostgres(client, table, columns, [text]),
    });
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError; // the connection is unusable: the pool must not hand it out again
    });
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

async function copyPostgres(client: pg.PoolClient, table: string, columns: readonly string[], text: Iterable<string | Uint8Array<ArrayBuffer>>): Promise<number> {
  const copy = client.query(copyFrom(`copy ${quoteIdent(table)} (${columnList(columns)}) from stdin`));
  await pipeline(Readable.from(text), copy);
  return copy.rowCount;
}

async function copyPglite(tx: Transaction, table: string, columns: readonly string[], text: Iterable<string | Uint8Array<ArrayBuffer>>): Promise<number> {
  const blob = new Blob([...text]);
  const result = await tx.query(`copy ${quoteIdent(table)} (${columnList(columns)}) from '/dev/blob'`, [], { blob });
  return result.affectedRows ?? 0;
}

function createStatement(table: string, columns: readonly StageColumn[]): string {
  if (columns.length === 0) throw new Error('stage: a table needs at least one column');
  const defs = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  return `create temp table ${quoteIdent(table)} (${defs}) on commit drop`;
}

const columnList = (names: readonly string[]) => names.map(quoteIdent).join(', ');
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
