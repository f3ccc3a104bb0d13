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
import { notice } from '../shared/notice.js';
import { createBatchRows, idOf, lastOccurrenceById } from './batch-rows.js';
import type { EntitySpec, FieldSpec } from './ixc-fields.js';
import { resolveLookupNames } from './lookup-names.js';
import { type MergeCounts, mergeStatement, missingIdsStatement, placeholderStatement } from './upsert.js';
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

export function createEntityWriter(db: Db, spec: EntitySpec, timezone: string): EntityWriter {
  const { required, missingOf, neededToCreate, referencesOf, named, groupByFields, columnsOf } = createBatchRows(spec);
  const parents = spec.fields.filter((f) => f.parent);

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
        const incomplete = rows.filter(missingOf);
        const [absent = new Set<number>()] = await missingIds(t, [{ table: spec.table, ids: incomplete.map(idOf) }]);
        let accepted = rows.filter((row) => {
          const missing = missingOf(row);
          if (!missing || !absent.has(idOf(row))) return true;
          result.errors.push(neededToCreate(row, missing));
          return false;
        });
        accepted = await withExistingParents(t, parents, accepted, result.errors);
        accepted = await resolveLookupNames(t, named, accepted, result.errors);
        for (const { table, rows } of referencesOf(accepted)) await t.execute(placeholderStatement(table, rows));
        for (const [i, group] of groupByFields(accepted).entries()) {
          const updateOnly = !required.every((f) => f.ixc in (group[0] as ValidRow).values); // all exist (above)
          const derived = await derivedColumns(t, spec, group.map(idOf), group.map((r) => r.values));
          const columns = [...columnsOf(group), ...derived];
          const stage = `avisa_stage_${i}`;
          await bulk.stage(stage, columns.map((c) => ({ name: c.column, type: c.type, values: c.values })));
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

/** Checks the zone once, before any row is read: PostgreSQL rejects unknown zone names. */
export async function assertTimezone(db: Db, timezone: string): Promise<void> {
  await db.execute(sql`select now() at time zone ${timezone}`);
}

