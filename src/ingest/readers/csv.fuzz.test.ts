/**
 * Bounded fuzzing of the CSV reader (csv.ts, csv-framer.ts) with generated IXC-shaped exports
 * (csv-file.test-support.ts), changed and cut anywhere, and fed in pieces split at random points.
 * `FUZZ_RUNS=N` runs longer (src/test-support/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { chunked, fuzzParameters, fuzzTimeout, mutated, streamOf } from '../../test-support/fuzz.js';
import { CSV_COLUMNS, type CsvFile, csvFile, SINGLE_LINE } from './csv-file.test-support.js';
import { readCsv } from './csv.js';
import { MAX_FIELD_CHARS, type SourceEncoding, type SourceItem } from './source.js';

type Outcome = { items: SourceItem[]; columns: readonly string[] } | { refused: string };

/** Reads the pieces as an upload; the only error it may throw is the documented one (a header it cannot read). */
async function read(pieces: readonly Uint8Array[], encoding: SourceEncoding, singleLine: boolean): Promise<Outcome> {
  const source = readCsv(streamOf(pieces), encoding, singleLine ? { singleLine: SINGLE_LINE } : {});
  const items: SourceItem[] = [];
  try {
    for await (const item of source.items) items.push(item);
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return { refused: err.message };
    throw err;
  }
  return { items, columns: source.columns?.() ?? [] };
}

const records = (file: CsvFile) => file.expected.map(({ line, record }) => ({ line, record }));

/** What holds of anything the reader yields, whatever the input. */
function checkShape(outcome: Outcome, bytes: Buffer): void {
  if ('refused' in outcome) return;
  const lines = bytes.toString('latin1').split('\n').length;
  const header = outcome.columns;
  for (const item of outcome.items) {
    expect(Number.isInteger(item.line) && item.line >= 2 && item.line <= lines, `line ${item.line} of ${lines}`).toBe(true);
    if ('record' in item) {
      // The header's names, in any order: a name that is a number ("2147483") comes first among an object's keys.
      expect(Object.keys(item.record).sort()).toEqual([...new Set(header)].sort());
      for (const value of Object.values(item.record)) expect(typeof value).toBe('string');
    } else {
      expect(item.error.line).toBe(item.line);
      expect(item.error.message).not.toBe('');
      if (item.error.field !== null) expect(header).toContain(item.error.field);
    }
  }
}

const SNIPPETS = ['"', '""', ',', ';', '\n', '\r', '\r\n', '"\n', '\n"', Buffer.from([0xff]), Buffer.from([0xc3]), '\uFEFF', `${CSV_COLUMNS.join(',')}\n`];

describe('CSV reader (fuzzed)', () => {
  it('reads every record of a valid export, at its line, whatever the pieces the bytes arrive in', async () => {
    const cases = csvFile().chain((file) => fc.tuple(fc.constant(file), chunked(file.bytes), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(cases, async ([file, pieces, singleLine]) => {
        const whole = await read([file.bytes], file.encoding, singleLine);
        expect(whole).toEqual({ items: records(file), columns: file.header });
        expect(await read(pieces, file.encoding, singleLine)).toEqual(whole);
      }),
      fuzzParameters({ runs: 100, budgetMs: 2_500, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it('gives the same result in pieces as in one for a changed or truncated export, and keeps what came before the change', async () => {
    const cases = csvFile().chain((file) =>
      mutated(file.bytes, SNIPPETS).chain((m) => fc.tuple(fc.constant(file), fc.constant(m), chunked(m.bytes), fc.boolean())),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([file, { bytes, firstChange }, pieces, singleLine]) => {
        const whole = await read([bytes], file.encoding, singleLine);
        checkShape(whole, bytes);
        expect(await read(pieces, file.encoding, singleLine)).toEqual(whole);
        if (firstChange < file.bodyStart) return; // the header itself changed
        expect('items' in whole).toBe(true);
        // A record is settled by its line feed: the last one, without, goes on with whatever is appended.
        const settled = file.expected.filter((r) => r.end <= firstChange && file.bytes[r.end - 1] === 0x0a);
        const before = records({ ...file, expected: settled });
        expect('items' in whole && whole.items.slice(0, before.length)).toEqual(before);
      }),
      fuzzParameters({ runs: 150, budgetMs: 3_000, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it('reads any bytes after a header without throwing, hanging or losing the line numbering', async () => {
    const alphabet = fc.constantFrom('"', ',', ';', '\n', '\r\n', 'a', 'é', ' ', '""', '\uFFFD', '\uFEFF', 'id');
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc.array(alphabet, { maxLength: 300 }).map((parts) => Buffer.from(parts.join(''))),
    );
    const cases = fc
      .tuple(fc.constantFrom('id,login,obs\n', 'obs;id\r\n', 'id\n', '', '"id",x\n'), garbage, fc.constantFrom<SourceEncoding>('utf8', 'latin1'))
      .map(([header, body, encoding]) => ({ bytes: Buffer.concat([Buffer.from(header), body]), encoding }))
      .chain((c) => fc.tuple(fc.constant(c), chunked(c.bytes), fc.boolean()));
    await fc.assert(
      fc.asyncProperty(cases, async ([{ bytes, encoding }, pieces, singleLine]) => {
        const whole = await read([bytes], encoding, singleLine);
        checkShape(whole, bytes);
        expect(await read(pieces, encoding, singleLine)).toEqual(whole);
      }),
      fuzzParameters({ runs: 150, budgetMs: 2_000, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it('rejects a value over 64 KiB as one bad row naming its field, and keeps every other row', async () => {
    // A row on one line: a quoted value spanning lines in a record that goes wrong is taken for a stray quote.
    const oneLine = (file: CsvFile) => file.expected.flatMap((r, i) => (Object.values(r.record).join('').includes('\n') ? [] : [i]));
    const cases = csvFile({ maxRecords: 6 })
      .filter((file) => file.header.length > 1 && oneLine(file).length > 0)
      .chain((file) =>
        fc.record({
          file: fc.constant(file),
          row: fc.constantFrom(...oneLine(file)),
          column: fc.constantFrom(...file.header.filter((name) => name !== 'id')),
          extra: fc.integer({ min: 1, max: 3 * MAX_FIELD_CHARS }),
          quoted: fc.boolean(),
          pieceSize: fc.constantFrom(1_000, 16_384, 65_536, 1 << 20),
        }),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ({ file, row, column, extra, quoted, pieceSize }) => {
        const target = file.expected[row]!;
        const { start } = target;
        const charset = file.encoding === 'utf8' ? 'utf8' : 'latin1';
        const eol = file.bytes.subarray(start, target.end).toString(charset).match(/\r?\n$/)?.[0] ?? '';
        // The row written again, every field quoted, the column's value replaced by a long one.
        const long = 'x'.repeat(MAX_FIELD_CHARS + extra);
        const fields = file.header.map((name) =>
          name === column ? (quoted ? `"${long}"` : long) : `"${target.record[name]!.replaceAll('"', '""')}"`,
        );
        const bytes = Buffer.concat([
          file.bytes.subarray(0, start),
          Buffer.from(fields.join(file.delimiter) + eol, charset),
          file.bytes.subarray(target.end),
        ]);
        const pieces: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += pieceSize) pieces.push(bytes.subarray(at, at + pieceSize));
        const message = `value longer than ${MAX_FIELD_CHARS} characters, skipped`;
        const notice = { code: 'csv_value_too_long', params: { max: MAX_FIELD_CHARS } };
        const expected = records(file).map((r, i) => (i === row ? { line: r.line, error: { line: r.line, field: column, message, notice } } : r));
        expect(await read(pieces, file.encoding, false)).toEqual({ items: expected, columns: file.header });
      }),
      fuzzParameters({ runs: 8, budgetMs: 2_000, caseMs: 5_000 }),
    );
  }, fuzzTimeout);
});
