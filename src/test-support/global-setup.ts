/**
 * Prepares a migrated, empty database once per run, which every test database is then a copy of: on PGlite a dump
 * of its data directory (PGLITE_SNAPSHOT, loaded by src/test-support/databases.ts: ~1 s instead of ~6 s of initdb
 * and migrations per database); with TEST_DATABASE_URL set, a template database, each test's a cheap
 * `CREATE DATABASE … TEMPLATE` copy of it.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/database.js';
import { driverOf } from '../db/drivers.js';

/** One per checkout, so test runs of two checkouts on one machine never drop each other's template. */
const checkout = createHash('sha256').update(process.cwd()).digest('hex').slice(0, 10);
export const TEMPLATE_DB = `avisa_test_template_${checkout}`;
export const PGLITE_SNAPSHOT = join(tmpdir(), `avisa-test-pglite-${checkout}.tar`);

export async function setup(): Promise<(() => Promise<void>) | undefined> {
  await writePgliteSnapshot();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let untouched: boolean;
  try {
    untouched = !(await migratedHere(admin));
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(url, TEMPLATE_DB) });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  // TEST_DATABASE_URL names a server, and its database only to connect to: every test works in databases of its
  // own. A run that leaves Avisa's schema in that database (it had none before) fails, naming it.
  return untouched ? () => refuseIfMigrated(url) : undefined;
}

async function migratedHere(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ migrated: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as migrated`);
  return rows[0]?.migrated === true;
}

async function refuseIfMigrated(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (await migratedHere(client)) {
      throw new Error(
        `a test migrated ${new URL(url).pathname.slice(1)}, the database TEST_DATABASE_URL names: tests must open databases of their own (src/test-support/databases.ts)`,
      );
    }
  } finally {
    await client.end();
  }
}

/** A migrated, empty PGlite database's data directory, as `dumpDataDir` writes it, in PGLITE_SNAPSHOT. */
export async function writePgliteSnapshot(): Promise<void> {
  const database = await openDatabase({ memory: true });
  try {
    await database.migrate();
    const driver = driverOf(database.db);
    if (driver?.kind !== 'pglite') throw new Error('not a PGlite database');
    const dump = await driver.client.dumpDataDir('none');
    await writeFile(PGLITE_SNAPSHOT, new Uint8Array(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
