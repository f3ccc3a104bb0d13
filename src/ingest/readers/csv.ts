/**
 * CSV reader: the first line names IXC fields; `,` or `;` is detected from it. Records stream through the
 * framer (bad records become row errors) and the splitter (fields, unquoting, field counts).
 */
import { parse as parseSync } from 'csv-parse/sync';
import { notice, said } from '../../shared/notice.js';
import { FileError } from '../file-error.js';
import { rowError } from '../validate.js';
import { detectDelimiter, frameCsv } from './csv-framer.js';
import { CsvRecordSplitter } from './csv-records.js';
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
  const pending: SourceItem[] = [];
  const framed = frameCsv(prepend(head, rest), delimiter, {
    columns: header.length,
    multiline: (field) => !singleLine.has(header[field] ?? ''),
    maxRecordChars: MAX_RECORD_CHARS,
    maxFieldChars: MAX_FIELD_CHARS,
    maxQuotedLineBreaks: MAX_QUOTED_LINE_BREAKS,
    onError({ line, field, notice: why }) {
      pending.push({ line, error: rowError(line, field === null ? null : (header[field] ?? null), why) });
    },
  });
  const drainBefore = function* (line: number): Generator<SourceItem> {
    if (pending.length === 0 || !pending.some((p) => p.line < line)) return;
    pending.sort((a, b) => a.line - b.line);
    while (pending[0] && pending[0].line < line) yield pending.shift() as SourceItem;
  };
  const splitter = new CsvRecordSplitter(delimiter, header.length, 2);
  let headerSeen = false;
  for await (let text of framed) {
    if (!headerSeen) {
      headerSeen = true; // the first line, parsed above
      const nl = text.indexOf('\n');
      text = nl === -1 ? '' : text.slice(nl + 1);
    }
    for (const record of splitter.split(text)) {
      const line = record.line;
      if (pending.length > 0) yield* drainBefore(line);
      if ('error' in record) {
        yield { line, error: rowError(line, null, record.error) };
        continue;
      }
      const values = record.fields;
      if (repeatsHeader(values, header)) {
        yield { line, error: rowError(line, null, notice('csv_header_again')) };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) fields[header[i] as string] = values[i] as string;
      yield { line, record: fields };
    }
  }
  yield* drainBefore(Number.POSITIVE_INFINITY);
}

const UTF8_BOM_AS_WINDOWS_1252 = '\u00EF\u00BB\u00BF';

/** The header's field names; a file whose first line is not a CSV header of IXC fields is refused whole. */
function parseHeader(line: string, delimiter: string): string[] {
  if (line.startsWith(UTF8_BOM_AS_WINDOWS_1252)) {
    throw new FileError(notice('import_bom_with_encoding'));
  }
  let rows: string[][];
  try {
    rows = parseSync(line, { delimiter, relax_quotes: true });
  } catch (err) {
    throw new FileError(said('import_header_invalid', (err as Error).message));
  }
  const names = (rows[0] ?? []).map((name) => name.trim());
  if (!names.includes('id')) {
    const shown = JSON.stringify(names.slice(0, 5).join(delimiter));
    throw new FileError(notice('import_header_no_id', { got: shown }));
  }
  return names;
}

/** A line equal to the header (a second export appended, its BOM included): one error, not one per field. */
function repeatsHeader(record: readonly string[], header: readonly string[]): boolean {
  return record[0]?.trim() === header[0] && record.every((value, i) => value.trim() === header[i]);
}

/** Reads until the first line feed (or a record's worth of text) is buffered. */
async function firstLine(chunks: AsyncGenerator<string>): Promise<{ head: string; rest: AsyncGenerator<string> }> {
  let head = '';
  while (!head.includes('\n')) {
    if (head.length > MAX_RECORD_CHARS) throw new FileError(notice('import_header_too_long', { max: MAX_RECORD_CHARS }));
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
