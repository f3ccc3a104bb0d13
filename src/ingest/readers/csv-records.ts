/**
 * Splits the framer's text (csv-framer.ts: whole records only, a bad record already turned into empty lines) into
 * records of fields, numbered by the line each starts on. Quoting is the framer's (RFC 4180: a quote opens a value
 * only at the start of a field, `""` escapes one, a lone quote inside an unquoted value is literal); records end
 * at `\n` or `\r\n`; empty lines are skipped. A line without a quote, the common case, is split in one call.
 */
import { type Notice, notice } from '../../shared/notice.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: Notice };

export class CsvRecordSplitter {
  private line: number;
  private readonly delim: number;

  constructor(
    private readonly delimiter: string,
    private readonly columns: number,
    /** Line of the first record handed in. */
    firstLine: number,
  ) {
    this.delim = delimiter.charCodeAt(0);
    this.line = firstLine;
  }

  /** The records of `text`: whole records, the last one possibly without its line feed (the end of the file). */
  *split(text: string): Generator<CsvRecord> {
    let at = 0;
    let quote = text.indexOf('"');
    while (at < text.length) {
      const line = this.line;
      let nl = text.indexOf('\n', at);
      if (nl === -1) nl = text.length;
      if (quote === -1 || quote > nl) {
        const end = nl > at && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        this.line++;
        if (end > at) yield this.checked(line, text.slice(at, end).split(this.delimiter));
        at = nl + 1;
        continue;
      }
      const quoted = this.quotedRecord(text, at);
      at = quoted.next;
      if (quote < at) quote = text.indexOf('"', at);
      yield quoted.error === undefined ? this.checked(line, quoted.fields) : { line, error: quoted.error };
    }
  }

  private checked(line: number, fields: string[]): CsvRecord {
    if (fields.length === this.columns) return { line, fields };
    return { line, error: notice('csv_field_count', { columns: this.columns, fields: fields.length }) };
  }

  /** Reads the record starting at `from`, which holds a quote, character by character. */
  private quotedRecord(text: string, from: number): { fields: string[]; next: number; error?: Notice } {
    const fields: string[] = [];
    let i = from;
    for (;;) {
      let value = '';
      if (text.charCodeAt(i) === QUOTE) {
        let chunkFrom = ++i;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) return this.skipLine(text, from, notice('csv_unclosed_quote'));
          this.line += countLineFeeds(text, i, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(chunkFrom, close + 1);
            i = chunkFrom = close + 2;
            continue;
          }
          value += text.slice(chunkFrom, close);
          i = close + 1;
          break;
        }
        const c = text.charCodeAt(i);
        const endsLine = i >= text.length || c === LF || (c === CR && (i + 1 >= text.length || text.charCodeAt(i + 1) === LF));
        if (c !== this.delim && !endsLine) {
          return this.skipLine(text, i, notice('csv_broken_quote'));
        }
      } else {
        let end = i;
        while (end < text.length) {
          const c = text.charCodeAt(end);
          if (c === this.delim || c === LF) break;
          end++;
        }
        value = text.slice(i, text.charCodeAt(end) === LF && text.charCodeAt(end - 1) === CR ? end - 1 : end);
        i = end;
      }
      fields.push(value);
      if (text.charCodeAt(i) === CR) i++;
      if (i >= text.length) return { fields, next: i };
      if (text.charCodeAt(i) === LF) {
        this.line++;
        return { fields, next: i + 1 };
      }
      i++; // the delimiter
      if (i >= text.length) {
        fields.push('');
        return { fields, next: i };
      }
    }
  }

  /** Gives up on a record that is not valid CSV: the rest of its current line is dropped. */
  private skipLine(text: string, from: number, error: Notice): { fields: string[]; next: number; error: Notice } {
    const nl = text.indexOf('\n', from);
    this.line++;
    return { fields: [], next: nl === -1 ? text.length : nl + 1, error };
  }
}

function countLineFeeds(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
