/**
 * SQL plumbing every capability builds statements with (the login report, the queue, messages, logs): a WHERE of
 * conditions, a LIKE pattern, typed array parameters and a list of fixed literals. All values reach SQL as
 * parameters except `literals`, whose values come from the code's own vocabularies (never from input), so a
 * partial index's predicate (`status in ('pending', 'claimed', 'sending')`) is still matched by the planner.
 */
import { type SQL, sql } from 'drizzle-orm';
import { noticeCodesMatching } from '../shared/notice-text.js';

export function whereAll(conditions: readonly SQL[]): SQL {
  return conditions.length === 0 ? sql`` : sql`where ${sql.join([...conditions], sql` and `)}`;
}

/** A LIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * A stored notice (a jsonb `column`, src/shared/notice.ts) that says `term`: in its verbatim detail, or by its code's
 * text in either language. Without a matching code it is the detail's ILIKE alone, which a trigram index serves.
 */
export function noticeContains(column: SQL, term: string): SQL {
  const detail = sql`(${column}->>'detail') ilike ${containsPattern(term)}`;
  const codes = noticeCodesMatching(term);
  return codes.length === 0 ? detail : sql`(${detail} or (${column}->>'code') = any(${textArray(codes)}))`;
}

/** A timestamptz column as an ISO string in UTC, the same text on PostgreSQL and PGlite. */
export const isoText = (column: string): SQL => sql`to_char(${sql.raw(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const intArray = (values: readonly number[]): SQL => sql`${sql.param([...values])}::int4[]`;
export const textArray = (values: readonly string[]): SQL => sql`${sql.param([...values])}::text[]`;

/** `('a', 'b')`: fixed codes written into the statement (see the module comment); quotes are doubled. */
export function literals(values: readonly string[]): SQL {
  if (values.length === 0) throw new Error('literals: an empty list has no SQL');
  return sql.raw(`(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}
