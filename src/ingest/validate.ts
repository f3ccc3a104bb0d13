/**
 * Validation of one IXC record (field name → value, every value a string as IXC sends it) into typed values
 * keyed by IXC field, with errors that name the line and the field. Empty strings are null; IXC's `0` in a
 * reference means "none"; `0000-00-00…` dates are null. Timestamps stay wall-clock text: SQL converts them
 * with the installation's zone.
 */
import { z } from 'zod';
import { unstorableText } from '../shared/storable-text.js';
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
  message: string;
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

type Parsed = { value: Value } | { error: string };

const got = (s: string): string => `got ${JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s)}`;

function parseInteger(s: string, min: number, max: number, what: string): Parsed {
  const n = INTEGER.test(s) ? Number(s) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? { value: n } : { error: `expected ${what}, ${got(s)}` };
}

function parseText(s: string, multiline: boolean): Parsed {
  const max = multiline ? MAX_MULTILINE_TEXT : MAX_TEXT;
  if (s.length > max) return { error: `expected at most ${max} characters, got ${s.length}` };
  if (!multiline && LINE_BREAK.test(s)) return { error: `expected one line of text, ${got(s)}` };
  return { value: s };
}

function parseDateTime(s: string, kind: 'timestamp' | 'date'): Parsed {
  if (ZERO_DATE.test(s)) return { value: null };
  const m = DATE_TIME.exec(s);
  const expected = kind === 'date' ? 'a date YYYY-MM-DD' : 'a date-time YYYY-MM-DD HH:MM:SS';
  if (!m) return { error: `expected ${expected}, ${got(s)}` };
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (year < 1 || day < 1 || day > maxDay || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    return { error: `expected ${expected}, ${got(s)} (no such date)` };
  }
  return { value: kind === 'date' ? `${y}-${mo}-${d}` : `${y}-${mo}-${d} ${h}:${mi}:${sec}` };
}

function parserFor(f: FieldSpec): (s: string) => Parsed {
  switch (f.kind) {
    case 'id':
      return (s) => parseInteger(s, 1, INT_MAX, 'a positive integer id');
    case 'ref':
      return (s) => {
        const r = parseInteger(s, 0, INT_MAX, 'an integer id');
        return 'value' in r && r.value === 0 ? { value: null } : r;
      };
    case 'int': {
      const [min, max] = f.range ?? [-INT_MAX, INT_MAX];
      const what = f.range ? `an integer from ${min} to ${max}` : 'an integer';
      return (s) => parseInteger(s, min, max, what);
    }
    case 'float': {
      const [min, max] = f.range ?? [-Number.MAX_VALUE, Number.MAX_VALUE];
      return (s) => {
        const n = DECIMAL.test(s) ? Number(s.replace(',', '.')) : Number.NaN;
        return n >= min && n <= max ? { value: n } : { error: `expected a number from ${min} to ${max}, ${got(s)}` };
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
        return codes.includes(code) ? { value: code } : { error: `expected one of ${codes.join(', ')}, ${got(s)}` };
      };
    }
    case 'flag':
    case 'optOut': {
      const falseCodes = ['N', ...(f.falseCodes ?? [])];
      const yes = f.kind === 'flag';
      return (s) => {
        const code = s.toUpperCase();
        if (code === 'S') return { value: yes };
        if (falseCodes.includes(code)) return { value: !yes };
        return { error: `expected one of S, ${falseCodes.join(', ')}, ${got(s)}` };
      };
    }
    case 'timestamp':
    case 'date': {
      const kind = f.kind;
      return (s) => parseDateTime(s, kind);
    }
  }
}

/** Zod schema of one field's non-empty string: transforms it into the stored value or reports the problem. */
function fieldSchema(f: FieldSpec) {
  const parse = parserFor(f);
  return z
    .string()
    .transform((s, ctx): Value => {
      const r = parse(s);
      if ('value' in r) return r.value;
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    })
    .nullable()
    .optional();
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

export function createValidator(spec: EntitySpec, options: ValidatorOptions = {}): Validator {
  const fields = new Map(spec.fields.map((f) => [f.ixc, f]));
  const schema = z.object(Object.fromEntries(spec.fields.map((f) => [f.ixc, fieldSchema(f)])));
  return {
    known: new Set(fields.keys()),
    validate(record, line) {
      const input: Record<string, string | null> = {};
      const errors: RowError[] = [];
      for (const [field, f] of fields) {
        const raw = record[field];
        if (raw === undefined) continue;
        const text = normalise(raw);
        if (text === undefined) {
          errors.push({ line, field, message: `expected a string, got ${JSON.stringify(raw)?.slice(0, 60)}` });
        } else if (text === null) {
          if (f.required) errors.push({ line, field, message: 'required, got an empty value' });
          input[field] = null;
        } else {
          const unstorable = unstorableText(text);
          if (unstorable) errors.push({ line, field, message: `${unstorable}, which cannot be stored` });
          else if (options.utf8 && text.includes(REPLACEMENT_CHAR)) {
            errors.push({
              line,
              field,
              message: 'invalid UTF-8 bytes; if the file is not UTF-8, import it with --encoding windows-1252',
            });
          } else input[field] = text;
        }
      }
      if (record.id === undefined) errors.push({ line, field: 'id', message: 'required, the field is missing' });
      if (errors.length > 0) return { errors };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return {
          errors: parsed.error.issues.map((i) => ({ line, field: String(i.path[0] ?? ''), message: i.message })),
        };
      }
      const values: Record<string, Value> = {};
      for (const [field, value] of Object.entries(parsed.data)) {
        if (value === undefined) continue;
        values[field] = value ?? fields.get(field)?.whenEmpty ?? null;
      }
      return { row: { line, values } };
    },
  };
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
