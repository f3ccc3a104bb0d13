/**
 * fast-check arbitraries of CSV exports shaped like IXC's: a header naming fields (`id` among them) in any order,
 * `,` or `;`, values with delimiters, quotes, line breaks, accents and emoji, quoted always, as RFC 4180 wants
 * or only where needed, LF or CRLF line ends, blank lines, a BOM, UTF-8 or Latin-1 bytes — with what reading
 * them must give: each record, the line it starts on and the byte offset where it ends.
 */
import fc from 'fast-check';
import type { SourceEncoding } from './source.js';

export const CSV_COLUMNS = ['id', 'login', 'razao', 'endereco', 'obs', 'online', 'senha', 'id_cliente'] as const;

/** Characters a value is made of: the ones CSV treats specially, weighted up, and text of both encodings. */
const SPECIAL = [',', ';', '"', '\n', '\r', ' ', '\t'];
const LATIN1_TEXT = ['a', 'Z', '0', '9', '-', '.', '@', 'é', 'ç', 'ã', 'Ç', 'õ', 'º', '\u00a0', 'ÿ'];
const UTF8_ONLY = ['€', '—', '😀', '\uFEFF'];

/** Columns whose values hold one line, as the reader is told (`CsvOptions.singleLine`): no line feed in theirs. */
export const SINGLE_LINE: ReadonlySet<string> = new Set(['id', 'login', 'online', 'id_cliente']);

function csvValue(encoding: SourceEncoding, maxLength = 12, multiline = true): fc.Arbitrary<string> {
  const text = encoding === 'utf8' ? [...LATIN1_TEXT, ...UTF8_ONLY] : LATIN1_TEXT;
  const special = multiline ? SPECIAL : SPECIAL.filter((c) => c !== '\n');
  const unit = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...text) }, { weight: 1, arbitrary: fc.constantFrom(...special) });
  return fc.string({ unit, maxLength });
}

export interface ExpectedRecord {
  line: number;
  record: Record<string, string>;
  /** Byte offsets of its text: where it starts, and just past its line end. */
  start: number;
  end: number;
}

export interface CsvFile {
  bytes: Buffer;
  encoding: SourceEncoding;
  header: string[];
  delimiter: ',' | ';';
  /** Byte offset where the first record may start (past the BOM and header line). */
  bodyStart: number;
  expected: ExpectedRecord[];
}

type Quoting = 'always' | 'rfc' | 'minimal';

function field(value: string, delimiter: string, quoting: Quoting): string {
  const special = value.includes(delimiter) || value.includes('\n') || value.includes('\r');
  const quote =
    quoting === 'always' || special || (quoting === 'rfc' ? value.includes('"') : value.startsWith('"'));
  return quote ? `"${value.replaceAll('"', '""')}"` : value;
}

interface Line {
  values: string[] | null; // null: a blank line
  eol: string;
}

const encode = (text: string, encoding: SourceEncoding) => Buffer.from(text, encoding === 'utf8' ? 'utf8' : 'latin1');

function build(
  encoding: SourceEncoding,
  header: string[],
  delimiter: ',' | ';',
  headerPad: boolean[],
  quoting: Quoting,
  bom: boolean,
  headerEol: string,
  lines: Line[],
  finalEol: boolean,
): CsvFile {
  const headerText = header.map((name, i) => (headerPad[i] ? ` ${name} ` : name)).join(delimiter) + headerEol;
  const parts = [bom ? '\uFEFF' : '', headerText];
  let offset = encode(parts.join(''), encoding).length;
  const bodyStart = offset;
  const expected: ExpectedRecord[] = [];
  let line = 2;
  lines.forEach(({ values, eol }, i) => {
    const lineEnd = i === lines.length - 1 && !finalEol ? '' : eol;
    const text = (values === null ? '' : values.map((v) => field(v, delimiter, quoting)).join(delimiter)) + lineEnd;
    parts.push(text);
    const start = offset;
    offset += encode(text, encoding).length;
    if (values === null) {
      line++;
      return;
    }
    const record = Object.fromEntries(header.map((name, k) => [name, values[k] as string]));
    expected.push({ line, record, start, end: offset });
    line += values.join('').split('\n').length; // its own line and those its quoted line breaks add
  });
  return { bytes: encode(parts.join(''), encoding), encoding, header, delimiter, bodyStart, expected };
}

/**
 * A valid CSV file and its records. `maxRecords` bounds its length; ids are distinct numbers (a row's id is never
 * blank: a file of one column would make it a blank line, which is no row).
 */
export function csvFile({ maxRecords = 30, maxValue = 12 } = {}): fc.Arbitrary<CsvFile> {
  return fc
    .record({
      encoding: fc.constantFrom<SourceEncoding>('utf8', 'latin1', 'windows-1252'),
      others: fc.shuffledSubarray(CSV_COLUMNS.slice(1)),
      idAt: fc.nat(),
      delimiter: fc.constantFrom<',' | ';'>(',', ';'),
      quoting: fc.constantFrom<Quoting>('always', 'rfc', 'minimal'),
      bom: fc.boolean(),
      headerEol: fc.constantFrom('\n', '\r\n'),
      finalEol: fc.boolean(),
      ids: fc.uniqueArray(fc.nat(), { maxLength: maxRecords }),
    })
    .chain(({ encoding, others, idAt, delimiter, ids, ...rest }) => {
      const header = [...others];
      header.splice(idAt % (header.length + 1), 0, 'id');
      // One column: no delimiter in the header to detect; it is read as `,`.
      const sep = header.length === 1 ? ',' : delimiter;
      const row = (id: number) =>
        fc.record({
          values: fc.tuple(...header.map((name) => (name === 'id' ? fc.constant(String(id)) : csvValue(encoding, maxValue, !SINGLE_LINE.has(name))))),
          eol: fc.constantFrom('\n', '\r\n'),
          blankBefore: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        });
      return fc
        .record({
          rows: fc.tuple(...ids.map(row)),
          headerPad: fc.array(fc.boolean(), { minLength: header.length, maxLength: header.length }),
        })
        .map(({ rows, headerPad }) => {
          const lines: Line[] = [];
          for (const r of rows) {
            if (r.blankBefore) lines.push({ values: null, eol: r.eol });
            lines.push({ values: r.values, eol: r.eol });
          }
          const bom = rest.bom && encoding === 'utf8';
          return build(encoding, header, sep, headerPad, rest.quoting, bom, rest.headerEol, lines, rest.finalEol);
        });
    });
}
