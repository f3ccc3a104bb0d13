/**
 * Reference rows given by name instead of id: IXC exports can name a login's NAS (`concentrador`), POP
 * (`transmissor`) or plan (`grupo`, the RADIUS group) without the id field. Such a name stands for the id: it is
 * resolved case-insensitively against the stored reference table, and the row then carries the id. A name that
 * no row has (or that several rows have) rejects the row with an error naming the field and the name: storing
 * the login without its NAS would silently leave it out of every outage by NAS.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { NamedLookup } from './batch-rows.js';
import type { LookupTable } from './ixc-fields.js';
import { notice } from '../shared/notice.js';
import { type RowError, rowError, type ValidRow } from './validate.js';

/** Gives the rows that name a lookup row without its id that id; returns the rows kept. */
export async function resolveLookupNames(
  db: Db,
  lookups: readonly NamedLookup[],
  rows: readonly ValidRow[],
  errors: RowError[],
): Promise<ValidRow[]> {
  let kept = [...rows];
  for (const lookup of lookups) {
    const nameOf = (row: ValidRow) => {
      const name = row.values[lookup.name.ixc];
      return lookup.id.ixc in row.values || typeof name !== 'string' ? undefined : name;
    };
    const names = [...new Set(kept.map(nameOf).filter((n): n is string => n !== undefined))];
    if (names.length === 0) continue;
    const ids = await idsByName(db, lookup.table, names);
    kept = kept.filter((row) => {
      const name = nameOf(row);
      if (name === undefined) return true;
      const found = ids.get(name) ?? [];
      if (found.length === 1) {
        row.values[lookup.id.ixc] = found[0] as number;
        return true;
      }
      const named = { entity: lookup.table, name: JSON.stringify(name), idField: lookup.id.ixc };
      const why =
        found.length === 0
          ? notice('import_name_unknown', named)
          : notice('import_name_ambiguous', { ...named, rows: found.length, ids: found.join(', ') });
      errors.push(rowError(row.line, lookup.name.ixc, why));
      return false;
    });
  }
  return kept;
}

/** Ids of the rows of `table` named each of `names`, ignoring case. */
async function idsByName(db: Db, table: LookupTable, names: readonly string[]): Promise<Map<string, number[]>> {
  const rows = await queryRows<{ wanted: string; id: number }>(
    db,
    sql`select u.wanted, t.id from unnest(${sql.param(names)}::text[]) as u(wanted)
        join ${sql.identifier(table)} t on lower(t.name) = lower(u.wanted) order by t.id`,
  );
  const ids = new Map<string, number[]>();
  for (const { wanted, id } of rows) ids.set(wanted, [...(ids.get(wanted) ?? []), id]);
  return ids;
}
