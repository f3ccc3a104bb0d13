/**
 * Splits a JSON document holding an array of objects, or IXC's webservice envelope `{…, "registros": […]}`,
 * into the text of each element, which the reader then parses on its own with JSON.parse: a syntax error inside
 * one element (a trailing comma, a bare NaN, single quotes, a raw line break in a string) costs that record
 * only, where a streaming parser would stop at it. Elements are found by their brackets and quotes alone, so
 * one that leaves them unbalanced still ends the reading: no later boundary could be trusted.
 *
 * Memory is bounded: an element is held up to `maxChars` (past that it is reported too long and skipped as it
 * comes), the rest of the document is never held.
 */
const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Why a document cannot be read further: the notice code of the row error it becomes (src/shared/notice.ts). */
export type JsonStop = 'json_ends_in_record' | 'json_ends_before_close' | 'json_not_array' | 'json_registros_not_array';

export type JsonPiece =
  | { kind: 'element'; text: string }
  | { kind: 'tooLong' }
  /** The document cannot be read further: `reason` says why. */
  | { kind: 'stop'; reason: JsonStop }
  /** An object without a `registros` array. */
  | { kind: 'noRecords' };

type Phase = 'start' | 'envelope' | 'registros' | 'array' | 'element' | 'done';

const isSpace = (c: number) => c === 32 || c === 9 || c === LF || c === 13;
const isOpen = (c: number) => c === OPEN_BRACE || c === OPEN_BRACKET;
const isClose = (c: number) => c === CLOSE_BRACE || c === CLOSE_BRACKET;

export class JsonArraySplitter {
  private phase: Phase = 'start';
  private depth = 0; // bracket depth in the document
  private arrayDepth = 0; // depth inside the records' array
  private inString = false;
  private escaped = false;
  // The envelope's last string at depth 1: its key when a colon follows.
  private key = '';
  private keyFrom = -1;
  private keyHead = ''; // the part of that string in earlier chunks
  // The open element: its text chunk by chunk, unless it is too long.
  private text: string[] = [];
  private textLength = 0;
  private tooLong = false;

  constructor(private readonly maxChars: number) {}

  push(chunk: string): JsonPiece[] {
    const pieces: JsonPiece[] = [];
    let from = 0; // start of the open element's text in this chunk
    for (let i = 0; i < chunk.length && this.phase !== 'done'; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.endString(chunk, i);
        else if (c === LF) {
          // A raw line feed cannot be inside a JSON string: this one is unclosed. Its record ends here (JSON.parse
          // refuses it) and the next line is read as what follows it, so the records after it are kept.
          this.endString(chunk, i);
          if (this.phase === 'element') {
            this.take(chunk, from, i);
            pieces.push(this.element());
            this.depth = this.arrayDepth;
            this.phase = 'array';
          }
        }
        continue;
      }
      if (this.phase === 'element') {
        const end = this.elementEnd(c, i);
        if (end !== -1) {
          this.take(chunk, from, end);
          pieces.push(this.element());
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.step(c, i, pieces)) from = i;
    }
    if (this.phase === 'element') this.take(chunk, from, chunk.length);
    if (this.inString && this.keyFrom !== -1) {
      this.keyHead += chunk.slice(this.keyFrom);
      this.keyFrom = 0;
    }
    return pieces;
  }

  end(): JsonPiece[] {
    if (this.phase === 'done' || this.phase === 'start') return [];
    return [{ kind: 'stop', reason: this.phase === 'element' ? 'json_ends_in_record' : 'json_ends_before_close' }];
  }

  /**
   * Inside an element, outside strings: where the element ends (exclusive) if `c` ends it, else -1. An object
   * or array ends with its closing bracket; a bare value at the next comma or `]` of the array.
   */
  private elementEnd(c: number, i: number): number {
    if (c === QUOTE) this.inString = true;
    else if (isOpen(c)) this.depth++;
    else if (c === COMMA && this.depth === this.arrayDepth) {
      this.phase = 'array';
      return i;
    } else if (isClose(c)) {
      if (this.depth === this.arrayDepth) {
        if (c !== CLOSE_BRACKET) return -1; // a stray `}`: part of this (bad) element
        this.phase = 'done';
        return i;
      }
      if (--this.depth === this.arrayDepth) {
        this.phase = 'array';
        return i + 1;
      }
    }
    return -1;
  }

  /** A character outside strings and elements: the document's structure around the records. True when it starts an element. */
  private step(c: number, i: number, pieces: JsonPiece[]): boolean {
    const key = this.key;
    this.key = '';
    switch (this.phase) {
      case 'start':
        if (c === OPEN_BRACKET) this.openArray();
        else if (c === OPEN_BRACE) {
          this.phase = 'envelope';
          this.depth = 1;
        } else this.stop(pieces, 'json_not_array');
        return false;
      case 'envelope':
        if (c === QUOTE) this.startString(this.depth === 1 ? i + 1 : -1);
        else if (c === COLON && this.depth === 1 && key === 'registros') this.phase = 'registros';
        else if (isOpen(c)) this.depth++;
        else if (isClose(c) && --this.depth === 0) {
          pieces.push({ kind: 'noRecords' });
          this.phase = 'done';
        }
        return false;
      case 'registros':
        if (c === OPEN_BRACKET) this.openArray();
        else this.stop(pieces, 'json_registros_not_array');
        return false;
      case 'array':
        if (c === CLOSE_BRACKET) this.phase = 'done'; // the rest of an envelope is not read
        else if (c !== COMMA) this.startElement(c);
        return c !== CLOSE_BRACKET && c !== COMMA;
      default:
        return false;
    }
  }

  private startElement(c: number): void {
    this.phase = 'element';
    this.tooLong = false;
    if (c === QUOTE) this.inString = true;
    else if (isOpen(c)) this.depth++;
  }

  private openArray(): void {
    this.phase = 'array';
    this.arrayDepth = ++this.depth;
  }

  private stop(pieces: JsonPiece[], reason: JsonStop): void {
    pieces.push({ kind: 'stop', reason });
    this.phase = 'done';
  }

  private startString(keyFrom: number): void {
    this.inString = true;
    this.keyFrom = keyFrom;
    this.keyHead = '';
  }

  private endString(chunk: string, i: number): void {
    this.inString = false;
    if (this.keyFrom !== -1) this.key = this.keyHead + chunk.slice(this.keyFrom, i);
    this.keyFrom = -1;
  }

  /** Adds `chunk[from, to)` to the open element, unless it is already too long. */
  private take(chunk: string, from: number, to: number): void {
    if (this.tooLong) return;
    this.textLength += to - from;
    if (this.textLength > this.maxChars) {
      this.tooLong = true;
      this.text = [];
      return;
    }
    this.text.push(chunk.slice(from, to));
  }

  private element(): JsonPiece {
    const piece: JsonPiece = this.tooLong ? { kind: 'tooLong' } : { kind: 'element', text: this.text.join('') };
    this.text = [];
    this.textLength = 0;
    return piece;
  }
}
