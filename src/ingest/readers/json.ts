/**
 * JSON readers. JSON Lines (`.jsonl`/`.ndjson`): one object per line, split here with the same record cap as
 * CSV. A `.json` document holding an array of objects, or IXC's webservice envelope
 * `{"page","total","registros":[…]}`, is split into its elements (json-splitter.ts), each parsed on its own:
 * one object in memory at a time, and a syntax error costs one record instead of the rest of the file.
 */
import { notice, said } from '../../shared/notice.js';
import { rowError } from '../validate.js';
import { type JsonPiece, JsonArraySplitter } from './json-splitter.js';
import { type ByteInput, decodeFile, MAX_RECORD_CHARS, type Source, type SourceEncoding, type SourceItem } from './source.js';

export function readJsonLines(input: ByteInput, encoding: SourceEncoding): Source {
  return { unit: 'line', items: jsonLineItems(input, encoding) };
}

export function readJsonDocument(input: ByteInput, encoding: SourceEncoding): Source {
  return { unit: 'record', items: jsonDocumentItems(input, encoding) };
}

function asRecord(line: number, value: unknown): SourceItem {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { line, record: value as Record<string, unknown> };
  }
  return { line, error: rowError(line, null, notice('json_not_object')) };
}

async function* jsonLineItems(input: ByteInput, encoding: SourceEncoding): AsyncGenerator<SourceItem> {
  for await (const { line, text, tooLong } of lines(decodeFile(input, encoding))) {
    if (tooLong) {
      yield { line, error: rowError(line, null, notice('json_line_too_long', { max: MAX_RECORD_CHARS })) };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, error: rowError(line, null, said('json_invalid', (err as Error).message)) };
      continue;
    }
    yield asRecord(line, value);
  }
}

/** Lines of the text, each capped: an over-long line is reported (`tooLong`) and its text dropped. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
  let line = 1;
  let partial = '';
  let tooLong = false;
  for await (const chunk of chunks) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      const text = tooLong ? '' : partial + chunk.slice(from, nl);
      yield { line, text, tooLong: tooLong || text.length > MAX_RECORD_CHARS };
      line++;
      partial = '';
      tooLong = false;
      from = nl + 1;
    }
    if (!tooLong) partial += chunk.slice(from);
    if (partial.length > MAX_RECORD_CHARS) {
      tooLong = true;
      partial = '';
    }
  }
  if (tooLong || partial !== '') yield { line, text: partial, tooLong };
}

async function* jsonDocumentItems(input: ByteInput, encoding: SourceEncoding): AsyncGenerator<SourceItem> {
  const splitter = new JsonArraySplitter(MAX_RECORD_CHARS);
  let count = 0;
  const items = function* (pieces: readonly JsonPiece[]): Generator<SourceItem> {
    for (const piece of pieces) {
      const line = ++count;
      if (piece.kind === 'element') yield parseElement(line, piece.text);
      else if (piece.kind === 'tooLong') {
        yield { line, error: rowError(line, null, notice('import_record_too_long', { max: MAX_RECORD_CHARS })) };
      } else if (piece.kind === 'stop') {
        yield { line, error: rowError(line, null, notice(piece.reason, { record: line - 1 })) };
      } else {
        yield { line: 0, error: rowError(0, null, notice('json_no_records')) };
      }
    }
  };
  for await (const chunk of decodeFile(input, encoding)) yield* items(splitter.push(chunk));
  yield* items(splitter.end());
}

function parseElement(line: number, text: string): SourceItem {
  try {
    return asRecord(line, JSON.parse(text));
  } catch (err) {
    return { line, error: rowError(line, null, said('json_invalid', (err as Error).message)) };
  }
}
