/**
 * Rows in COPY's text format, the one encoding of rows that Avisa copies into PostgreSQL or PGlite (src/db/bulk.ts).
 * No database here: a worker thread can encode rows (src/ingest/demo/producer.ts).
 */

export type StageType = 'int4' | 'int8' | 'float8' | 'bool' | 'text' | 'date' | 'timestamp' | 'timestamptz';
export type StageValue = string | number | boolean | null;

/** One column of the rows to copy: row i's value is `values[i]` (every column has as many values). */
export interface StageColumn {
  name: string;
  type: StageType;
  values: readonly StageValue[];
}

/** Rows per piece of COPY text handed to the connection. */
const ROWS_PER_PIECE = 1_000;

/** The rows in COPY's text format (tab-separated, `\N` for null, backslash escapes), a piece at a time. */
export function* copyText(columns: readonly StageColumn[]): Generator<string> {
  const rows = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (c.values.length !== rows) throw new Error(`stage: column ${c.name} has ${c.values.length} values, not ${rows}`);
  }
  const last = columns.length - 1;
  for (let start = 0; start < rows; start += ROWS_PER_PIECE) {
    let piece = '';
    const end = Math.min(rows, start + ROWS_PER_PIECE);
    for (let i = start; i < end; i++) {
      for (let j = 0; j <= last; j++) {
        piece += encodeValue((columns[j] as StageColumn).values[i] ?? null);
        piece += j === last ? '\n' : '\t';
      }
    }
    yield piece;
  }
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function encodeValue(value: StageValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (ch) => ESCAPES[ch] as string) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}
