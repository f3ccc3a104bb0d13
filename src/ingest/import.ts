/**
 * `avisa import clientes|contratos|logins FILE` and `POST /api/imports/…`: streams a CSV/JSON/JSONL file with
 * IXC's field names through validation and the bulk writer, batch by batch (bounded memory), and sums up what
 * happened. `importFile` reads a path; `importStream` the same bytes as they arrive (an HTTP upload).
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Db } from '../db/database.js';
import { withDeferredIndexes } from '../db/deferred-indexes.js';
import { AppError } from '../shared/errors.js';
import { type EntityName, type EntitySpec, entities, isSecretField, singleLineFields } from './ixc-fields.js';
import { readCsv } from './readers/csv.js';
import { readJsonDocument, readJsonLines } from './readers/json.js';
import type { ByteInput, Source, SourceEncoding, SourceFormat } from './readers/source.js';
import { createRecordSink, type SinkTotals } from './sink.js';
import type { ImportSummary } from './summary.js';
import { assertTimezone } from './writer.js';

export type ImportEntity = EntityName;

export interface ImportOptions {
  entity: ImportEntity;
  path: string;
  /** Default: from the extension (.csv/.txt, .json, .jsonl/.ndjson). */
  format?: SourceFormat;
  /** Default utf8. */
  encoding?: SourceEncoding;
  /** Zone of the file's wall-clock times, e.g. America/Sao_Paulo. */
  timezone: string;
  /** Rows per transaction; default 10,000 (IMPORT_BATCH_SIZE). */
  batchSize?: number;
  /** Called after each batch (and every `progressEvery` records) with the records read and the totals so far. */
  onProgress?: (read: number, totals: Readonly<SinkTotals>) => void;
  /** Also report progress every this many records read (default: only after batches). */
  progressEvery?: number;
  /** The source's size when known (a file's, an upload's Content-Length): a large one into an empty table defers indexes. */
  expectedBytes?: number;
}

/** An import of bytes that arrive as a stream: `label` names them in the summary (`path`). */
export interface StreamImportOptions extends Omit<ImportOptions, 'path' | 'format'> {
  input: AsyncIterable<Uint8Array>;
  format: SourceFormat;
  label: string;
}

const ENCODINGS: readonly SourceEncoding[] = ['utf8', 'latin1', 'windows-1252'];
const FORMAT_OF_EXTENSION: Record<string, SourceFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export async function importFile(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const format = options.format ?? FORMAT_OF_EXTENSION[extname(options.path).toLowerCase()];
  if (!format || !['csv', 'json', 'jsonl'].includes(format)) {
    throw new AppError('VALIDATION', `cannot tell the format of ${options.path}; use --format csv|json|jsonl`, 'format');
  }
  const { size } = await stat(options.path).catch((err: Error) => {
    throw new AppError('VALIDATION', `cannot read ${options.path}: ${err.message}`, 'path');
  });
  return importInput(db, { expectedBytes: size, ...options }, options.path, format, options.path);
}

export async function importStream(db: Db, options: StreamImportOptions): Promise<ImportSummary> {
  if (!['csv', 'json', 'jsonl'].includes(options.format)) {
    throw new AppError('VALIDATION', `unknown format "${options.format}"; use csv, json or jsonl`, 'format');
  }
  return importInput(db, options, options.input, options.format, options.label);
}

/**
 * From this size (some 20,000 rows), a source going into an empty table has the table's indexes built once at the
 * end (src/db/deferred-indexes.ts): a first full sync. Below it, dropping and building them costs more than it saves.
 */
const DEFER_INDEXES_FROM_BYTES = 4 * 1024 * 1024;

/**
 * Rows per transaction of an import. Twice the demo's: a batch's round trips and statements cost the same for
 * 5,000 rows or 10,000, and a re-import of 100,000 unchanged logins went from ~80,000 to ~92,000 rows/s on
 * PostgreSQL (72,000 → 78,000 on PGlite, whose only connection a batch then holds for ~0.13 s). Two batches
 * are held at most (one written, one filling): `avisa import` of 100,000 logins peaked at 230–246 MB RSS.
 */
const IMPORT_BATCH_SIZE = 10_000;

function importInput(...args: Parameters<typeof importRecords>): Promise<ImportSummary> {
  const [db, options] = args;
  const table = entities[options.entity]?.table;
  const large = (options.expectedBytes ?? 0) >= DEFER_INDEXES_FROM_BYTES;
  return table && large ? withDeferredIndexes(db, [table], () => importRecords(...args)) : importRecords(...args);
}

async function importRecords(
  db: Db,
  options: Omit<ImportOptions, 'path' | 'format'>,
  input: ByteInput,
  format: SourceFormat,
  label: string,
): Promise<ImportSummary> {
  const started = performance.now();
  const spec = entities[options.entity];
  if (!spec) throw new AppError('VALIDATION', `unknown entity "${options.entity}"`, 'entity');
  const encoding = options.encoding ?? 'utf8';
  if (!ENCODINGS.includes(encoding)) {
    throw new AppError('VALIDATION', `unknown encoding "${encoding}"; use ${ENCODINGS.join(', ')}`, 'encoding');
  }
  await assertTimezone(db, options.timezone).catch(() => {
    throw new AppError('VALIDATION', `unknown time zone "${options.timezone}"`, 'timezone');
  });

  const source = openSource(input, format, encoding, spec);
  let read = 0;
  let reported = 0; // a batch written reports the records up to its end, which reading may be past already
  const progress = (count: number) => {
    reported = Math.max(reported, count);
    options.onProgress?.(reported, sink.totals);
  };
  const sink = createRecordSink(db, spec, {
    timezone: options.timezone,
    utf8: encoding === 'utf8',
    batchSize: options.batchSize ?? IMPORT_BATCH_SIZE,
    onBatch: progress,
  });
  const every = options.progressEvery ?? 0;
  const ignored = new Set<string>();
  for await (const item of source.items) {
    read++;
    if (every > 0 && read % every === 0) progress(read);
    if ('error' in item) {
      sink.reject(item.error);
      continue;
    }
    // A CSV's keys are its header's, reported once at the end; JSON records may each have others.
    if (!source.columns) for (const key in item.record) if (!sink.known.has(key)) ignored.add(key);
    const writing = sink.add(item.record, item.line);
    if (writing) await writing;
  }
  await sink.flush();
  for (const column of source.columns?.() ?? []) if (!sink.known.has(column)) ignored.add(column);

  const { totals } = sink;
  const ignoredColumns = [...ignored].sort();
  return {
    entity: spec.name,
    path: label,
    format,
    unit: source.unit,
    read,
    ...totals,
    errors: totals.errors.sort((a, b) => a.line - b.line),
    ignoredColumns,
    secretColumns: ignoredColumns.filter(isSecretField),
    durationMs: Math.round(performance.now() - started),
  };
}

function openSource(input: ByteInput, format: SourceFormat, encoding: SourceEncoding, spec: EntitySpec): Source {
  if (format === 'csv') return readCsv(input, encoding, { singleLine: singleLineFields(spec) });
  if (format === 'jsonl') return readJsonLines(input, encoding);
  return readJsonDocument(input, encoding);
}
