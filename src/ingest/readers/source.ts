/** What every reader yields, and the decoding of a file's bytes into text. */
import { createReadStream } from 'node:fs';
import type { RowError } from '../validate.js';

export type SourceFormat = 'csv' | 'json' | 'jsonl';
export type SourceEncoding = 'utf8' | 'latin1' | 'windows-1252';

/** One record of the source (field name → raw value), or one record that could not be read. */
export type SourceItem = { line: number; record: Record<string, unknown> } | { line: number; error: RowError };

export interface Source {
  /** Whether `line` counts lines of the file (CSV, JSONL) or records of a JSON array. */
  readonly unit: 'line' | 'record';
  readonly items: AsyncIterable<SourceItem>;
  /**
   * The column names of the file once its items are read, when it declares them (a CSV header): every one of
   * them is reported as read or ignored, even when no row of the file could be read.
   */
  columns?(): readonly string[];
}

/** The largest record accepted: a longer one is reported as one bad row and skipped. */
export const MAX_RECORD_CHARS = 1_000_000;

/**
 * The largest value of one CSV field (64 KiB): far above any real IXC value, low enough that a pasted blob or a
 * runaway quoted value is one bad row, found without holding it. Validation caps each column much lower.
 */
export const MAX_FIELD_CHARS = 65_536;

/** Line breaks a quoted CSV value may hold: past that it is taken for a stray quote. */
export const MAX_QUOTED_LINE_BREAKS = 100;

const DECODER_LABEL: Record<SourceEncoding, string> = {
  utf8: 'utf-8',
  // WHATWG decodes "latin1" as windows-1252 (a superset for printable text), which is what such exports hold.
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
};

/** What a reader reads: a file's path, or its bytes as they arrive (an HTTP upload). */
export type ByteInput = string | AsyncIterable<Uint8Array>;

/**
 * The file as a stream of text chunks. A UTF-8 BOM is dropped. Bytes that are not valid UTF-8 become U+FFFD,
 * which validation reports on the row and field that hold them.
 */
export async function* decodeFile(input: ByteInput, encoding: SourceEncoding): AsyncGenerator<string> {
  // The BOM is dropped here, not by the decoder: Node 26's streaming TextDecoder also drops a U+FEFF that follows
  // invalid bytes when the first chunk ends inside them (EF | BB EF BB BF …), so the same bytes read in other
  // pieces gave another header (found by src/ingest/readers/csv.fuzz.test.ts).
  const decoder = new TextDecoder(DECODER_LABEL[encoding], { ignoreBOM: true });
  let started = false;
  const withoutBom = (text: string) => {
    if (started || text === '') return text;
    started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  const bytes = typeof input === 'string' ? createReadStream(input, { highWaterMark: 256 * 1024 }) : input;
  for await (const chunk of bytes) {
    const text = withoutBom(decoder.decode(chunk as Uint8Array, { stream: true }));
    if (text) yield text;
  }
  const rest = withoutBom(decoder.decode());
  if (rest) yield rest;
}
