/**
 * Cuts CSV text into records before the splitter (csv-records.ts) sees it, so that one bad record costs one line
 * and nothing more (a general CSV parser's recovery loses the rest of its input chunk after an over-long record,
 * and after a broken closing quote keeps quoting and swallows the records that follow).
 *
 * Quoting follows RFC 4180 (a quote opens a value only at the start of a field, `""` escapes one; a lone quote
 * inside an unquoted value is literal). A quoted value may hold line breaks, so
 * one stray quote at the start of a field makes the rest of the file look like one value. The framer takes a
 * quoted value that runs onto the next lines for a stray quote as soon as the record goes wrong: it ends in
 * broken quoting or the wrong number of fields, runs past a field's size or `maxQuotedLineBreaks` lines, to the
 * end of the file, or breaks a line inside a field that holds one line. Then only the line where the quote
 * opened is rejected, and reading starts again at the next line: every good line after it is kept.
 *
 * A bad record becomes as many empty lines as it spans (the splitter skips them), so the splitter's line numbers
 * stay true; it is reported through `onError`. Memory is bounded: the framer holds the open record only up to the
 * limits (plus one chunk), and skips the rest of an over-long line without buffering it.
 *
 * Lines without a quote and shorter than a field's limit cannot go wrong here: they are passed on without
 * looking at each character (their field count is the splitter's check), which keeps the common case fast.
 */
import { type Notice, notice } from '../../shared/notice.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface FramerOptions {
  /** Fields of the header line. The header (the first line) is passed on unchecked: the reader parsed it. */
  columns: number;
  /** Whether the value of the field at this index may hold a line break (a multi-line quoted value). */
  multiline(field: number): boolean;
  maxRecordChars: number;
  maxFieldChars: number;
  /** Line breaks one quoted value may hold. */
  maxQuotedLineBreaks: number;
  onError(error: FramerError): void;
}

export interface FramerError {
  line: number;
  /** Index of the field the error is about, if one. */
  field: number | null;
  notice: Notice;
}

/** What went wrong with a record; `field` is the index of the field it is about. */
type Problem =
  | { kind: 'broken'; field: number; closedOn: number }
  | { kind: 'fieldTooLong'; field: number }
  | { kind: 'recordTooLong' }
  | { kind: 'fieldCount'; fields: number }
  | { kind: 'tooManyLines' }
  | { kind: 'singleLine' }
  | { kind: 'endOfFile' };

/** Picks `;` or `,`: whichever occurs more in the header line (ties go to `,`). */
export function detectDelimiter(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  for (const c of headerLine) {
    if (c === ',') commas++;
    else if (c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export async function* frameCsv(
  chunks: AsyncIterable<string>,
  delimiter: string,
  options: FramerOptions,
): AsyncGenerator<string> {
  const framer = new CsvFramer(delimiter, options);
  for await (const chunk of chunks) {
    const text = framer.push(chunk);
    if (text) yield text;
  }
  const text = framer.end();
  if (text) yield text;
}

class CsvFramer {
  private readonly delim: number;
  private buf = ''; // text from the start of the open record (or of the good text not handed out yet)
  private out: string[] = [];
  private goodFrom = 0; // start of the good records not handed out yet
  private pos = 0; // scan position
  private line = 1; // line of `pos`
  private quoteAt = -1; // the first quote at or after `pos` (Infinity: none in `buf`; -1: look again)
  private skipping = false; // dropping the rest of a bad line
  // The open record
  private recordFrom = 0;
  private recordLine = 1;
  private scanning = false; // scanned character by character (it has a quote, or a long line)
  private field = 0; // index of the field at `pos`
  private fieldFrom = 0;
  private fieldStart = true;
  private inQuotes = false;
  private afterQuote = false; // just closed a quoted value
  private broken: { field: number; closedOn: number } | null = null;
  private breaks = 0; // line feeds inside its quoted values
  private firstBreak = 0; // index just past the first of them
  private quotedField = 0; // field whose quoted value holds that line feed

  constructor(
    delimiter: string,
    private readonly options: FramerOptions,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(chunk: string): string {
    this.buf += chunk;
    if (this.line === 1 && !this.passHeader()) return '';
    do this.scan();
    while (this.overflow());
    return this.take();
  }

  end(): string {
    if (this.line === 1) {
      this.pos = this.recordFrom = this.buf.length;
      return this.take();
    }
    for (;;) {
      this.scan();
      if (this.skipping || this.recordFrom >= this.buf.length) break;
      // A record without a final line feed.
      if (!this.scanning) {
        this.scanning = true;
        if (this.scanChars()) continue;
      }
      if (this.inQuotes) this.fail({ kind: 'endOfFile' });
      else this.endRecord(this.buf.length);
    }
    return this.take();
  }

  /** Passes the first line on as it is, once it is complete. */
  private passHeader(): boolean {
    const nl = this.buf.indexOf('\n');
    if (nl === -1) return false;
    this.pos = nl + 1;
    this.line = 2;
    this.startRecord();
    return true;
  }

  private scan(): void {
    const buf = this.buf;
    const maxField = this.options.maxFieldChars;
    while (this.pos < buf.length) {
      if (this.skipping) {
        if (!this.skipLine()) return;
        continue;
      }
      if (!this.scanning) {
        const nl = buf.indexOf('\n', this.pos);
        if (nl === -1) return; // the line is not complete yet: `overflow` watches its size
        if (nl - this.pos <= maxField && this.quoteFrom(this.pos) > nl) {
          // The common case: no quote, no field over the limit. The record state is still the reset one.
          this.pos = this.recordFrom = this.fieldFrom = nl + 1;
          this.recordLine = ++this.line;
          continue;
        }
        this.scanning = true;
      }
      if (!this.scanChars()) return;
    }
  }

  /** Scans the open record from `pos`; false when the text ends before the record does. */
  private scanChars(): boolean {
    const buf = this.buf;
    const delim = this.delim;
    const { maxFieldChars, maxQuotedLineBreaks } = this.options;
    for (let i = this.pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.inQuotes = false;
          this.afterQuote = true;
        } else if (c === LF) {
          this.line++;
          if (++this.breaks === 1) {
            this.firstBreak = i + 1;
            this.quotedField = this.field;
          }
          this.pos = i + 1;
          if (!this.options.multiline(this.field)) return this.fail({ kind: 'singleLine' });
          if (this.breaks > maxQuotedLineBreaks) return this.fail({ kind: 'tooManyLines' });
        }
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (c === QUOTE) {
          this.inQuotes = true; // "" inside a quoted value
          continue;
        }
        if (c !== delim && c !== LF && c !== CR && this.broken === null) {
          this.broken = { field: this.field, closedOn: this.line };
        }
      }
      if (c === LF) return this.endRecord(i);
      if (c === delim) {
        if (i - this.fieldFrom > maxFieldChars) {
          this.pos = i;
          return this.fail({ kind: 'fieldTooLong', field: this.field });
        }
        this.field++;
        this.fieldFrom = i + 1;
        this.fieldStart = true;
        continue;
      }
      if (c === QUOTE && this.fieldStart) this.inQuotes = true;
      this.fieldStart = false;
    }
    this.pos = buf.length;
    return false;
  }

  /** The record ends at `at` (its line feed, or the end of the file): hands it on or rejects it. */
  private endRecord(at: number): true {
    this.pos = at;
    const { maxFieldChars, maxRecordChars, columns } = this.options;
    if (at - this.fieldFrom > maxFieldChars) return this.fail({ kind: 'fieldTooLong', field: this.field });
    if (at - this.recordFrom > maxRecordChars) return this.fail({ kind: 'recordTooLong' });
    if (this.broken) return this.fail({ kind: 'broken', ...this.broken });
    if (this.breaks > 0 && this.field + 1 !== columns) return this.fail({ kind: 'fieldCount', fields: this.field + 1 });
    if (at < this.buf.length) {
      this.pos = at + 1;
      this.line++;
    }
    this.startRecord();
    return true;
  }

  /**
   * Rejects the open record. When a quoted value of it ran onto later lines, only its first line is rejected
   * and scanning starts again on the next; otherwise the rest of its line is skipped.
   */
  private fail(problem: Problem): true {
    this.out.push(this.buf.slice(this.goodFrom, this.recordFrom));
    this.goodFrom = this.recordFrom;
    if (this.breaks > 0) {
      this.options.onError({ line: this.recordLine, field: this.quotedField, notice: overrun(problem, this.options) });
      this.out.push('\n');
      this.goodFrom = this.pos = this.firstBreak;
      this.line = this.recordLine + 1;
      this.quoteAt = -1;
      this.startRecord();
    } else {
      this.options.onError({ line: this.recordLine, field: fieldOf(problem), notice: lineProblem(problem, this.options) });
      this.skipping = true;
    }
    return true;
  }

  /** Drops text up to the end of the line being skipped; false when the text ends first. */
  private skipLine(): boolean {
    const nl = this.buf.indexOf('\n', this.pos);
    if (nl === -1) {
      this.pos = this.buf.length;
      return false;
    }
    this.out.push('\n');
    this.skipping = false;
    this.goodFrom = this.pos = nl + 1;
    this.line++;
    this.startRecord();
    return true;
  }

  /** At the end of a chunk: rejects an open record already over a limit. True when it did (scan again). */
  private overflow(): boolean {
    const length = this.buf.length;
    if (this.skipping || length - this.recordFrom <= this.options.maxFieldChars) return false;
    if (!this.scanning) {
      this.scanning = true;
      if (this.scanChars()) return true;
    }
    this.pos = length;
    if (length - this.fieldFrom > this.options.maxFieldChars) return this.fail({ kind: 'fieldTooLong', field: this.field });
    if (length - this.recordFrom > this.options.maxRecordChars) return this.fail({ kind: 'recordTooLong' });
    return false;
  }

  /** Hands out the good text so far and keeps only the open record. */
  private take(): string {
    this.out.push(this.buf.slice(this.goodFrom, this.recordFrom));
    if (this.skipping) {
      // The rest of the bad line is dropped as it comes.
      this.buf = '';
      this.pos = this.recordFrom = this.fieldFrom = this.firstBreak = 0;
    } else {
      const shift = this.recordFrom;
      this.buf = this.buf.slice(shift);
      this.pos -= shift;
      this.recordFrom = 0;
      this.fieldFrom -= shift;
      this.firstBreak -= shift;
    }
    this.goodFrom = this.recordFrom;
    this.quoteAt = -1;
    const text = this.out.join('');
    this.out = [];
    return text;
  }

  private quoteFrom(from: number): number {
    if (this.quoteAt < from) {
      const at = this.buf.indexOf('"', from);
      this.quoteAt = at === -1 ? Number.POSITIVE_INFINITY : at;
    }
    return this.quoteAt;
  }

  private startRecord(): void {
    this.recordFrom = this.fieldFrom = this.pos;
    this.recordLine = this.line;
    this.scanning = false;
    this.field = 0;
    this.fieldStart = true;
    this.inQuotes = false;
    this.afterQuote = false;
    this.broken = null;
    this.breaks = 0;
  }
}

function fieldOf(problem: Problem): number | null {
  return 'field' in problem ? problem.field : null;
}

/** A record on one line that went wrong. */
function lineProblem(problem: Problem, limits: FramerOptions): Notice {
  switch (problem.kind) {
    case 'broken':
      return notice('csv_broken_quote');
    case 'fieldTooLong':
      return notice('csv_value_too_long', { max: limits.maxFieldChars });
    case 'recordTooLong':
      return notice('import_record_too_long', { max: limits.maxRecordChars });
    default:
      return notice('csv_unclosed_at_end');
  }
}

/** How a quoted value that ran onto later lines went wrong. */
function overrun(problem: Problem, limits: FramerOptions): Notice {
  switch (problem.kind) {
    case 'broken':
      return notice('csv_quote_broken_on', { line: problem.closedOn });
    case 'fieldCount':
      return notice('csv_quote_field_count', { fields: problem.fields, columns: limits.columns });
    case 'fieldTooLong':
      return notice('csv_quote_value_too_long', { max: limits.maxFieldChars });
    case 'recordTooLong':
      return notice('csv_quote_record_too_long', { max: limits.maxRecordChars });
    case 'tooManyLines':
      return notice('csv_quote_too_many_lines', { max: limits.maxQuotedLineBreaks });
    case 'singleLine':
      return notice('csv_quote_single_line');
    case 'endOfFile':
      return notice('csv_quote_to_end');
  }
}
