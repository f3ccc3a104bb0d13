/**
 * Stores one page of IXC records. Subscribers (`cliente`, `cliente_contrato`, `radusuarios`) take the import's
 * one path — `createRecordSink`: zod validation per field, the set-based bulk writer, placeholders, derived
 * columns, passwords never read. Lookup rows are validated by the same validator and upserted with the same
 * `upsertStatement` the demo catalogue uses. Errors name the IXC table and the record's id (the sink's "line"
 * is the record's position in the page, mapped back here).
 */
import type { Db } from '../../db/database.js';
import { foldForSearch } from '../../shared/fold.js';
import { notice } from '../../shared/notice.js';
import type { EntitySpec, FieldSpec } from '../ixc-fields.js';
import { createRecordSink } from '../sink.js';
import { type ColumnValues, upsertStatement } from '../upsert.js';
import { createValidator, type RowError, rowError, type Value } from '../validate.js';
import { queryRows } from '../../db/database.js';
import type { LookupSpec } from './tables.js';

export interface RecordError {
  /** IXC table. */
  table: string;
  /** The record's `id` as IXC sent it; null when it had none. */
  id: string | null;
  /** IXC field, when the error is about one. */
  field: string | null;
  message: string;
}

export interface PageResult {
  read: number;
  /** Rows inserted or changed (an identical row is not rewritten, nor counted). */
  written: number;
  rejected: number;
  errors: RecordError[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function rawId(record: unknown): string | null {
  if (!isRecord(record)) return null;
  const id = record.id;
  if (typeof id === 'string' && id.trim()) return id.trim();
  if (typeof id === 'number') return String(id);
  return null;
}

function toRecordErrors(table: string, records: readonly unknown[], errors: readonly RowError[]): RecordError[] {
  return errors.map((e) => ({ table, id: rawId(records[e.line - 1]), field: e.field, message: e.message }));
}

const notARecord = (line: number): RowError => rowError(line, null, notice('import_not_record'));

export async function storeEntityPage(
  db: Db,
  table: string,
  spec: EntitySpec,
  records: readonly unknown[],
  timezone: string,
): Promise<PageResult> {
  const sink = createRecordSink(db, spec, { timezone, batchSize: Number.MAX_SAFE_INTEGER });
  for (const [i, record] of records.entries()) {
    if (isRecord(record)) await sink.add(record, i + 1);
    else sink.reject(notARecord(i + 1));
  }
  await sink.flush();
  const { inserted, updated, unchanged, rejected, errors } = sink.totals;
  return { read: records.length, written: inserted + updated - unchanged, rejected, errors: toRecordErrors(table, records, errors) };
}

/** The validator's view of a lookup: `id`, `name` (already chosen among the candidates) and the extras. */
function lookupFields(spec: LookupSpec): FieldSpec[] {
  return [
    { ixc: 'id', column: 'id', kind: 'id', required: true },
    { ixc: 'name', column: 'name', kind: 'text' },
    ...(spec.extras ?? []).map((e): FieldSpec => ({ ixc: e.ixc, column: e.column, kind: e.kind })),
    ...(spec.stateFromUf ? [{ ixc: spec.stateFromUf, kind: 'ref' } as FieldSpec] : []),
  ];
}

export async function storeLookupPage(
  db: Db,
  spec: LookupSpec,
  records: readonly unknown[],
  timezone: string,
  /** IXC `uf.id` → abbreviation, for cities. */
  states: ReadonlyMap<number, string> = new Map(),
): Promise<PageResult> {
  // the validator reads only `fields`
  const validator = createValidator({ fields: lookupFields(spec) } as unknown as EntitySpec);
  const errors: RowError[] = [];
  const rows = new Map<number, Record<string, Value>>();
  for (const [i, record] of records.entries()) {
    if (!isRecord(record)) {
      errors.push(notARecord(i + 1));
      continue;
    }
    const name = spec.name.map((f) => record[f]).find((v) => typeof v === 'string' && v.trim() !== '');
    const input: Record<string, unknown> = { ...pick(record, ['id', ...(spec.extras ?? []).map((e) => e.ixc)]), name: name ?? null };
    if (spec.stateFromUf) input[spec.stateFromUf] = record[spec.stateFromUf];
    const result = validator.validate(input, i + 1);
    if ('errors' in result) errors.push(...result.errors);
    else rows.set(result.row.values.id as number, result.row.values); // a repeated id: the last one wins
  }
  const written = rows.size > 0 ? await upsertLookups(db, spec, [...rows.values()], timezone, states) : 0;
  return {
    read: records.length,
    written,
    rejected: new Set(errors.map((e) => e.line)).size,
    errors: toRecordErrors(spec.ixcTable, records, errors),
  };
}

function pick(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in record) out[f] = record[f];
  return out;
}

async function upsertLookups(
  db: Db,
  spec: LookupSpec,
  rows: readonly Record<string, Value>[],
  timezone: string,
  states: ReadonlyMap<number, string>,
): Promise<number> {
  const names = rows.map((r) => (typeof r.name === 'string' ? r.name : `#${r.id}`));
  const columns: ColumnValues[] = [
    { column: 'id', type: 'int4', values: rows.map((r) => r.id ?? null) },
    { column: 'name', type: 'text', values: names },
  ];
  if (spec.search) columns.push({ column: 'name_search', type: 'text', values: names.map(foldForSearch) });
  for (const extra of spec.extras ?? []) {
    if (!rows.some((r) => extra.ixc in r)) continue;
    columns.push({ column: extra.column, type: extra.kind === 'ref' ? 'int4' : 'text', values: rows.map((r) => r[extra.ixc] ?? null) });
  }
  if (spec.stateFromUf) {
    const uf = spec.stateFromUf;
    columns.push({ column: 'state', type: 'text', values: rows.map((r) => (typeof r[uf] === 'number' ? (states.get(r[uf]) ?? null) : null)) });
  }
  const changed = await queryRows<{ inserted: boolean }>(db, upsertStatement(spec.table, columns, timezone, false));
  return changed.length;
}
