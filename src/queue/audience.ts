/**
 * The audience of a send as SQL: every login the report filter matches, with the recipient's contact for the
 * channel (or why there is none) and the message rendered for it — the `matched` set the plan counts and the
 * enqueue inserts from, in the same statement.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RenderedSql } from '../messages/render.js';
import type { Channel } from '../providers/types.js';
import { filterSql } from '../report/filter-sql.js';
import type { IdFilter } from '../report/filter.js';
import { whereAll } from '../db/sql.js';
import { fromLogins } from '../report/sql-parts.js';
import { consentedSql, suppressedSql } from '../optout/suppressions.js';

export type { SkipReason } from '../shared/vocabulary.js';

interface ContactSql {
  /** The address to send to, or null. */
  contact: SQL;
  /** What dedupe compares. */
  key: SQL;
  /** What the client has on file, shown in the skipped list. */
  raw: SQL;
  /** A SkipReason, or null when the recipient is reachable. */
  problem: SQL;
}


/**
 * The recipient's contact on `channel`, and why it cannot be used: opted out (the client's flag or the descadastro
 * list), no recorded consent (`marketing` only), or missing / invalid.
 */
function contactSql(channel: Channel, marketing: boolean): ContactSql {
  const consent = (key: SQL) => (marketing ? sql`
      when ${key} is not null and not ${consentedSql(channel, key)} then 'no_consent'` : sql``);
  if (channel === 'email') {
    const key = sql`lower(btrim(c.email))`;
    return {
      contact: sql`case when c.email_valid then btrim(c.email) end`,
      key: sql`case when c.email_valid then ${key} end`,
      raw: sql`nullif(btrim(c.email), '')`,
      problem: sql`case when c.opt_out_email or (c.email_valid and ${suppressedSql(channel, key)}) then 'opted_out'
        when c.email_valid then ${marketing ? sql`case when ${consentedSql(channel, key)} then null else 'no_consent' end` : sql`null`}
        when nullif(btrim(c.email), '') is null then 'no_email' else 'invalid_email' end`,
    };
  }
  const optOut = channel === 'sms' ? sql`c.opt_out_sms` : sql`c.opt_out_whatsapp`;
  return {
    contact: sql`c.mobile_e164`,
    key: sql`c.mobile_e164`,
    raw: sql`coalesce(nullif(btrim(c.whatsapp), ''), nullif(btrim(c.mobile), ''), nullif(btrim(c.phone), ''))`,
    problem: sql`case when ${optOut} or (c.mobile_e164 is not null and ${suppressedSql(channel, sql`c.mobile_e164`)}) then 'opted_out'${consent(sql`c.mobile_e164`)}
      when c.mobile_e164 is not null then null
      when c.mobile_problem = 'landline' then 'landline'
      when c.mobile_problem = 'invalid' then 'invalid_phone' else 'no_mobile' end`,
  };
}

/**
 * `matched` as a CTE body, for `with matched as (…)`: every login of the filter with its contact, problem (null
 * when reachable), `rn` — 1 for the first reachable login of each contact, higher for the logins deduped into it —
 * and, when `rendered` is given, the message rendered for the reachable ones. One pass over the logins: rendering
 * and ranking in the same scan, no join back.
 */
export function audienceCte(options: {
  channel: Channel;
  filter: IdFilter;
  now: Date;
  rendered?: { sql: RenderedSql; payload: SQL };
  /** A marketing message: only contacts with recorded consent (the others are skipped as `no_consent`). */
  marketing?: boolean;
}): SQL {
  const where = filterSql(options.filter, options.now);
  const joins = new Set([...where.joins, ...(options.rendered?.sql.joins ?? []), 'clients' as const]);
  const contact = contactSql(options.channel, options.marketing ?? false);
  const payload = options.rendered ? sql`, case when ${contact.problem} is null then ${options.rendered.payload} end as payload` : sql``;
  // Reachable logins sort first within a contact, so an opted-out login never takes rn 1 from a reachable one. The
  // key (E.164 number, lower-cased address) is grouped bytewise: the database's collation (pt_BR.UTF-8, say) would
  // sort ~100,000 keys through strcoll for nothing.
  return sql`matched as (
      select l.id as login_id, l.login, l.client_id, ${contact.contact} as contact, ${contact.key} as contact_key,
        ${contact.raw} as raw_contact, ${contact.problem} as problem${payload},
        row_number() over (partition by ${contact.key} collate "C" order by ${contact.problem} is null desc, l.id) as rn
      from ${fromLogins(joins)} ${whereAll(where.conditions)}
    )`;
}
