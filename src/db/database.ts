/**
 * The one storage layer. `openDatabase()` returns a Drizzle database over either the embedded PGlite (default,
 * a data directory, single process) or a PostgreSQL server (`postgres://…`, any number of processes). One
 * `pg-core` schema and one set of SQL migrations serve both. Nothing outside src/db imports a driver.
 */
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { DEFAULT_DB_TIMEOUTS, DatabaseUnavailableError, unavailableReason } from './availability.js';
import { registerCopier } from './copier.js';
import { pgliteCopier } from './copy-pglite.js';
import { postgresCopier } from './copy-postgres.js';
import { registerDriver } from './drivers.js';
import { type DataDirLock, lockDataDir } from './lock.js';
import { seedDataDir } from './pglite-template.js';
import { avisaClient, avisaPool } from './postgres.js';
// No schema is handed to drizzle: every statement is written with the query builder or raw SQL over the tables of
// src/db/schema/*.ts, never drizzle's relational API (`db.query.<table>`), which is all the schema would enable.
export type Db = PgDatabase<PgQueryResultHKT>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /**
   * Applies pending migrations; safe to call at every start and from several processes on PostgreSQL. A test of a
   * migration's conversion names a folder holding the migrations before it.
   */
  migrate(options?: { migrationsFolder?: string }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the data lives: a PostgreSQL URL, a PGlite data directory, or `memory://` (tests), empty or started from
 * `loadDataDir`, a data directory as PGlite's `dumpDataDir` writes it (skips `initdb`: ~4 s less per database).
 */
export type DatabaseTarget =
  | ({ url: string } & PostgresOptions)
  | ({ dataDir: string } & PgliteOptions)
  | { memory: true; loadDataDir?: Blob };

/** Time limits of a PostgreSQL database (defaults: DEFAULT_DB_TIMEOUTS; AVISA_DB_* in the configuration). */
export interface PostgresOptions {
  /** Establishing a connection, or waiting for a free one. */
  connectTimeoutMs?: number;
  /** `statement_timeout` of every statement; 0: none. */
  statementTimeoutMs?: number;
  /** `statement_timeout` of `longQueries(db)`; 0: none. */
  longStatementTimeoutMs?: number;
  /**
   * `transaction`: the server is PgBouncer in transaction pooling mode. No startup parameters are sent (it refuses
   * `statement_timeout`), so the timeouts are only the client's. Avisa keeps no session state either way: locks are
   * transaction-scoped (`pg_advisory_xact_lock`), `set local` only, no LISTEN, no named prepared statements.
   */
  poolMode?: 'session' | 'transaction';
}

export interface PgliteOptions {
  /** PGlite's `shared_buffers` (e.g. '32MB', the default; see AVISA_PGLITE_SHARED_BUFFERS). */
  sharedBuffers?: string;
  /** The empty cluster a new data directory is copied from (default: the build's, ./pglite-template.ts). */
  template?: string;
}

/** What an embedded database holds in memory unless the installation says otherwise. */
const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target.url, target);
  return 'dataDir' in target ? openPglite(target.dataDir, target) : openPglite(undefined, {}, target.loadDataDir);
}

async function openPglite(dataDir: string | undefined, options: PgliteOptions, loadDataDir?: Blob): Promise<Database> {
  const lock: DataDirLock | undefined = dataDir ? lockDataDir(dataDir) : undefined;
  let client: PGlite;
  try {
    // pg_trgm: the login report's `contains` indexes (migration 0001_pg_trgm creates the extension).
    // shared_buffers: PGlite's default, 128MB, lives in the process's WebAssembly memory and is all of it touched
    // on a large base; 32MB leaves the rest to the OS's file cache and keeps a draining or exporting process
    // under 300 MB (npm run bench).
    // full_page_writes: whole pages in the WAL guard against pages torn by a power cut or an OS crash, which PGlite,
    // run without fsync (its default), does not survive anyway; a process that dies loses nothing either way. Off,
    // the first write of each page after a checkpoint logs the change, not the page: inserting 50,000 logins took
    // 10–25 % less time (a busy machine; npm run bench -- --only bulk).
    const sharedBuffers = options.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS;
    // A new directory: a copy of the build's empty cluster, not PGlite's initdb (./pglite-template.ts).
    if (dataDir) seedDataDir(dataDir, options.template);
    client = await PGlite.create(dataDir, {
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`, '-c', 'full_page_writes=off'],
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzlePglite({ client }) as unknown as Db;
  registerCopier(db, pgliteCopier(client));
  registerDriver(db, { kind: 'pglite', client });
  return {
    kind: 'pglite',
    db,
    async migrate(options = {}) {
      await migratePglite(db as never, { migrationsFolder: options.migrationsFolder ?? migrationsFolder });
    },
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Key of the advisory lock that serialises migrations between processes sharing one PostgreSQL. */
const MIGRATION_LOCK = 0x61766973; // "avis"

/** Each Avisa database's lane for statements allowed to run longer (see `longQueries`). */
const longLanes = new WeakMap<Db, Db>();

/**
 * The same database, for statements that may run past the statement timeout, up to `longStatementTimeoutMs`
 * (AVISA_DB_REPORT_TIMEOUT_MS): the login report, its summary, the CSV exports, VACUUM. On PostgreSQL a pool of
 * its own (at most 4 such statements at once per process); on PGlite, or for a transaction, `db` itself.
 */
export function longQueries(db: Db): Db {
  return longLanes.get(db) ?? db;
}

async function openPostgres(url: string, options: PostgresOptions): Promise<Database> {
  const connectMs = options.connectTimeoutMs ?? DEFAULT_DB_TIMEOUTS.connectMs;
  const serverTimeouts = options.poolMode !== 'transaction';
  const limits = (statementMs: number) => ({ connectMs, statementMs, serverTimeouts });
  const pool = avisaPool(url, limits(options.statementTimeoutMs ?? DEFAULT_DB_TIMEOUTS.statementMs), 10);
  const longPool = avisaPool(url, limits(options.longStatementTimeoutMs ?? DEFAULT_DB_TIMEOUTS.longStatementMs), 4);
  const close = () => Promise.all([pool.end(), longPool.end()]).then(() => {});
  try {
    (await pool.connect()).release(); // fail fast on a wrong URL or a server that is down
  } catch (err) {
    await close();
    if (err instanceof Error && /unsupported startup parameter/.test(err.message)) {
      throw new DatabaseUnavailableError(
        `${err.message} — the server looks like PgBouncer in transaction pooling mode: set AVISA_DB_POOL_MODE=transaction`,
        { cause: err },
      );
    }
    const reason = unavailableReason(err) ?? (err instanceof Error ? err.message : String(err));
    throw new DatabaseUnavailableError(reason, { cause: err });
  }
  const db = drizzleNodePg({ client: pool }) as unknown as Db;
  const longLane = drizzleNodePg({ client: longPool }) as unknown as Db;
  longLanes.set(db, longLane);
  // CSV exports COPY out on the long lane whichever of the two they were handed (src/db/copy-csv.ts).
  const copier = postgresCopier(longPool);
  registerCopier(db, copier);
  registerCopier(longLane, copier);
  registerDriver(db, { kind: 'postgres', pool });
  return {
    kind: 'postgres',
    db,
    async migrate(options = {}) {
      // A connection of its own, without the statement timeout: an index on a large table may take a while. One
      // transaction holds the lock and every migration (drizzle's own `begin` inside it is a no-op, its `commit`
      // ends it), so behind PgBouncer in transaction mode the lock and the migrations share one server connection.
      const conn = await avisaClient(url, connectMs);
      try {
        await conn.query('begin');
        await conn.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await migrateNodePg(drizzleNodePg({ client: conn }), { migrationsFolder: options.migrationsFolder ?? migrationsFolder });
        await conn.query('commit'); // already committed by drizzle unless nothing was pending
      } finally {
        await conn.end();
      }
    },
    close,
  };
}

/**
 * Runs `work` in one transaction (committed when it resolves, rolled back when it throws). Its `tx` is typed as a
 * `Db`, so every helper written for a database (`queryRows`, the capabilities' own functions) takes it as it is.
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}

/** Runs a `sql` template and returns its rows; the same on both drivers. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
