/**
 * The driver under each database `openDatabase` returned, for the few storage functions that need more than SQL
 * (bulk.ts: COPY). Kept apart so that those functions and database.ts do not import each other.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export type Driver = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };

const drivers = new WeakMap<object, Driver>();

export function registerDriver(db: object, driver: Driver): void {
  drivers.set(db, driver);
}

/** The driver of a database `openDatabase` returned; undefined for anything else (a transaction, a lane). */
export function driverOf(db: object): Driver | undefined {
  return drivers.get(db);
}
