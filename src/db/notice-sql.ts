/**
 * A stored notice (a jsonb column, src/shared/notice.ts) as text for people, in SQL: the same text as
 * `noticeText(notice, language)` (src/shared/notice-text.ts), built from the same catalogue, for the CSV exports
 * the database writes itself (./copy-csv.ts). `subject: text: detail (attempt)`, a `{{param}}` filled from the
 * notice's params (a code-valued param by its name, e.g. `opa` → `Opa! Suite`; a missing one left as written).
 * Numbers are written as the database writes a jsonb number: as JavaScript does for the params notices hold
 * (integers, decimals such as 7.5), not for exponents (1e21).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type NoticeLanguage, noticeCatalogues } from '../shared/notice-text.js';
import { labelCell } from './csv-cells.js';

const PLACEHOLDER = /\{\{(\w+)\}\}/;

export function noticeTextSql(column: SQL, language: NoticeLanguage): SQL {
  const catalogue = noticeCatalogues[language];
  const valueNames = catalogue.values as Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;

  /** `params[name]` as interpolate() writes it. */
  const param = (params: SQL, name: string): SQL => {
    const raw = sql`${params}->>${name}`;
    const names = valueNames[name];
    const named = names ? sql`case when jsonb_typeof(${params}->${name}) = 'string' then ${labelCell(raw, names)} end, ` : sql``;
    return sql`coalesce(${named}${raw}, case when jsonb_typeof(${params}->${name}) = 'null' then 'null' end, ${`{{${name}}}`})`;
  };
  /** `template` with its placeholders filled from `params`. */
  const filled = (params: SQL, template: string): SQL => {
    const pieces = template.split(PLACEHOLDER); // literal, name, literal, name, …, literal
    if (pieces.length === 1) return sql`${template}::text`;
    return sql`concat(${sql.join(
      pieces.map((piece, i) => (i % 2 === 1 ? param(params, piece) : sql`${piece}::text`)),
      sql`, `,
    )})`;
  };

  const params = sql`(${column}->'params')`;
  const codes = Object.entries(catalogue.codes).map(([code, template]) => sql`when ${code} then ${filled(params, template)}`);
  const text = sql`(case ${column}->>'code' ${sql.join(codes, sql` `)} end)`;
  const attempt = sql`(${column}->'attempt')`;
  const attemptText = sql`(case when jsonb_typeof(${attempt}) = 'object' then
      case when ${attempt}->'retrying' = 'true'::jsonb then ${filled(attempt, catalogue.attempt.retrying)}
           else ${filled(attempt, catalogue.attempt.gaveUp)} end end)`;
  const subject = sql`nullif(${column}->>'subject', '')`;
  const detail = sql`nullif(${column}->>'detail', '')`;
  return sql`concat(${subject} || ': ', concat_ws(': ', nullif(${text}, ''), ${detail}), ' ' || ${attemptText})`;
}
