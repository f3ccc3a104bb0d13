/**
 * Pré-visualizar: a message rendered for one login by the same SQL as the enqueue, with the recipient's contact
 * for the channel (or why there is none) and every placeholder's value, so empty ones can be flagged.
 */
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../db/database.js';
import type { Db } from '../db/database.js';
import { fromLogins } from '../report/sql-parts.js';
import { AppError } from '../shared/errors.js';
import { consentedSql, suppressedSql } from '../optout/suppressions.js';
import { formatPhone } from '../shared/phone.js';
import { placeholdersOf } from '../shared/placeholders.js';
import { placeholderValue, renderSql } from './render.js';
import type { ContactProblem, FreeValues, MessageDraft, Preview } from './schemas.js';
import { checkFreeValues, checkMessage, fillTemplate, templatePlaceholders } from './validate.js';

export type { Preview };

export interface PreviewTarget {
  loginId?: number;
  /** Exact login name, as the operator types it. */
  login?: string;
}

interface Row {
  id: number;
  login: string;
  client_id: number;
  client_name: string;
  mobile_e164: string | null;
  mobile_problem: string | null;
  email: string | null;
  email_valid: boolean;
  opted_out: boolean;
  /** Always true but for a `marketing` message to a contact without recorded consent. */
  consented: boolean;
  variables: string[] | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  [key: `v_${number}`]: string;
}

function optOutColumn(channel: MessageDraft['channel']): SQL {
  if (channel === 'email') return sql`(c.opt_out_email or ${suppressedSql(channel, sql`lower(btrim(c.email))`)})`;
  const flag = channel === 'sms' ? sql`c.opt_out_sms` : sql`c.opt_out_whatsapp`;
  return sql`(${flag} or (c.mobile_e164 is not null and ${suppressedSql(channel, sql`c.mobile_e164`)}))`;
}

/**
 * A `marketing` message needs the contact's recorded consent on the channel (as src/queue/audience.ts asks); any
 * other purpose, none.
 */
function consentColumn(draft: MessageDraft): SQL {
  if (draft.purpose !== 'marketing') return sql`true`;
  return consentedSql(draft.channel, draft.channel === 'email' ? sql`lower(btrim(c.email))` : sql`c.mobile_e164`);
}

/** The problem in the audience's order: opted out, then (with a contact) no consent, then missing or invalid. */
function contactOf(draft: MessageDraft, row: Row): Preview['contact'] {
  const unusable = (value: string | null) => (row.opted_out ? 'opted_out' : value && !row.consented ? 'no_consent' : null);
  if (draft.channel === 'email') {
    const value = row.email_valid ? row.email : null;
    const problem = unusable(value) ?? (value ? null : row.email?.trim() ? 'invalid' : 'missing');
    return { value, display: value, problem };
  }
  const value = row.mobile_e164;
  const problem = unusable(value) ?? (value ? null : ((row.mobile_problem as ContactProblem | null) ?? 'missing'));
  return { value, display: value ? formatPhone(value) : null, problem };
}

export async function previewMessage(
  db: Db,
  draft: MessageDraft,
  target: PreviewTarget,
  free: FreeValues,
  timezone: string,
): Promise<Preview> {
  checkMessage(draft);
  const values = checkFreeValues(draft, free);
  const rendered = renderSql(draft, { timezone, free: values });
  const names = draft.channel === 'whatsapp' ? [] : [...new Set(placeholdersOf(namedText(draft)))];
  const named = names.map(
    (name, i) => sql`${placeholderValue(name, { timezone, free: values }, rendered.joins)} as ${sql.identifier(`v_${i}`)}`,
  );
  rendered.joins.add('clients');
  const where = target.loginId !== undefined ? sql`l.id = ${target.loginId}` : sql`l.login = ${target.login ?? ''}`;
  const [row] = await queryRows<Row>(
    db,
    sql`select l.id, l.login, l.client_id, c.name as client_name, c.mobile_e164, c.mobile_problem, c.email,
          c.email_valid, ${optOutColumn(draft.channel)} as opted_out, ${consentColumn(draft)} as consented,
          ${rendered.variables ?? sql`null::text[]`} as variables, ${rendered.subject ?? sql`null::text`} as subject,
          ${rendered.text ?? sql`null::text`} as text, ${rendered.html ?? sql`null::text`} as html
          ${named.length ? sql`, ${sql.join(named, sql`, `)}` : sql``}
        from ${fromLogins(rendered.joins)} where ${where} order by l.id limit 1`,
  );
  if (!row) {
    const what = target.loginId !== undefined ? `id ${target.loginId}` : `"${target.login ?? ''}"`;
    throw new AppError('NOT_FOUND', `No login ${what}`, 'login');
  }
  const variables =
    draft.channel === 'whatsapp'
      ? templatePlaceholders(draft.content).map((placeholder, i) => {
          const value = row.variables?.[i] ?? '';
          return { placeholder, value, empty: value === '' };
        })
      : names.map((placeholder, i) => {
          const value = row[`v_${i}`] ?? '';
          return { placeholder, value, empty: value === '' };
        });
  return {
    login: { id: row.id, login: row.login, clientId: row.client_id, clientName: row.client_name },
    contact: contactOf(draft, row),
    variables,
    subject: row.subject,
    text: draft.channel === 'whatsapp' ? fillTemplate(draft.content, row.variables ?? []) : (row.text ?? ''),
    html: row.html,
    empty: [...new Set(variables.filter((v) => v.empty).map((v) => v.placeholder))],
  };
}

function namedText(draft: MessageDraft): string {
  if (draft.channel === 'email') return [draft.content.subject, draft.content.text, draft.content.html ?? ''].join('\n');
  return draft.channel === 'sms' ? draft.content.text : '';
}
