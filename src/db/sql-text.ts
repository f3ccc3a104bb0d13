/**
 * A statement as PostgreSQL receives it: the SQL text with `$n` placeholders, and its parameters. The checked-in
 * snapshots of the hot statements (./snapshots) are written with it, so a change to how one is assembled is a
 * reviewable diff of SQL.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

function sqlText(statement: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(statement);
}

/** The statement as a file: a header, the SQL (trailing spaces trimmed), then each parameter as a comment. */
export function sqlSnapshot(header: readonly string[], statement: SQL): string {
  const { sql, params } = sqlText(statement);
  const body = sql
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  const shown = params.map((p, i) => `-- $${i + 1} = ${JSON.stringify(p instanceof Date ? p.toISOString() : p)}`);
  return [...header.map((line) => `-- ${line}`), '', `${body};`, '', ...shown, ''].join('\n');
}
