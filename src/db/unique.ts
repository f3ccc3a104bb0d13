/** Case-insensitive uniqueness of a name column, checked before a write so the error can name the field. */
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { Db } from './database.js';

export interface UniqueName {
  table: PgTable;
  id: AnyPgColumn;
  name: AnyPgColumn;
  /** The field named in the error, e.g. `description`. */
  field: string;
  /** "A saved filter", "An integration"… */
  what: string;
}

export async function assertNameFree(db: Db, spec: UniqueName, value: string, exceptId?: number): Promise<void> {
  const except: SQL = exceptId === undefined ? sql`` : sql` and ${spec.id} <> ${exceptId}`;
  const [taken] = await db
    .select({ id: spec.id })
    .from(spec.table)
    .where(sql`lower(${spec.name}) = lower(${value})${except}`)
    .limit(1);
  if (taken) throw new AppError('CONFLICT', `${spec.what} named "${value}" already exists`, spec.field, notice('name_taken', { name: value }));
}
