/**
 * Names in a report filter (`nas: ["BRAS-ITJ-01"]`, `cities: ["Itajaí"]`…) become ids before any SQL is built:
 * once per request, one query per kind of reference row, then the id-based filter runs unchanged — so a filter
 * by name costs what the same filter by id costs. Names match case- and accent-insensitively (`foldForSearch`);
 * a name several rows share (a city in two states) stands for all of them; a name no row has is a 400 naming
 * the field and the name, never an empty result (a typo must not look like "nobody is offline").
 * The same pass names the ids the caller gave, for the answer's `appliedFilter`.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { foldForSearch } from '../shared/fold.js';
import { AppError } from '../shared/errors.js';
import { type IdFilter, type NameKey, nameKeys, type ReportFilter, reportFilterSchema } from './filter.js';
import type { AppliedFilter, Lookup } from './schemas.js';
import { intArray, textArray } from './sql-parts.js';

interface Kind {
  table: string;
  noun: string;
  /**
   * The table keeps folded names (`name_search`): matched in SQL through it. The other tables are small (NAS,
   * POPs, plans: tens to a few thousand rows) and keep none, so they are read whole and folded here — exactly the
   * rule the search columns were written with, which PostgreSQL's `lower()` under a C locale would not be.
   */
  folded: boolean;
}

const KINDS: Readonly<Record<NameKey, Kind>> = {
  nas: { table: 'nas', noun: 'NAS', folded: false },
  pops: { table: 'pops', noun: 'POP', folded: false },
  plans: { table: 'plans', noun: 'plan', folded: false },
  cities: { table: 'cities', noun: 'city', folded: true },
  ftthBoxes: { table: 'ftth_boxes', noun: 'FTTH box', folded: true },
};

interface Row {
  id: number;
  name: string;
  folded: string | null;
}

/** The rows of one kind that the given ids or names may refer to. */
function rowsOf(db: Db, kind: Kind, ids: readonly number[], names: readonly string[]): Promise<Row[]> {
  const table = sql.identifier(kind.table);
  // Only the tests the request needs: `id = any(…) or <anything>` would cost ids alone a scan of the table.
  const byId = ids.length > 0 ? [sql`id = any(${intArray(ids)})`] : [];
  if (kind.folded) {
    const byName = names.length > 0 ? [sql`name_search = any(${textArray(names.map(foldForSearch))})`] : [];
    return queryRows<Row>(db, sql`select id, name, name_search as folded from ${table} where ${sql.join([...byId, ...byName], sql` or `)}`);
  }
  const where = names.length > 0 ? sql`` : sql`where ${byId[0]}`;
  return queryRows<Row>(db, sql`select id, name, null::text as folded from ${table} ${where}`);
}

export interface ResolvedFilter {
  /** The filter with its names merged into the id lists: what `filterSql` takes. */
  filter: IdFilter;
  applied: AppliedFilter;
}

/**
 * Resolves the names of `input` (validated again here, whoever the caller). `field` prefixes the error's field:
 * `filter` gives `filter.nas.0`, as the request bodies and the export's query name it; '' gives `nas.0`.
 */
export async function resolveFilterNames(db: Db, input: ReportFilter, options: { field?: string } = {}): Promise<ResolvedFilter> {
  const parsed = reportFilterSchema.parse(input);
  const prefix = options.field === undefined ? 'filter.' : options.field ? `${options.field}.` : '';
  const { nas: _n, pops: _p, plans: _l, cities: _c, ftthBoxes: _b, ...rest } = parsed;
  const filter: IdFilter = { ...rest };
  const lookups: AppliedFilter['lookups'] = {};
  for (const key of Object.keys(KINDS) as NameKey[]) {
    const kind = KINDS[key];
    const idKey = nameKeys[key];
    const names = parsed[key] ?? [];
    const given = parsed[idKey] ?? [];
    if (names.length === 0 && given.length === 0) continue;
    const rows = await rowsOf(db, kind, given, names);
    const found: number[] = [];
    names.forEach((name, i) => {
      const wanted = foldForSearch(name);
      const matching = rows.filter((r) => (r.folded ?? foldForSearch(r.name)) === wanted).map((r) => r.id);
      if (matching.length === 0) {
        throw new AppError('VALIDATION', `${prefix}${key}.${i}: no ${kind.noun} named ${JSON.stringify(name)}`, `${prefix}${key}.${i}`);
      }
      found.push(...matching.sort((a, b) => a - b));
    });
    const ids = [...new Set([...given, ...found])];
    filter[idKey] = ids;
    const nameOf = new Map(rows.map((r) => [r.id, r.name]));
    lookups[idKey] = ids.map((id): Lookup => ({ id, name: nameOf.get(id) ?? null }));
  }
  return { filter, applied: { filter, lookups } };
}
