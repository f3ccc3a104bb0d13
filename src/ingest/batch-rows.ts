/**
 * A batch of validated rows as the database gets them, with no database: the last occurrence of each id, groups
 * of rows carrying the same fields, their columns, and the reference rows they point at. The bulk writer
 * (writer.ts) and the fresh rows' preparer (fresh-prepare.ts, which may run in a worker thread) share them.
 */
import { foldForSearch } from '../shared/fold.js';
import type { EntitySpec, FieldKind, FieldSpec, LookupTable } from './ixc-fields.js';
import type { ColumnValues, PlaceholderRows, SqlType } from './upsert.js';
import { notice } from '../shared/notice.js';
import { type RowError, rowError, type ValidRow } from './validate.js';

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

/** The columns of a group of rows carrying the same fields, as the bulk writer stores them (`id` first). */
function createColumnBuilder(spec: EntitySpec): (group: readonly ValidRow[]) => ColumnValues[] {
  const fields = new Map(spec.fields.map((f) => [f.ixc, f]));
  return (group) => {
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
  };
}

export const idOf = (row: ValidRow): number => row.values.id as number;

export function lastOccurrenceById(batch: readonly ValidRow[]): ValidRow[] {
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

/** A reference table's rows that a batch points at. */
export interface References {
  table: LookupTable;
  rows: PlaceholderRows;
}

/**
 * The reference rows a batch points at, table by table, through the entity's lookup fields: named where the row
 * names them (`concentrador`), else `#id` (placeholders that a later source may name).
 */
function createReferenceCollector(spec: EntitySpec): (rows: readonly ValidRow[]) => References[] {
  const lookups = spec.fields.filter((f) => f.lookup);
  const nameFields = new Map(spec.fields.flatMap((f) => (f.nameOf ? [[f.nameOf, f.ixc] as const] : [])));
  return (rows) =>
    lookups.flatMap((f) => {
      const referenced = referencedRows(f, rows, nameFields.get(f.lookup as LookupTable));
      return referenced ? [{ table: f.lookup as LookupTable, rows: referenced }] : [];
    });
}

function referencedRows(f: FieldSpec, rows: readonly ValidRow[], nameField?: string): PlaceholderRows | undefined {
  const names = new Map<number, string>();
  for (const row of rows) {
    const id = row.values[f.ixc];
    if (typeof id !== 'number') continue;
    const name = nameField ? row.values[nameField] : null;
    nameReference(names, id, typeof name === 'string' ? name : null);
  }
  return names.size === 0 ? undefined : referenceRows(f.lookup as LookupTable, names);
}

/** Names reference row `id` in `names`: a name wins (the last one given); the placeholder `#id` only stands in for none. */
export function nameReference(names: Map<number, string>, id: number, name: string | null): void {
  if (name !== null) names.set(id, name);
  else if (!names.has(id)) names.set(id, `#${id}`);
}

/** Whether `name` is the placeholder of reference row `id`. */
export const isPlaceholder = (id: number, name: string): boolean => name === `#${id}`;

/** The rows of a reference table, by id with their names (folded too, for a table that searches them). */
export function referenceRows(table: LookupTable, names: ReadonlyMap<number, string>): PlaceholderRows {
  const nameList = [...names.values()];
  const searchNames = SEARCHABLE_LOOKUPS.has(table) ? nameList.map(foldForSearch) : undefined;
  return { ids: [...names.keys()], names: nameList, ...(searchNames ? { searchNames } : {}) };
}

/** The entity's required fields (but `id`), and the first of them a row lacks. */
function createRequiredCheck(spec: EntitySpec): { required: readonly FieldSpec[]; missingOf: (row: ValidRow) => FieldSpec | undefined } {
  const required = spec.fields.filter((f) => f.required && f.kind !== 'id');
  return { required, missingOf: (row) => required.find((f) => !(f.ixc in row.values)) };
}

export interface NamedLookup {
  /** The field holding the name (`concentrador`). */
  name: FieldSpec;
  /** The field holding the id (`id_concentrador`). */
  id: FieldSpec;
  table: LookupTable;
}

/** The entity's name fields, each with the id field it stands for. */
function namedLookups(spec: EntitySpec): NamedLookup[] {
  return spec.fields.flatMap((name) => {
    const id = name.nameOf && spec.fields.find((f) => f.lookup === name.nameOf);
    return id && name.nameOf ? [{ name, id, table: name.nameOf }] : [];
  });
}

/**
 * What both batch writers (writer.ts into any table, fresh-prepare.ts into empty ones) build once per entity from its
 * fields, and the error of a row that lacks a field a new row needs.
 */
export function createBatchRows(spec: EntitySpec) {
  return {
    ...createRequiredCheck(spec),
    neededToCreate: (row: ValidRow, missing: FieldSpec): RowError =>
      rowError(row.line, missing.ixc, notice('import_needed_to_create', { entity: spec.table, id: idOf(row) })),
    referencesOf: createReferenceCollector(spec),
    named: namedLookups(spec),
    groupByFields: fieldGrouper(spec),
    columnsOf: createColumnBuilder(spec),
  };
}
