/**
 * JSON readers. JSON Lines (`.jsonl`/`.ndjson`): one object per line, split here with the same record cap as
 * CSV. A `.json` document holding an array of objects, or IXC's webservice envelope
 * `{"page","total","registros":[…]}`, is streamed with stream-json: one object in memory at a time.
 */
import { PassThrough, pipeline, Readable } from 'node:stream';
import parser from 'stream-json/parser.js';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import { decodeFile, MAX_RECORD_CHARS, type Source, type SourceEncoding, type SourceItem } from './source.js';

export function readJsonLines(path: string, encoding: SourceEncoding): Source {
  return { unit: 'line', items: jsonLineItems(path, encoding) };
}

export function readJsonDocument(path: string, encoding: SourceEncoding): Source {
  return { unit: 'record', items: jsonDocumentItems(path, encoding) };
}

function asRecord(line: number, value: unknown): SourceItem {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { line, record: value as Record<string, unknown> };
  }
  return { line, error: { line, field: null, message: 'expected a JSON object' } };
}

async function* jsonLineItems(path: string, encoding: SourceEncoding): AsyncGenerator<SourceItem> {
  for await (const { line, text, tooLong } of lines(decodeFile(path, encoding))) {
    if (tooLong) {
      yield { line, error: { line, field: null, message: `line longer than ${MAX_RECORD_CHARS} characters, skipped` } };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, error: { line, field: null, message: `invalid JSON: ${(err as Error).message}` } };
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

async function* jsonDocumentItems(path: string, encoding: SourceEncoding): AsyncGenerator<SourceItem> {
  const chunks = decodeFile(path, encoding);
  let head = '';
  while (head.trim() === '') {
    const next = await chunks.next();
    if (next.done) return;
    head += next.value;
  }
  const envelope = head.trimStart().startsWith('{');
  const text = Readable.from(
    (async function* () {
      yield head;
      yield* chunks;
    })(),
  );
  const objects = new PassThrough({ objectMode: true });
  const stages = envelope
    ? [text, parser.asStream(), pick.asStream({ filter: 'registros' }), streamArray.asStream(), objects]
    : [text, parser.asStream(), streamArray.asStream(), objects];
  // pipeline() destroys every stage with the error, so the loop below sees a parse error instead of hanging.
  pipeline(stages, () => {});
  let count = 0;
  try {
    for await (const { key, value } of objects as AsyncIterable<{ key: number; value: unknown }>) {
      count = key + 1;
      yield asRecord(count, value);
    }
  } catch (err) {
    const line = count + 1;
    const message = `invalid JSON after record ${count}: ${(err as Error).message}; reading stopped`;
    yield { line, error: { line, field: null, message } };
    return;
  }
  if (envelope && count === 0) {
    const message = 'no records: expected an array of objects or an IXC envelope {"registros": […]}';
    yield { line: 0, error: { line: 0, field: null, message } };
  }
}
