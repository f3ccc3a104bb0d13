/**
 * CSV reader: the first record names IXC fields; `,` or `;` is detected from it. Records stream through the
 * framer (bad records become row errors) and csv-parse (field splitting, unquoting, field counts).
 */
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { AppError } from '../../shared/errors.js';
import { detectDelimiter, frameCsv } from './csv-framer.js';
import { decodeFile, MAX_RECORD_CHARS, type Source, type SourceEncoding, type SourceItem } from './source.js';

type Pending = SourceItem & { cause?: CsvError };

export function readCsv(path: string, encoding: SourceEncoding): Source {
  return { unit: 'line', items: csvItems(path, encoding) };
}

async function* csvItems(path: string, encoding: SourceEncoding): AsyncGenerator<SourceItem> {
  const { head, rest } = await firstLine(decodeFile(path, encoding));
  const delimiter = detectDelimiter(head.slice(0, head.indexOf('\n') >>> 0));
  const pending: Pending[] = [];
  const framed = frameCsv(prepend(head, rest), delimiter, {
    maxRecordChars: MAX_RECORD_CHARS,
    onError(line, message) {
      if (line === 1) throw new AppError('VALIDATION', `the header line is not valid CSV: ${message}`);
      pending.push({ line, error: { line, field: null, message } });
    },
  });
  const parser = Readable.from(framed).pipe(
    parse({
      delimiter,
      record_delimiter: ['\r\n', '\n'],
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  let header: string[] | undefined;
  parser.on('skip', (err: CsvError) => {
    const line = Number(err.lines) || 0;
    // Described when drained: csv-parse runs ahead of this loop, which may not have read the header yet.
    pending.push({ line, error: { line, field: null, message: '' }, cause: err });
  });
  const drainBefore = function* (line: number): Generator<SourceItem> {
    if (pending.length === 0 || !pending.some((p) => p.line < line)) return;
    pending.sort((a, b) => a.line - b.line);
    while (pending[0] && pending[0].line < line) {
      const { cause, ...item } = pending.shift() as Pending;
      if (cause && 'error' in item) item.error.message = describeCsvError(cause, header?.length);
      yield item;
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record.map((name) => name.trim());
      if (!header.includes('id')) {
        const shown = JSON.stringify(header.slice(0, 5).join(delimiter));
        throw new AppError('VALIDATION', `the first line must name IXC fields, "id" included; got ${shown}`);
      }
      continue;
    }
    const line = info.lines - embeddedLineFeeds(record);
    yield* drainBefore(line);
    const fields: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) fields[header[i] as string] = record[i] as string;
    yield { line, record: fields };
  }
  yield* drainBefore(Number.POSITIVE_INFINITY);
}

function describeCsvError(err: CsvError, columns: number | undefined): string {
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const record = (err as unknown as { record?: unknown[] }).record;
    const got = Array.isArray(record) ? record.length : '?';
    return `wrong number of fields: the header has ${columns ?? '?'}, this line has ${got}`;
  }
  return `invalid CSV: ${err.message}`;
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
  while (!head.includes('\n') && head.length < MAX_RECORD_CHARS) {
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
