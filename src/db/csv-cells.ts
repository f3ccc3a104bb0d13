/**
 * CSV cells written by SQL, for the exports that COPY out (./copy-csv.ts): each the same text as the JavaScript
 * writer (src/shared/csv.ts, csvField and friends) gives the same value, so one SELECT serves PostgreSQL and
 * PGlite and the file does not change with the path. A cell is text or NULL (an empty field); COPY quotes it.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Text as csvField writes it: empty as an empty field (COPY would quote `""`), and text starting like a spreadsheet
 * formula (`=`, `+`, `-`, `@`, tab, CR) with a leading `'`. `expr` is evaluated up to three times: a column, or a
 * value computed once in a lateral subquery.
 */
export const textCell = (expr: SQL): SQL =>
  sql`(case when ascii(${expr}) in (9, 13, 43, 45, 61, 64) then '''' || ${expr} else nullif(${expr}, '') end)`;

/**
 * `DD/MM/AAAA HH:MM:SS` (localTimeFormatter) in the statement's time zone, which copyCsv sets to the installation's;
 * NULL stays empty. (`at time zone 'America/Sao_Paulo'` would look the zone up again for every value: twice the
 * cost of the formatting.)
 */
export const timeCell = (expr: SQL): SQL => sql`to_char(${expr}, 'DD/MM/YYYY HH24:MI:SS')`;

/** Whole seconds as formatDuration writes them: `3d 04:05:06`, or `04:05:06` under a day. `seconds`: a bigint column. */
export const durationCell = (seconds: SQL): SQL =>
  sql`(case when ${seconds} >= 86400 then (${seconds} / 86400)::text || 'd ' else '' end
       || to_char(make_interval(secs => ${seconds} % 86400), 'HH24:MI:SS'))`;

/** `labels[expr]`; NULL (an empty field) for a value without one. */
export function labelCell(expr: SQL, labels: Readonly<Record<string, string>>): SQL {
  const cases = Object.entries(labels).map(([value, label]) => sql`when ${value} then ${label}`);
  return sql`(case ${expr} ${sql.join(cases, sql` `)} end)`;
}

export const yesNoCell = (expr: SQL): SQL => sql`(case when ${expr} then 'Sim' else 'Não' end)`;

/**
 * A phone as formatPhone (src/shared/phone.ts) writes it: `+5548999123456` → `+55 (48) 99912-3456`, a landline
 * `+55 (48) 3333-4444`; other forms unchanged. Its regular expression (`^\+55(\d{2})(\d{4,5})(\d{4})$`) spelled
 * with plain string functions: PostgreSQL's regexp_replace with those bounds costs ~20 µs a value, a third of a
 * whole export's time.
 */
export const phoneCell = (e164: SQL): SQL =>
  sql`(case when length(${e164}) in (13, 14) and left(${e164}, 3) = '+55' and ltrim(substr(${e164}, 2), '0123456789') = ''
       then '+55 (' || substr(${e164}, 4, 2) || ') ' || substr(${e164}, 6, length(${e164}) - 9) || '-' || right(${e164}, 4)
       else ${e164} end)`;
