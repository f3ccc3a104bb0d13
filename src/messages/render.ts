/**
 * A message as SQL expressions over the login report's FROM clause: the positional WhatsApp variables (text[],
 * sanitised as Meta requires: no line break or tab, no run of 4+ spaces — runs of spaces become one), or the e-mail subject/text/HTML and the
 * SMS text (placeholders replaced; values HTML-escaped in the HTML body). Preview and enqueue both select these,
 * so what an operator previews is exactly what is queued.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Join } from '../report/sql-parts.js';
import { catalogueEntry } from './catalogue.js';
import { splitText } from '../shared/placeholders.js';
import type { Binding, FreeValues, MessageDraft } from './schemas.js';

export interface RenderedSql {
  joins: Set<Join>;
  /** WhatsApp: `text[]`, one per template placeholder. */
  variables?: SQL;
  subject?: SQL;
  text?: SQL;
  html?: SQL;
}

export interface RenderOptions {
  timezone: string;
  free: FreeValues;
}

/** A placeholder's raw value (catalogue expression or free value), never null; adds the joins it needs. */
export function placeholderValue(name: string, options: RenderOptions, joins: Set<Join>): SQL {
  const entry = catalogueEntry(name);
  if (entry) {
    for (const join of entry.joins) joins.add(join);
    return sql`coalesce(${entry.value(options.timezone)}, '')`;
  }
  return sql`${options.free[name] ?? ''}::text`;
}

const LINE_BREAKS = '[\r\n\t]+';
/** Marks a space while runs of spaces are collapsed; translated to a space first, so it never comes from the data. */
const MARK = '\x01';
const CONTROL = `\r\n\t${MARK}`;
/**
 * What Meta accepts in a template variable: no line break or tab, no run of 4+ spaces. Control characters become
 * spaces (`translate`), then every run of spaces becomes one — by marking each space and dropping marked pairs:
 * three `replace` calls, no regex or subquery per row.
 */
const sanitised = (value: SQL): SQL =>
  sql`btrim(replace(replace(replace(translate(${value}, ${CONTROL}::text, '    '), ' ', ${` ${MARK}`}::text), ${`${MARK} `}::text, ''), ${MARK}::text, ''))`;

const htmlEscaped = (value: SQL): SQL =>
  sql`replace(replace(replace(replace(replace(${value}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;

function bindingValue(binding: Binding, options: RenderOptions, joins: Set<Join>): SQL {
  if (binding.type === 'literal') return sql`${binding.value}::text`;
  return placeholderValue(binding.type === 'field' ? binding.field : binding.key, options, joins);
}

function filled(text: string, options: RenderOptions, joins: Set<Join>, escapeValue?: (v: SQL) => SQL): SQL {
  const pieces = splitText(text).map((part) => {
    if ('literal' in part) return sql`${part.literal}::text`;
    const value = placeholderValue(part.placeholder, options, joins);
    return escapeValue ? escapeValue(value) : value;
  });
  return pieces.length === 0 ? sql`''::text` : sql`concat(${sql.join(pieces, sql`, `)})`;
}

export function renderSql(draft: MessageDraft, options: RenderOptions): RenderedSql {
  const joins = new Set<Join>();
  if (draft.channel === 'whatsapp') {
    const values = draft.content.variables.map((b) => sanitised(bindingValue(b, options, joins)));
    const variables = values.length === 0 ? sql`array[]::text[]` : sql`array[${sql.join(values, sql`, `)}]::text[]`;
    return { joins, variables };
  }
  if (draft.channel === 'email') {
    const { subject, text, html } = draft.content;
    return {
      joins,
      subject: sanitisedSubject(filled(subject, options, joins)),
      text: filled(text, options, joins),
      ...(html ? { html: filled(html, options, joins, htmlEscaped) } : {}),
    };
  }
  return { joins, text: filled(draft.content.text, options, joins) };
}

/** A subject is one line. */
const sanitisedSubject = (value: SQL): SQL => sql`btrim(regexp_replace(${value}, ${LINE_BREAKS}::text, ' ', 'g'))`;
