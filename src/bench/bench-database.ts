/**
 * The benches' PostgreSQL databases and demo bases: a scratch database dropped after the run, or a named one kept
 * between runs (`--pg-db name`: created when missing), so a second run skips generating the 1M-login demo; and
 * the demo base itself, generated only when the database holds fewer logins than asked, then vacuumed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type DatabaseTarget, openDatabase, queryRows } from '../db/database.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { builtProducerWorker } from '../ingest/demo/producer-thread.js';

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A scratch PostgreSQL database on the server of `serverUrl` for `work`, dropped afterwards. */
export async function withScratchPostgres<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `avisa_bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    return await work(databaseUrl(serverUrl, name));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** The database `name` on that server, created when missing and kept; a scratch one when `name` is not given. */
export async function withBenchPostgres<T>(serverUrl: string, name: string | undefined, work: (url: string) => Promise<T>): Promise<T> {
  if (!name) return withScratchPostgres(serverUrl, work);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--pg-db: "${name}" is not a plain database name (a-z, 0-9, _)`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return work(databaseUrl(serverUrl, name));
}

/** A PGlite data directory: `dataDir` when given (kept), else a scratch one removed afterwards. */
export async function withPgliteDir<T>(dataDir: string | undefined, work: (dir: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'avisa-bench-'));
  try {
    return await work(dataDir ?? join(scratch, 'data'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Opens the database, migrates it, runs `work`, closes it. */
export async function onDatabase<T>(target: DatabaseTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The demo base a bench runs on: its logins, and the seconds its generation took (null: it was already there). */
export interface DemoBase {
  logins: number;
  demoSeconds: number | null;
}

/** At least `logins` demo logins in the database (generated with seed 1 when fewer), then VACUUM ANALYZE. */
export async function ensureDemoBase(database: Database, options: { logins: number; timezone: string; print: (line: string) => void }): Promise<DemoBase> {
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from logins`);
  let demoSeconds: number | null = null;
  if (n < options.logins) {
    // as `avisa demo` makes it: its chunks made in the producer thread
    const producerWorker = builtProducerWorker(import.meta.url);
    const demo = await generateDemo(database.db, { logins: options.logins, seed: 1, timezone: options.timezone, ...(producerWorker ? { producerWorker } : {}) });
    demoSeconds = demo.durationMs / 1000;
    options.print(`demo --logins ${options.logins.toLocaleString('en')}: ${demoSeconds.toFixed(1)} s`);
  } else options.print(`demo: reusing ${n.toLocaleString('en')} logins`);
  await vacuumAnalyze(database.db);
  return { logins: Math.max(n, options.logins), demoSeconds };
}
