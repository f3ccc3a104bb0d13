/**
 * The storage backends every storage test runs on: embedded PGlite always, PostgreSQL when TEST_DATABASE_URL is
 * set (CI sets it). Each `open()` returns a fresh, migrated, empty database that the test owns.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type Db, openDatabase, type PostgresOptions, queryRows } from '../db/database.js';
import { PGLITE_SNAPSHOT, TEMPLATE_DB, withDatabase, writePgliteSnapshot } from './global-setup.js';

/** PostgreSQL only (PGlite has neither): its time limits, and the address to connect through. */
export interface OpenOptions extends PostgresOptions {
  /** From the test database's URL to the one Avisa connects to (e.g. through a PgProxy that can stall). */
  route?: (url: string) => string;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  open(options?: OpenOptions): Promise<Database>;
  /** A fresh database with no table at all (a migration's test migrates it step by step). */
  openEmpty(): Promise<Database>;
}

const pglite: Backend = {
  name: 'pglite',
  open: openMigratedPglite,
  openEmpty: () => openDatabase({ memory: true }),
};

let snapshot: Promise<Blob> | undefined;

/** A fresh in-memory PGlite database, migrated: a copy of the run's snapshot (global-setup.ts), read once per worker. */
export async function openMigratedPglite(): Promise<Database> {
  snapshot ??= readSnapshot();
  return openDatabase({ memory: true, loadDataDir: await snapshot });
}

async function readSnapshot(): Promise<Blob> {
  // A file run without the global setup (an editor's single test) makes its own.
  const bytes = await readFile(PGLITE_SNAPSHOT).catch(async () => {
    await writePgliteSnapshot();
    return readFile(PGLITE_SNAPSHOT);
  });
  return new Blob([new Uint8Array(bytes)]);
}

function postgres(url: string): Backend {
  return {
    name: 'postgres',
    open: (options) => openCopy(url, `template ${TEMPLATE_DB}`, options),
    openEmpty: () => openCopy(url, 'template template0'),
  };
}

/** A new database (dropped when closed) made from `template`. */
async function openCopy(url: string, template: string, { route = (u: string) => u, ...limits }: OpenOptions = {}): Promise<Database> {
  const name = `avisa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create database ${name} ${template}`);
  const database = await openDatabase({ url: route(throughPooler(withDatabase(url, name))), ...poolerMode(), ...limits }).catch(async (err: unknown) => {
    await adminQuery(url, `drop database if exists ${name} with (force)`);
    throw err;
  });
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * TEST_DATABASE_POOLER_URL (e.g. postgres://postgres@127.0.0.1:6432/postgres): PgBouncer in transaction pooling
 * mode in front of TEST_DATABASE_URL's server. The tests' databases are then reached through it, as an
 * installation behind PgBouncer reaches its own; creating and dropping them still goes to the server directly.
 */
function throughPooler(url: string): string {
  const pooler = process.env.TEST_DATABASE_POOLER_URL;
  if (!pooler) return url;
  const direct = new URL(url);
  const via = new URL(pooler);
  direct.host = via.host;
  return direct.toString();
}

function poolerMode(): { poolMode?: 'transaction' } {
  return process.env.TEST_DATABASE_POOLER_URL ? { poolMode: 'transaction' } : {};
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * The address of a PostgreSQL test database (one `open()` returned) on TEST_DATABASE_URL's server itself, never
 * through the pooler: for a second process's connections to it, or a proxy in front of it.
 */
export async function directUrlOf(db: Db): Promise<string> {
  const [row] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
  const server = process.env.TEST_DATABASE_URL;
  if (!row || !server) throw new Error('directUrlOf: a PostgreSQL test database (TEST_DATABASE_URL set) only');
  return withDatabase(server, row.name);
}

/** PGlite, and PostgreSQL with TEST_DATABASE_URL; PostgreSQL only through a pooler (PGlite has nothing to do with one). */
export const backends: Backend[] = !process.env.TEST_DATABASE_URL
  ? [pglite]
  : process.env.TEST_DATABASE_POOLER_URL
    ? [postgres(process.env.TEST_DATABASE_URL)]
    : [pglite, postgres(process.env.TEST_DATABASE_URL)];
