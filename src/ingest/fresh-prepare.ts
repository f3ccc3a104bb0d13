/**
 * New rows made ready to be copied straight into their table (fresh.ts writes them): validated rows of one entity
 * become COPY text, with the reference rows they point at. The same steps as the bulk writer's (batch-rows.ts,
 * derivations.ts) but no look at the database, which new rows do not need: this can run in a worker thread
 * (src/ingest/demo/producer.ts).
 */
import { copyText } from '../db/copy-text.js';
import { createBatchRows, isPlaceholder, lastOccurrenceById, nameReference, type References, referenceRows } from './batch-rows.js';
import { derivedColumnsOfNew } from './derivations.js';
import type { EntitySpec } from './ixc-fields.js';
import type { ColumnValues } from './upsert.js';
import type { RowError, ValidRow } from './validate.js';

/** Rows of one set of fields, as COPY text in UTF-8 (bytes of their own: they can move to another thread). */
export interface FreshCopy {
  table: string;
  columns: string[];
  text: Uint8Array<ArrayBuffer>;
  rows: number;
}

/** A batch of new rows made ready: plain data (strings, numbers), so it crosses threads as it is. */
export interface FreshBatch {
  copies: FreshCopy[];
  /** Reference rows the batch points at, created as placeholders `#id` (or with their names) when missing. */
  references: References[];
  /** Rows refused (a required field missing: a new row cannot lack one). */
  errors: RowError[];
  /** Earlier occurrences of an id repeated later in the batch. */
  superseded: number;
  /** Settings of the transaction that writes it (`set_config(name, value, true)`), e.g. REPORT_COLUMNS_GIVEN. */
  settings: { name: string; value: string }[];
}

/** Columns a caller adds to each group of rows (computed from what it knows beyond the rows), with their settings. */
export interface ExtraColumns {
  columnsOf(rows: readonly ValidRow[]): ColumnValues[];
  settings: { name: string; value: string }[];
}

const utf8 = new TextEncoder();

export function createFreshPreparer(spec: EntitySpec): (batch: readonly ValidRow[], extra?: ExtraColumns) => FreshBatch {
  const { missingOf, neededToCreate, referencesOf, named, groupByFields, columnsOf } = createBatchRows(spec);
  return (batch, extra) => {
    const rows = lastOccurrenceById(batch);
    const errors: RowError[] = [];
    const accepted = rows.filter((row) => {
      const missing = missingOf(row);
      if (!missing) return true;
      errors.push(neededToCreate(row, missing));
      return false;
    });
    for (const lookup of named) {
      // Resolving a name needs the stored reference rows: fresh rows carry the ids (the demo's always do).
      if (accepted.some((r) => lookup.name.ixc in r.values && !(lookup.id.ixc in r.values))) {
        throw new Error(`fresh ${spec.name}: a row names ${lookup.table} by ${lookup.name.ixc} without ${lookup.id.ixc}`);
      }
    }
    const references = referencesOf(accepted);
    const copies = groupByFields(accepted).map((group) => {
      const derived = derivedColumnsOfNew(spec, group.map((r) => r.values));
      const columns = [...columnsOf(group), ...derived, ...(extra?.columnsOf(group) ?? [])];
      const staged = columns.map((c) => ({ name: c.column, type: c.type, values: c.values }));
      const text = utf8.encode([...copyText(staged)].join(''));
      return { table: spec.table, columns: staged.map((c) => c.name), text, rows: group.length };
    });
    return { copies, references, errors, superseded: batch.length - rows.length, settings: extra?.settings ?? [] };
  };
}


/**
 * Batches prepared apart, as one (written in one transaction): the COPY text of each table and set of columns
 * joined, each reference table's rows once (named as in one batch: batch-rows.ts `nameReference`), errors and
 * superseded rows added up.
 * Every batch is of one entity, with ids of its own (none in two batches), and carries the same settings.
 */
export function joinFreshBatches(batches: readonly FreshBatch[]): FreshBatch {
  if (batches.length === 1) return batches[0] as FreshBatch;
  const copies = new Map<string, FreshCopy[]>();
  const references = new Map<References['table'], Map<number, string>>();
  for (const batch of batches) {
    for (const copy of batch.copies) {
      const key = `${copy.table}\t${copy.columns.join(',')}`;
      const same = copies.get(key);
      if (same) same.push(copy);
      else copies.set(key, [copy]);
    }
    for (const { table, rows } of batch.references) {
      const names = references.get(table) ?? new Map<number, string>();
      references.set(table, names);
      rows.ids.forEach((id, i) => {
        const name = rows.names[i] as string;
        nameReference(names, id, isPlaceholder(id, name) ? null : name);
      });
    }
  }
  return {
    copies: [...copies.values()].map((same) => ({
      table: (same[0] as FreshCopy).table,
      columns: (same[0] as FreshCopy).columns,
      text: concatBytes(same.map((c) => c.text)),
      rows: same.reduce((n, c) => n + c.rows, 0),
    })),
    references: [...references].map(([table, names]) => ({ table, rows: referenceRows(table, names) })),
    errors: batches.flatMap((b) => b.errors),
    superseded: batches.reduce((n, b) => n + b.superseded, 0),
    settings: batches[0]?.settings ?? [],
  };
}

function concatBytes(parts: readonly Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
