/**
 * CSV reader: the first line names IXC fields; `,` or `;` is detected from it. Records stream through the
 * framer (bad records become row errors) and csv-parse (field splitting, unquoting, field counts).
 */
import { pipeline, Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../../shared/errors.js';
import { detectDelimiter, frameCsv } from './csv-framer.js';
import {
  type ByteInput,
  decodeFile,
  MAX_FIELD_CHARS,
  MAX_QUOTED_LINE_BREAKS,
  MAX_RECORD_CHARS,
  type Source,
  type SourceEncoding,
  type SourceItem,
} from './source.js';

export interface CsvOptions {
  /**
   * Columns whose values hold one line (ids, logins, dates…): a quoted value of one of them that runs onto the
   * next line is taken for a stray quote at once. Other columns (addresses, notes) may hold line breaks.
   */
  singleLine?: ReadonlySet<string>;
}

type Pending = SourceItem & { cause?: CsvError };

export function readCsv(input: ByteInput, encoding: SourceEncoding, options: CsvOptions = {}): Source {
  const columns: string[] = [];
  return { unit: 'line', items: csvItems(input, encoding, options, columns), columns: () => columns };
}

async function* csvItems(
  input: ByteInput,
  encoding: SourceEncoding,
  options: CsvOptions,
  columns: string[],
): AsyncGenerator<SourceItem> {
  const { head, rest } = await firstLine(decodeFile(input, encoding));
  if (head === '') return;
  const headerLine = head.slice(0, head.indexOf('\n') >>> 0).replace(/\r$/, '');
  const delimiter = detectDelimiter(headerLine);
  const header = parseHeader(headerLine, delimiter);
  columns.push(...header);
  const singleLine = options.singleLine ?? new Set();
  const pending: Pending[] = [];
  const lines = new LineNumbers();
  const framed = frameCsv(prepend(head, rest), delimiter, {
    columns: header.length,
    multiline: (field) => !singleLine.has(header[field] ?? ''),
    maxRecordChars: MAX_RECORD_CHARS,
    maxFieldChars: MAX_FIELD_CHARS,
    maxQuotedLineBreaks: MAX_QUOTED_LINE_BREAKS,
    onError({ line, field, message }) {
      pending.push({ line, error: { line, field: field === null ? null : (header[field] ?? null), message } });
    },
    onExtraLineBreak: (countedAs) => lines.extraBreak(countedAs),
  });
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  // pipeline() destroys the parser with a read error, so the loop below throws instead of waiting forever.
  pipeline(Readable.from(framed), parser, () => {});
  parser.on('skip', (err: CsvError) => {
    const line = lines.ofFile(Number(err.lines) || 0);
    pending.push({ line, error: { line, field: null, message: describeCsvError(err, header.length) } });
  });
  const drainBefore = function* (line: number): Generator<SourceItem> {
    if (pending.length === 0 || !pending.some((p) => p.line < line)) return;
    pending.sort((a, b) => a.line - b.line);
    while (pending[0] && pending[0].line < line) yield pending.shift() as SourceItem;
  };
  let headerSeen = false;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!headerSeen) {
      headerSeen = true; // the first line, parsed above
      continue;
    }
    const line = lines.ofFile(info.lines, true) - embeddedLineFeeds(record);
    yield* drainBefore(line);
    if (repeatsHeader(record, header)) {
      yield { line, error: { line, field: null, message: 'the header line again: two files joined into one?' } };
      continue;
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) fields[header[i] as string] = record[i] as string;
    yield { line, record: fields };
  }
  yield* drainBefore(Number.POSITIVE_INFINITY);
}

const UTF8_BOM_AS_WINDOWS_1252 = '\u00EF\u00BB\u00BF';

/** The header's field names; a file whose first line is not a CSV header of IXC fields is refused whole. */
function parseHeader(line: string, delimiter: string): string[] {
  if (line.startsWith(UTF8_BOM_AS_WINDOWS_1252)) {
    throw new AppError('VALIDATION', 'the file starts with a UTF-8 byte order mark: it is UTF-8, import it without --encoding');
  }
  let rows: string[][];
  try {
    rows = parseSync(line, { delimiter, relax_quotes: true });
  } catch (err) {
    throw new AppError('VALIDATION', `the header line is not valid CSV: ${(err as Error).message}`);
  }
  const names = (rows[0] ?? []).map((name) => name.trim());
  if (!names.includes('id')) {
    const shown = JSON.stringify(names.slice(0, 5).join(delimiter));
    throw new AppError('VALIDATION', `the first line must name IXC fields, "id" included; got ${shown}`);
  }
  return names;
}

/** A line equal to the header (a second export appended, its BOM included): one error, not one per field. */
function repeatsHeader(record: readonly string[], header: readonly string[]): boolean {
  return record[0]?.trim() === header[0] && record.every((value, i) => value.trim() === header[i]);
}

function describeCsvError(err: CsvError, columns: number): string {
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const record = (err as unknown as { record?: unknown[] }).record;
    const got = Array.isArray(record) ? record.length : '?';
    return `wrong number of fields: the header has ${columns}, this line has ${got}`;
  }
  return `invalid CSV: ${err.message}`;
}

/**
 * csv-parse's line numbers made the file's: csv-parse counts a carriage return that ends no line as a line break
 * (csv-framer.ts reports each one handed to it). Memory stays bounded: records ask in order, and a skipped
 * record is reported while csv-parse reads, never behind a record already read, so what they passed is summed up.
 */
class LineNumbers {
  /** csv-parse's line numbers from which it counts one more line than the file has (ascending). */
  private marks: number[] = [];
  private passed = 0;

  extraBreak(countedAs: number): void {
    this.marks.push(countedAs);
  }

  /** The file's line of csv-parse's line `counted`; `inOrder` for a record, whose lines only grow. */
  ofFile(counted: number, inOrder = false): number {
    let lo = 0;
    let hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.marks[mid] as number) <= counted) lo = mid + 1;
      else hi = mid;
    }
    const line = counted - this.passed - lo;
    if (inOrder && lo > 1_000) {
      this.marks = this.marks.slice(lo);
      this.passed += lo;
    }
    return line;
  }
}

/** Lines a record spans beyond its last one (line feeds inside quoted fields), to find where it starts. */
function embeddedLineFeeds(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Reads until the first line feed (or a record's worth of text) is buffered. */
async function firstLine(chunks: AsyncGenerator<string>): Promise<{ head: string; rest: AsyncGenerator<string> }> {
  let head = '';
  while (!head.includes('\n')) {
    if (head.length > MAX_RECORD_CHARS) throw new AppError('VALIDATION', `the first line is longer than ${MAX_RECORD_CHARS} characters: not a CSV header`);
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
  }
  return { head, rest: chunks };
}

async function* prepend(head: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (head) yield head;
  yield* rest;
}
