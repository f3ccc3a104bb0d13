/**
 * Saved report filters: a name (unique, case-insensitive) and a `ReportFilter`, validated with the same schema
 * as a live query, for sends and automatic triggers to reuse. A filter is stored as given: names stay names (the
 * operator's words), checked against the reference tables when saved and resolved again each time the filter is
 * used — so a NAS renamed later makes the filter fail loudly (400 / the gatilho's history) rather than match
 * nothing or something else.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { savedFilters } from '../db/schema/report.js';
import { AppError } from '../shared/errors.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import type { ReportFilter } from './filter.js';
import { resolveFilterNames } from './resolve-names.js';
import {
  type SavedFilter,
  type SavedFilterInput,
  savedFilterInputSchema,
  type SavedFilterPatch,
  savedFilterPatchSchema,
} from './schemas.js';

export type { SavedFilter, SavedFilterInput, SavedFilterPatch } from './schemas.js';

const columns = {
  id: savedFilters.id,
  name: savedFilters.name,
  filter: savedFilters.filter,
  createdBy: sql<string>`coalesce(${users.username}, '')`,
  createdAt: savedFilters.createdAt,
  updatedAt: savedFilters.updatedAt,
};

function select(db: Db) {
  return db.select(columns).from(savedFilters).leftJoin(users, eq(users.id, savedFilters.createdBy));
}

const typed = (row: Omit<SavedFilter, 'filter'> & { filter: unknown }): SavedFilter => ({
  ...row,
  filter: row.filter as ReportFilter,
});

const uniqueName: UniqueName = {
  table: savedFilters,
  id: savedFilters.id,
  name: savedFilters.name,
  field: 'name',
  what: 'A saved filter',
};

export async function listSavedFilters(db: Db): Promise<SavedFilter[]> {
  const rows = await select(db).orderBy(asc(sql`lower(${savedFilters.name})`), asc(savedFilters.id));
  return rows.map(typed);
}

async function getSavedFilter(db: Db, id: number): Promise<SavedFilter> {
  const [row] = await select(db).where(eq(savedFilters.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No saved filter ${id}`);
  return typed(row);
}

export async function createSavedFilter(db: Db, userId: number, input: SavedFilterInput): Promise<SavedFilter> {
  const data = savedFilterInputSchema.parse(input);
  await resolveFilterNames(db, data.filter);
  await assertNameFree(db, uniqueName, data.name);
  const [row] = await db
    .insert(savedFilters)
    .values({ name: data.name, filter: data.filter, createdBy: userId })
    .returning({ id: savedFilters.id });
  return getSavedFilter(db, row!.id);
}

export async function updateSavedFilter(db: Db, id: number, patch: SavedFilterPatch): Promise<SavedFilter> {
  const data = savedFilterPatchSchema.parse(patch);
  await getSavedFilter(db, id);
  if (data.filter) await resolveFilterNames(db, data.filter);
  if (data.name !== undefined) await assertNameFree(db, uniqueName, data.name, id);
  await db
    .update(savedFilters)
    .set({ ...data, updatedAt: new Date() })
    .where(eq(savedFilters.id, id));
  return getSavedFilter(db, id);
}

export async function deleteSavedFilter(db: Db, id: number): Promise<SavedFilter> {
  const found = await getSavedFilter(db, id);
  await db.delete(savedFilters).where(eq(savedFilters.id, id));
  return found;
}
