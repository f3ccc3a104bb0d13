/**
 * The bulk writer shared by the file import and the demo generator: takes validated rows of one entity, a
 * batch at a time, and stores them in its own transaction per batch (PGlite is a single connection: one long
 * transaction would stall the server; a failure keeps earlier batches): the rows are copied into a temporary
 * table (src/db/bulk.ts) and merged from it with one statement (upsert.ts).
 *
 * Per batch: a repeated id keeps its last occurrence; rows pointing at a client/contract that does not exist,
 * or creating a row without a required field, are rejected by line; reference rows given by name are resolved
 * into ids (lookup-names.ts); unknown reference ids get placeholder rows; derived columns (a client's best mobile, e-mail validity: derived.ts) are computed alongside.
 */
import { sql } from 'drizzle-orm';
import { inBulkTransaction } from '../db/bulk.js';
import { type Db, queryRows } from '../db/database.js';
import { derivedColumns } from './derived.js';
import { foldForSearch } from '../shared/fold.js';
import { notice } from '../shared/notice.js';
import type { EntitySpec, FieldKind, FieldSpec, LookupTable } from './ixc-fields.js';
import { namedLookups, resolveLookupNames } from './lookup-names.js';
import {
  type ColumnValues,
  type MergeCounts,
  mergeStatement,
  missingIdsStatement,
  placeholderStatement,
  type SqlType,
} from './upsert.js';
import { type RowError, rowError, type ValidRow } from './validate.js';

export interface BatchResult {
  inserted: number;
  /** Rows that already existed (whether or not a value changed). */
  updated: number;
  /** Of `updated`, rows whose values were all the same: not rewritten. */
  unchanged: number;
  /** Earlier occurrences of an id repeated later in the same batch. */
  superseded: number;
  errors: RowError[];
}

export interface EntityWriter {
  write(rows: readonly ValidRow[]): Promise<BatchResult>;
}

const SQL_TYPE: Record<FieldKind, SqlType> = {
  id: 'int4',
  ref: 'int4',
  int: 'int4',
  float: 'float8',
  text: 'text',
  code: 'text',
  flag: 'bool',
  optOut: 'bool',
  timestamp: 'text',
  date: 'text',
};

/** Reference tables with a `name_search` column (folded name). */
const SEARCHABLE_LOOKUPS: ReadonlySet<LookupTable> = new Set(['cities', 'ftth_boxes']);

export interface WriterOptions {
  /**
   * Every row is new, and its client and contract were written before it (the demo into empty tables): rows are
   * copied straight into the table, with no look at existing rows or parents. A row that breaks that (an id that
   * exists, a missing parent) fails its whole batch, as a constraint violation.
   */
  fresh?: boolean;
}

export function createEntityWriter(db: Db, spec: EntitySpec, timezone: string, options: WriterOptions = {}): EntityWriter {
  const fields = new Map(spec.fields.map((f) => [f.ixc, f]));
  const required = spec.fields.filter((f) => f.required && f.kind !== 'id');
  const parents = spec.fields.filter((f) => f.parent);
  const lookups = spec.fields.filter((f) => f.lookup);
  const lookupNames = new Map(spec.fields.flatMap((f) => (f.nameOf ? [[f.nameOf, f.ixc] as const] : [])));
  const named = namedLookups(spec);
  const groupByFields = fieldGrouper(spec);

  return {
    async write(batch) {
      const rows = lastOccurrenceById(batch);
      const result: BatchResult = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        superseded: batch.length - rows.length,
        errors: [],
      };
      if (rows.length === 0) return result;
      await inBulkTransaction(db, async (bulk) => {
        const t = bulk.db;
        // Rows lacking a required field can only update: check that those exist.
        const missingOf = (row: ValidRow) => {
          for (const f of required) if (!(f.ixc in row.values)) return f;
          return undefined;
        };
        const incomplete = rows.filter(missingOf);
        // Fresh rows are all new: one lacking a required field has nothing to update.
        const [absent = new Set(incomplete.map(idOf))] = options.fresh
          ? []
          : await missingIds(t, [{ table: spec.table, ids: incomplete.map(idOf) }]);
        let accepted = rows.filter((row) => {
          const missing = missingOf(row);
          if (!missing || !absent.has(idOf(row))) return true;
          result.errors.push(rowError(row.line, missing.ixc, notice('import_needed_to_create', { entity: spec.table, id: idOf(row) })));
          return false;
        });
        if (!options.fresh) accepted = await withExistingParents(t, parents, accepted, result.errors);
        accepted = await resolveLookupNames(t, named, accepted, result.errors);
        for (const f of lookups) await addPlaceholders(t, f, accepted, lookupNames.get(f.lookup as LookupTable));
        // A fresh row's wall-clock times go in as text, read in the installation's zone (as the merge's `at time zone`).
        if (options.fresh) await t.execute(sql`select set_config('TimeZone', ${timezone}, true)`);
        for (const [i, group] of groupByFields(accepted).entries()) {
          const derived = await derivedColumns(t, spec, group.map(idOf), group.map((r) => r.values));
          const columns = [...columnsOf(group), ...derived];
          const copied = columns.map((c) => ({ name: c.column, type: c.type, values: c.values }));
          if (options.fresh) {
            result.inserted += await bulk.copy(spec.table, copied);
            continue;
          }
          const updateOnly = !required.every((f) => f.ixc in (group[0] as ValidRow).values); // all exist (above)
          const stage = `avisa_stage_${i}`;
          await bulk.stage(stage, copied);
          const [merged] = await queryRows<MergeCounts>(t, mergeStatement(spec.table, stage, columns, timezone, { updateOnly }));
          const inserted = merged?.inserted ?? 0;
          result.inserted += inserted;
          result.updated += group.length - inserted;
          result.unchanged += group.length - (merged?.changed ?? 0);
        }
      });
      return result;
    },
  };

  function columnsOf(group: readonly ValidRow[]): ColumnValues[] {
    const first = group[0];
    if (!first) return [];
    const columns: ColumnValues[] = [];
    for (const ixc of Object.keys(first.values)) {
      const f = fields.get(ixc) as FieldSpec;
      if (!f.column) continue;
      const values = group.map((r) => r.values[ixc] ?? null);
      const convert = f.kind === 'date' || f.kind === 'timestamp' ? f.kind : undefined;
      columns.push({ column: f.column, type: SQL_TYPE[f.kind], values, ...(convert ? { convert } : {}) });
      if (f.searchColumn) {
        const folded = values.map((v) => (typeof v === 'string' ? foldForSearch(v) : null));
        columns.push({ column: f.searchColumn, type: 'text', values: folded });
      }
    }
    // `id` first, for readability of the statement; its position does not matter to SQL.
    return columns.sort((a, b) => Number(b.column === 'id') - Number(a.column === 'id'));
  }
}

const idOf = (row: ValidRow): number => row.values.id as number;

function lastOccurrenceById(batch: readonly ValidRow[]): ValidRow[] {
  const byId = new Map<number, ValidRow>();
  for (const row of batch) {
    byId.delete(idOf(row)); // re-inserted below: the row keeps the position of its last occurrence
    byId.set(idOf(row), row);
  }
  return [...byId.values()];
}

/** Groups rows by the set of fields they carry (a CSV has one group; JSON objects may differ). */
function fieldGrouper(spec: EntitySpec): (rows: readonly ValidRow[]) => ValidRow[][] {
  // The set as a number, one bit per field of the entity (exact below 53 fields): no key list built per row.
  if (spec.fields.length > 52) throw new Error(`${spec.name}: a set of fields is one number, at most 52 fields`);
  const names = spec.fields.map((f) => f.ixc);
  const bits = names.map((_, i) => 2 ** i);
  return (rows) => {
    const groups = new Map<number, ValidRow[]>();
    for (const row of rows) {
      let set = 0;
      for (let i = 0; i < names.length; i++) if ((names[i] as string) in row.values) set += bits[i] as number;
      const group = groups.get(set);
      if (group) group.push(row);
      else groups.set(set, [row]);
    }
    return [...groups.values()];
  };
}

/** Of each list of ids, the set its table lacks (one round trip for all; none when every list is empty). */
async function missingIds(db: Db, lists: readonly { table: string; ids: readonly number[] }[]): Promise<Set<number>[]> {
  const sets = lists.map(() => new Set<number>());
  const asked = lists.map((l) => ({ table: l.table, ids: [...new Set(l.ids)] }));
  if (asked.every((l) => l.ids.length === 0)) return sets;
  const rows = await queryRows<{ list: number; id: number }>(db, missingIdsStatement(asked));
  for (const { list, id } of rows) sets[list]?.add(id);
  return sets;
}

/** The rows whose parents (client, contract) all exist; each other row gets an error naming its first missing parent. */
async function withExistingParents(db: Db, parents: readonly FieldSpec[], rows: ValidRow[], errors: RowError[]): Promise<ValidRow[]> {
  const ids = (f: FieldSpec) => rows.map((r) => r.values[f.ixc]).filter((v): v is number => typeof v === 'number');
  const missing = await missingIds(db, parents.map((f) => ({ table: f.parent as string, ids: ids(f) })));
  return rows.filter((row) => {
    const absent = parents.find((f, k) => {
      const parent = row.values[f.ixc];
      return typeof parent === 'number' && missing[k]?.has(parent);
    });
    if (!absent) return true;
    const entity = absent.parent as 'clients' | 'contracts';
    errors.push(rowError(row.line, absent.ixc, notice('import_parent_missing', { entity, id: row.values[absent.ixc] as number })));
    return false;
  });
}

async function addPlaceholders(db: Db, f: FieldSpec, rows: readonly ValidRow[], nameField?: string): Promise<void> {
  const names = new Map<number, string>();
  for (const row of rows) {
    const id = row.values[f.ixc];
    if (typeof id !== 'number') continue;
    const name = nameField ? row.values[nameField] : null;
    if (typeof name === 'string') names.set(id, name);
    else if (!names.has(id)) names.set(id, `#${id}`);
  }
  if (names.size === 0) return;
  const table = f.lookup as LookupTable;
  const ids = [...names.keys()];
  const nameList = [...names.values()];
  const searchNames = SEARCHABLE_LOOKUPS.has(table) ? nameList.map(foldForSearch) : undefined;
  await db.execute(placeholderStatement(table, { ids, names: nameList, ...(searchNames ? { searchNames } : {}) }));
}

/** Checks the zone once, before any row is read: PostgreSQL rejects unknown zone names. */
export async function assertTimezone(db: Db, timezone: string): Promise<void> {
  await db.execute(sql`select now() at time zone ${timezone}`);
}

