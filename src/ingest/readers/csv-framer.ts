/**
 * Cuts CSV text into records before csv-parse sees it, so that one bad record costs one row and nothing more.
 * csv-parse's own recovery (`skip_records_with_error`) loses the rest of its input chunk after an over-long
 * record, and after a broken closing quote keeps quoting and swallows the records that follow. The framer
 * follows RFC 4180 quoting (a quote opens a field only at its start, `""` escapes; a lone quote inside an
 * unquoted field is literal, as csv-parse's `relax_quotes`) and replaces every broken or over-long record by as
 * many empty lines as it spanned, so csv-parse's line numbers stay true, reporting it through `onError`.
 */
const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface FramerOptions {
  maxRecordChars: number;
  onError(line: number, message: string): void;
}

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
  const delim = delimiter.charCodeAt(0);
  const cap = options.maxRecordChars;
  let carry = ''; // the current record's text from earlier chunks
  let line = 1; // line of the scan position
  let recordLine = 1; // line where the current record started
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field
  let fieldStart = true;
  let broken: string | null = null;
  let skipping = false; // dropping an over-long record up to the next line feed

  const reset = () => {
    inQuotes = false;
    afterQuote = false;
    fieldStart = true;
    broken = null;
    recordLine = line;
  };

  for await (const chunk of chunks) {
    const s = carry + chunk;
    let out = '';
    let goodFrom = 0; // start of the run of good records not yet copied to `out`
    let recordFrom = 0; // start of the current record in `s`
    for (let i = carry.length; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) line++;
      if (skipping) {
        if (c === LF) {
          skipping = false;
          out += '\n'.repeat(line - recordLine);
          goodFrom = recordFrom = i + 1;
          reset();
        }
        continue;
      }
      if (inQuotes) {
        if (c === QUOTE) {
          inQuotes = false;
          afterQuote = true;
        }
      } else if (afterQuote && c === QUOTE) {
        inQuotes = true; // "" inside a quoted field
        afterQuote = false;
      } else {
        if (afterQuote && c !== delim && c !== LF && c !== CR && broken === null) {
          broken = 'broken quoting: a closing quote must be followed by the delimiter or the end of the line';
        }
        afterQuote = false;
        if (c === LF) {
          if (broken !== null) {
            options.onError(recordLine, broken);
            out += s.slice(goodFrom, recordFrom) + '\n'.repeat(line - recordLine);
            goodFrom = i + 1;
          }
          recordFrom = i + 1;
          reset();
          continue;
        }
        if (c === delim) {
          fieldStart = true;
          continue;
        }
        if (c === QUOTE && fieldStart) inQuotes = true;
        fieldStart = false;
      }
      if (i - recordFrom >= cap) {
        options.onError(
          recordLine,
          inQuotes
            ? `quoted field runs past ${cap} characters: unclosed quote? (record skipped up to the next line)`
            : `record longer than ${cap} characters, skipped`,
        );
        out += s.slice(goodFrom, recordFrom);
        skipping = true;
      }
    }
    if (skipping) {
      carry = '';
      goodFrom = recordFrom = s.length;
    } else {
      carry = s.slice(recordFrom);
    }
    out += s.slice(goodFrom, recordFrom);
    if (out) yield out;
  }
  if (skipping || carry === '') return;
  if (inQuotes) options.onError(recordLine, 'unclosed quote at the end of the file');
  else if (broken !== null) options.onError(recordLine, broken);
  else yield carry;
}
