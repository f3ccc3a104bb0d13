/**
 * A statement as one SQL text with its parameters written in as literals: what `COPY (query) TO …` needs, since a
 * utility statement takes no bind parameters. Each value becomes a quoted literal of the text the drivers would
 * have sent for it (an untyped `E'…'` string, which the server types from its context exactly as it types an
 * untyped parameter), so the statement means what it means with parameters. Placeholders inside the statement's
 * own string literals, quoted identifiers and comments are left alone.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

/** `value` as PostgreSQL's text for it, or null (SQL NULL). */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`inlineSql: ${value} has no SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === 'object' && !ArrayBuffer.isView(value)) return JSON.stringify(value);
  throw new Error(`inlineSql: a ${typeof value} parameter has no SQL literal`);
}

/** `{1,2}`, `{"a","b \"c\""}`: an array literal as node-postgres writes one. */
function arrayText(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (Array.isArray(v)) return arrayText(v);
    const text = valueText(v);
    return text === null ? 'NULL' : `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
  });
  return `{${items.join(',')}}`;
}

/** An escape-string literal: exact whatever `standard_conforming_strings` says. */
export function sqlLiteral(value: unknown): string {
  const text = valueText(value);
  if (text === null) return 'null';
  if (text.includes('\0')) throw new Error('inlineSql: text with a NUL character has no SQL literal');
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The statement's text with every `$n` replaced by its parameter's literal. */
export function inlineSql(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const end = skipQuoted(text, i);
    if (end > i) {
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(text.slice(i, i + 12));
    if (placeholder && !/[\w$]/.test(text[i - 1] ?? '')) {
      const n = Number(placeholder[1]);
      if (n < 1 || n > params.length) throw new Error(`inlineSql: no parameter $${n}`);
      out += sqlLiteral(params[n - 1]);
      i += placeholder[0].length;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

/** Where the string literal, quoted identifier or comment starting at `i` ends; `i` when none starts there. */
function skipQuoted(text: string, i: number): number {
  const ch = text[i];
  if (ch === "'") {
    const escapes = /[eE]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? '');
    let j = i + 1;
    while (j < text.length) {
      if (escapes && text[j] === '\\') j += 2;
      else if (text[j] === "'" && text[j + 1] === "'") j += 2;
      else if (text[j] === "'") return j + 1;
      else j++;
    }
    return text.length;
  }
  if (ch === '"') {
    const close = text.indexOf('"', i + 1);
    return close === -1 ? text.length : close + 1;
  }
  if (ch === '-' && text[i + 1] === '-') {
    const close = text.indexOf('\n', i);
    return close === -1 ? text.length : close;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close === -1 ? text.length : close + 2;
  }
  return i;
}
