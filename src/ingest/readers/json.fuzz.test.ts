/**
 * Bounded fuzzing of the JSON readers (json.ts, json-splitter.ts): generated arrays, IXC envelopes and JSON Lines,
 * changed and cut anywhere, and fed in pieces split at random points. `FUZZ_RUNS=N` runs longer
 * (src/test-support/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, fuzzParameters, fuzzTimeout, mutated, streamOf } from '../../test-support/fuzz.js';
import { readJsonDocument, readJsonLines } from './json.js';
import { MAX_RECORD_CHARS, type SourceEncoding, type SourceItem } from './source.js';

type Kind = 'array' | 'envelope' | 'lines';
type Json = ReturnType<typeof JSON.parse>;

interface JsonFile {
  kind: Kind;
  bytes: Buffer;
  encoding: SourceEncoding;
  /** Each record, its number (JSON Lines: its line) and the byte offset just past its text (its line feed). */
  expected: { line: number; record: Record<string, Json>; end: number }[];
}

const LATIN1 = ['a', 'Z', '0', ' ', 'é', 'ç', 'Ã', 'º', '"', '\\', '/', '{', '}', '[', ']', ',', ':', '\n', '\t', '\u0001'];
const UTF8 = [...LATIN1, '€', '😀', '\u2028', '\uFEFF'];
const text = (encoding: SourceEncoding) => fc.string({ unit: fc.constantFrom(...(encoding === 'utf8' ? UTF8 : LATIN1)), maxLength: 10 });
const key = (encoding: SourceEncoding) =>
  fc.oneof(fc.constantFrom('id', 'razao', 'registros', 'login', 'online', 'id_cliente', 'page'), text(encoding));

function value(encoding: SourceEncoding): fc.Arbitrary<Json> {
  const leaf = fc.oneof(text(encoding), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  return fc.letrec<{ v: Json }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(key(encoding), tie('v'), { maxKeys: 3, noNullPrototype: true }),
    ),
  })).v;
}

/** A record as JSON gives it back (-0 is 0). */
const record = (encoding: SourceEncoding): fc.Arbitrary<Record<string, Json>> =>
  fc.dictionary(key(encoding), value(encoding), { maxKeys: 5, noNullPrototype: true }).map((r) => JSON.parse(JSON.stringify(r)));

const bytesOf = (s: string, encoding: SourceEncoding) => Buffer.from(s, encoding === 'utf8' ? 'utf8' : 'latin1');

/** JSON text as a person or a program may lay it out: compact, indented, with CRLF. */
function stringify(v: Json, indent: number, crlf: boolean): string {
  const s = JSON.stringify(v, null, indent);
  return crlf ? s.replaceAll('\n', '\r\n') : s; // JSON.stringify escapes the line breaks inside strings
}

function jsonFile(): fc.Arbitrary<JsonFile> {
  return fc.constantFrom<SourceEncoding>('utf8', 'latin1').chain((encoding) =>
    fc
      .record({
        kind: fc.constantFrom<Kind>('array', 'envelope', 'lines'),
        records: fc.array(record(encoding), { maxLength: 12 }),
        indent: fc.constantFrom(0, 1, 2),
        crlf: fc.boolean(),
        bom: fc.boolean(),
        before: fc.dictionary(key(encoding), value(encoding), { maxKeys: 3, noNullPrototype: true }),
        after: fc.dictionary(key(encoding), value(encoding), { maxKeys: 2, noNullPrototype: true }),
        blank: fc.array(fc.boolean(), { maxLength: 12 }),
        finalEol: fc.boolean(),
      })
      .map(({ kind, records, indent, crlf, bom, before, after, blank, finalEol }) => {
        const parts: string[] = [bom && encoding === 'utf8' ? '\uFEFF' : ''];
        let offset = bytesOf(parts[0]!, encoding).length;
        const push = (s: string) => {
          parts.push(s);
          offset += bytesOf(s, encoding).length;
        };
        const expected: JsonFile['expected'] = [];
        const eol = crlf ? '\r\n' : '\n';
        if (kind === 'lines') {
          let line = 1;
          records.forEach((r, i) => {
            if (blank[i]) {
              push(eol);
              line++;
            }
            push(JSON.stringify(r) + (i < records.length - 1 || finalEol ? eol : ''));
            expected.push({ line: line++, record: r, end: offset });
          });
        } else {
          // The envelope's other keys go around `registros` (a nested "registros" among them is not the records').
          const { registros: _, ...head } = before;
          const { registros: __, ...tail } = after;
          if (kind === 'envelope') push(`${stringify(head, indent, crlf).replace(/\}$/, '')}${Object.keys(head).length ? ',' : ''}"registros":`);
          push(`[${eol}`);
          records.forEach((r, i) => {
            push(stringify(r, indent, crlf));
            expected.push({ line: i + 1, record: r, end: offset });
            if (i < records.length - 1) push(`,${indent ? eol : ''}`);
          });
          push(`${eol}]`);
          if (kind === 'envelope') push(`${Object.keys(tail).length ? `,${stringify(tail, indent, crlf).slice(1)}` : '}'}`);
        }
        return { kind, bytes: bytesOf(parts.join(''), encoding), encoding, expected };
      }),
  );
}

async function read(kind: Kind, pieces: readonly Uint8Array[], encoding: SourceEncoding): Promise<SourceItem[]> {
  const source = kind === 'lines' ? readJsonLines(streamOf(pieces), encoding) : readJsonDocument(streamOf(pieces), encoding);
  const items: SourceItem[] = [];
  for await (const item of source.items) items.push(item); // any exception fails the property
  return items;
}

/** What holds of anything the readers yield, whatever the input: numbered in order, a stop only at the end. */
function checkShape(kind: Kind, items: SourceItem[], bytes: Buffer): void {
  const lines = bytes.toString('latin1').split('\n').length;
  items.forEach((item, i) => {
    if ('error' in item) {
      expect(item.error.line).toBe(item.line);
      expect(item.error.field).toBeNull();
      if (/reading stopped|^no records/.test(item.error.message)) expect(i).toBe(items.length - 1);
    } else expect(item.record !== null && typeof item.record === 'object' && !Array.isArray(item.record)).toBe(true);
    if (kind === 'lines') expect(item.line >= 1 && item.line <= lines && (i === 0 || item.line > items[i - 1]!.line)).toBe(true);
    else if (item.line !== 0) expect(item.line).toBe(i + 1);
  });
}

const SNIPPETS = ['"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\r\n', '"registros":[', 'NaN', Buffer.from([0xff]), Buffer.from([0xe2, 0x82])];

describe('JSON readers (fuzzed)', () => {
  it('read every record of an array, an IXC envelope or JSON Lines, whatever the pieces the bytes arrive in', async () => {
    const cases = jsonFile().chain((file) => fc.tuple(fc.constant(file), chunked(file.bytes)));
    await fc.assert(
      fc.asyncProperty(cases, async ([file, pieces]) => {
        const whole = await read(file.kind, [file.bytes], file.encoding);
        expect(whole).toEqual(file.expected.map(({ line, record }) => ({ line, record })));
        expect(await read(file.kind, pieces, file.encoding)).toEqual(whole);
      }),
      fuzzParameters({ runs: 100, budgetMs: 1_500, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it('give the same result in pieces as in one for a changed or truncated file, and keep the records before the change', async () => {
    const cases = jsonFile().chain((file) =>
      mutated(file.bytes, SNIPPETS).chain((m) => fc.tuple(fc.constant(file), fc.constant(m), chunked(m.bytes))),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([file, { bytes, firstChange }, pieces]) => {
        const whole = await read(file.kind, [bytes], file.encoding);
        checkShape(file.kind, whole, bytes);
        expect(await read(file.kind, pieces, file.encoding)).toEqual(whole);
        const settled = file.expected.filter((r) => r.end <= firstChange && (file.kind !== 'lines' || file.bytes[r.end - 1] === 0x0a));
        expect(whole.slice(0, settled.length)).toEqual(settled.map(({ line, record }) => ({ line, record })));
      }),
      fuzzParameters({ runs: 150, budgetMs: 2_000, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it('read any bytes without throwing or hanging', async () => {
    const alphabet = fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', 'a', '1', 'null', '"registros"', '\\"', '\uFEFF');
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.array(alphabet, { maxLength: 200 }).map((parts) => Buffer.from(parts.join(''))),
    );
    const cases = fc
      .tuple(fc.constantFrom<Kind>('array', 'envelope', 'lines'), garbage, fc.constantFrom<SourceEncoding>('utf8', 'latin1'))
      .chain(([kind, bytes, encoding]) => fc.tuple(fc.constant({ kind, bytes, encoding }), chunked(bytes)));
    await fc.assert(
      fc.asyncProperty(cases, async ([{ kind, bytes, encoding }, pieces]) => {
        const whole = await read(kind, [bytes], encoding);
        checkShape(kind, whole, bytes);
        expect(await read(kind, pieces, encoding)).toEqual(whole);
      }),
      fuzzParameters({ runs: 150, budgetMs: 1_500, caseMs: 2_000 }),
    );
  }, fuzzTimeout);

  it(`reject a record over ${MAX_RECORD_CHARS} characters as one bad record and keep the others`, async () => {
    const cases = jsonFile()
      .filter((file) => file.expected.length > 0 && file.encoding === 'utf8')
      .chain((file) =>
        fc.record({
          file: fc.constant(file),
          row: fc.nat({ max: file.expected.length - 1 }),
          extra: fc.integer({ min: 1, max: 5_000 }),
          pieceSize: fc.constantFrom(999, 65_536, 1 << 20),
        }),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ({ file, row, extra, pieceSize }) => {
        // The records written again, one per line (JSON Lines) or compact in an array; one of them huge.
        const huge = { id: '1', obs: 'x'.repeat(MAX_RECORD_CHARS + extra) };
        const records = file.expected.map((r, i) => JSON.stringify(i === row ? huge : r.record));
        const kind = file.kind === 'lines' ? 'lines' : 'array';
        const bytes = Buffer.from(kind === 'lines' ? records.join('\n') : `[${records.join(',')}]`);
        const pieces: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += pieceSize) pieces.push(bytes.subarray(at, at + pieceSize));
        const tooLong = `${kind === 'lines' ? 'line' : 'record'} longer than ${MAX_RECORD_CHARS} characters, skipped`;
        expect(await read(kind, pieces, 'utf8')).toEqual(
          file.expected.map((r, i) => {
            const line = i + 1;
            const notice = { code: kind === 'lines' ? 'json_line_too_long' : 'import_record_too_long', params: { max: MAX_RECORD_CHARS } };
            return i === row ? { line, error: { line, field: null, message: tooLong, notice } } : { line, record: r.record };
          }),
        );
      }),
      fuzzParameters({ runs: 4, budgetMs: 1_500, caseMs: 5_000 }),
    );
  }, fuzzTimeout);
});
