/**
 * Validation of one IXC record (field name → value, every value a string as IXC sends it) into typed values
 * keyed by IXC field, with errors that name the line and the field. Empty strings are null; IXC's `0` in a
 * reference means "none"; `0000-00-00…` dates are null. Timestamps stay wall-clock text: SQL converts them
 * with the installation's zone.
 */
import { type Notice, notice } from '../shared/notice.js';
import { unstorableKind } from '../shared/storable-text.js';
import { noticeText } from '../shared/notice-text.js';
import type { EntitySpec, FieldSpec } from './ixc-fields.js';

export type Value = string | number | boolean | null;

/** A valid row: the values of the fields present in the source, keyed by IXC field name. */
export interface ValidRow {
  line: number;
  values: Record<string, Value>;
}

export interface RowError {
  /** Line of a CSV/JSONL file, or record number (1-based) of a JSON array. */
  line: number;
  /** IXC field name, when the error is about one field. */
  field: string | null;
  /** Why, for people: rendered in the reader's language by the screens. */
  notice: Notice;
  /** The notice in English, as the CLI and the API's `message` give it. */
  message: string;
}

export function rowError(line: number, field: string | null, why: Notice): RowError {
  return { line, field, notice: why, message: noticeText(why, 'en') };
}

export type Validation = { row: ValidRow } | { errors: RowError[] };

const INT_MAX = 2_147_483_647;
const INTEGER = /^-?\d{1,10}$/;
const DECIMAL = /^-?\d+(?:[.,]\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ZERO_DATE = /^0000-00-00/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const REPLACEMENT_CHAR = '\uFFFD';
/**
 * Longest text stored, in characters: far above real names, logins, phones or codes (a RADIUS User-Name is at
 * most 253 bytes), and low enough that a pasted blob or a runaway quoted value is one bad row instead of being
 * stored (or breaking a btree index, whose entries PostgreSQL limits to ~2.7 kB). Addresses and descriptions,
 * which may hold line breaks, get more room.
 */
const MAX_TEXT = 255;
const MAX_MULTILINE_TEXT = 2_000;
const LINE_BREAK = /[\r\n]/;

/** Why a value is not valid (a class, so the valid values, the common case, allocate nothing). */
class Invalid {
  constructor(readonly notice: Notice) {}
}

type Parsed = Value | Invalid;

/** The value as a row error quotes it. */
const quoted = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

function parseInteger(s: string, min: number, max: number, invalid: (s: string) => Notice): Parsed {
  const n = INTEGER.test(s) ? Number(s) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : new Invalid(invalid(s));
}

function parseText(s: string, multiline: boolean): Parsed {
  const max = multiline ? MAX_MULTILINE_TEXT : MAX_TEXT;
  if (s.length > max) return new Invalid(notice('import_too_long', { max, length: s.length }));
  if (!multiline && LINE_BREAK.test(s)) return new Invalid(notice('import_multiline', { got: quoted(s) }));
  return s;
}

function parseDateTime(s: string, kind: 'timestamp' | 'date'): Parsed {
  if (s.length === (kind === 'date' ? 10 : 19) && isCanonicalDateTime(s)) return s; // already as stored
  if (ZERO_DATE.test(s)) return null;
  const m = DATE_TIME.exec(s);
  const got = quoted(s);
  if (!m) return new Invalid(notice(kind === 'date' ? 'import_not_date' : 'import_not_date_time', { got }));
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1 || day < 1 || day > maxDay || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    return new Invalid(notice(kind === 'date' ? 'import_no_such_date' : 'import_no_such_date_time', { got }));
  }
  return kind === 'date' ? `${y}-${mo}-${d}` : `${y}-${mo}-${d} ${h}:${mi}:${sec}`;
}

/** Digits of `s` from `from` to `to` (exclusive) as a number; -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` naming a real date and time: the common case, checked without a regular
 * expression or a new string. Anything else (other forms, zero dates, errors) takes the general path.
 */
function isCanonicalDateTime(s: string): boolean {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false; // '-'
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1 || day < 1 || day > maxDay) return false;
  if (s.length === 10) return true;
  if (s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false; // ' ', ':'
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59;
}

function parserFor(f: FieldSpec): (s: string) => Parsed {
  switch (f.kind) {
    case 'id':
      return (s) => parseInteger(s, 1, INT_MAX, (got) => notice('import_not_id', { got: quoted(got) }));
    case 'ref':
      return (s) => {
        const r = parseInteger(s, 0, INT_MAX, (got) => notice('import_not_ref', { got: quoted(got) }));
        return r === 0 ? null : r;
      };
    case 'int': {
      const [min, max] = f.range ?? [-INT_MAX, INT_MAX];
      const invalid = f.range
        ? (got: string) => notice('import_integer_range', { min, max, got: quoted(got) })
        : (got: string) => notice('import_not_integer', { got: quoted(got) });
      return (s) => parseInteger(s, min, max, invalid);
    }
    case 'float': {
      const [min, max] = f.range ?? [-Number.MAX_VALUE, Number.MAX_VALUE];
      return (s) => {
        const n = DECIMAL.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
        return n >= min && n <= max ? n : new Invalid(notice('import_number_range', { min, max, got: quoted(s) }));
      };
    }
    case 'text': {
      const multiline = f.multiline ?? false;
      return (s) => parseText(s, multiline);
    }
    case 'code': {
      const codes = f.codes ?? [];
      return (s) => {
        const code = s.toUpperCase();
        return codes.includes(code) ? code : new Invalid(notice('import_not_code', { codes: codes.join(', '), got: quoted(s) }));
      };
    }
    case 'flag':
    case 'optOut': {
      const falseCodes = ['N', ...(f.falseCodes ?? [])];
      const yes = f.kind === 'flag';
      return (s) => {
        const code = s.toUpperCase();
        if (code === 'S') return yes;
        if (falseCodes.includes(code)) return !yes;
        return new Invalid(notice('import_not_code', { codes: ['S', ...falseCodes].join(', '), got: quoted(s) }));
      };
    }
    case 'timestamp':
    case 'date': {
      const kind = f.kind;
      return (s) => parseDateTime(s, kind);
    }
  }
}

export interface Validator {
  /** The IXC fields this entity reads. */
  readonly known: ReadonlySet<string>;
  validate(record: Readonly<Record<string, unknown>>, line: number): Validation;
}

export interface ValidatorOptions {
  /** The source was decoded as UTF-8: a U+FFFD in a value marks bytes that were not UTF-8. */
  utf8?: boolean;
}

/** One field's check, prepared once per validator. */
interface FieldCheck {
  readonly ixc: string;
  /** Position in the entity's fields: errors are reported in this order. */
  readonly order: number;
  readonly required: boolean;
  /** The value an empty field (or a parsed null: a zero date, a `0` reference) stands for. */
  readonly empty: Value;
  readonly parse: (s: string) => Parsed;
}

export function createValidator(spec: EntitySpec, options: ValidatorOptions = {}): Validator {
  for (const f of spec.fields) {
    if (f.ixc in Object.prototype) throw new Error(`${spec.name}: field ${f.ixc} is a name every object has`);
  }
  const checks = new Map<string, FieldCheck>(
    spec.fields.map((f, order) => [f.ixc, { ixc: f.ixc, order, required: f.required ?? false, empty: f.whenEmpty ?? null, parse: parserFor(f) }]),
  );
  const inFieldOrder = (errors: RowError[]) =>
    errors.sort((a, b) => (checks.get(a.field ?? '')?.order ?? 0) - (checks.get(b.field ?? '')?.order ?? 0));
  return {
    known: new Set(checks.keys()),
    validate(record, line) {
      // Errors in reading a value (not a string, empty but required, invalid bytes) are reported alone; the
      // values' own problems only for a record without such errors. Either way, every field of the record.
      // A plain object, not Object.create(null) (a dictionary in V8, ~15 % slower to build and read): its keys are
      // only the entity's fields, none of which is a name Object.prototype has (checked below).
      const values: Record<string, Value> = {};
      let unusable: RowError[] | undefined;
      let invalid: RowError[] | undefined;
      for (const field in record) {
        const check = checks.get(field);
        if (check === undefined) continue; // a column Avisa does not read
        const raw = record[field];
        if (raw === undefined) continue;
        const text = normalise(raw);
        const unstorable = text ? unstorableKind(text) : null;
        if (text === undefined) {
          unusable = withError(unusable, line, field, notice('import_not_string', { got: `${JSON.stringify(raw)?.slice(0, 60)}` }));
        } else if (text === null) {
          if (check.required) unusable = withError(unusable, line, field, notice('import_required'));
          else values[field] = check.empty;
        } else if (unstorable) {
          unusable = withError(unusable, line, field, notice(unstorable === 'nul' ? 'import_nul_char' : 'import_lone_surrogate'));
        } else if (options.utf8 && text.includes(REPLACEMENT_CHAR)) {
          unusable = withError(unusable, line, field, notice('import_not_utf8'));
        } else if (!unusable) {
          const parsed = check.parse(text);
          if (parsed instanceof Invalid) invalid = withError(invalid, line, field, parsed.notice);
          else values[field] = parsed ?? check.empty;
        }
      }
      if (unusable) inFieldOrder(unusable);
      if (record.id === undefined) unusable = withError(unusable, line, 'id', notice('import_field_missing'));
      if (unusable) return { errors: unusable };
      if (invalid) return { errors: inFieldOrder(invalid) };
      return { row: { line, values } };
    },
  };
}

/** `errors` with one more (a list made on the first: a valid record allocates none). */
function withError(errors: RowError[] | undefined, line: number, field: string, why: Notice): RowError[] {
  const list = errors ?? [];
  list.push(rowError(line, field, why));
  return list;
}

/** IXC sends strings; JSON exports made by other tools may carry numbers or nulls. Undefined = unusable. */
function normalise(raw: unknown): string | null | undefined {
  if (raw === null) return null;
  if (typeof raw === 'string') return raw.trim() || null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

export function formatRowError(e: RowError, unit: 'line' | 'record' = 'line'): string {
  return e.field ? `${unit} ${e.line}, field ${e.field}: ${e.message}` : `${unit} ${e.line}: ${e.message}`;
}
