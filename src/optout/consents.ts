/**
 * Consentimentos: contacts who agreed to receive marketing on a channel. A `marketing` message goes only to them
 * (src/queue/audience.ts skips the others as `no_consent`); service notices need none. Recorded by admins (one or
 * many, from the CRM or a signed contract), revoked with who and when; audited by the routes.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { formatPhone } from '../shared/phone.js';
import type { Channel } from '../shared/vocabulary.js';
import { type ConsentListQuery, suppressionImportSchema } from './schemas.js';
import { keyOrThrow, listWhere } from './suppressions.js';

export interface Consent {
  id: number;
  channel: Channel;
  contact: string;
  contactDisplay: string;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

interface Row {
  id: number;
  channel: Channel;
  contact_key: string;
  note: string | null;
  created_by: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
}

const toConsent = (r: Row): Consent => ({
  id: r.id,
  channel: r.channel,
  contact: r.contact_key,
  contactDisplay: r.channel === 'email' ? r.contact_key : formatPhone(r.contact_key),
  note: r.note,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  revokedBy: r.revoked_by,
});

/** Records consents (same shape as a descadastro import); a bad row is named (`entries.3.contact`), none stored. */
export async function recordConsents(db: Db, input: unknown, actor: string): Promise<{ added: number; alreadyListed: number }> {
  const { entries } = suppressionImportSchema.parse(input);
  const keyed = entries.map((e, i) => ({ channel: e.channel, key: keyOrThrow(e, `entries.${i}.contact`), note: e.note ?? null }));
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with v as (
        select distinct on (channel, key) channel, key, note from unnest(${sql.param(keyed.map((k) => k.channel))}::text[],
          ${sql.param(keyed.map((k) => k.key))}::text[], ${sql.param(keyed.map((k) => k.note))}::text[]) as v(channel, key, note)
      ), ins as (
        insert into consents (channel, contact_key, note, created_by) select channel, key, note, ${actor} from v
        on conflict (channel, contact_key) where revoked_at is null do nothing returning 1
      )
      select count(*)::int as n from ins`,
  );
  const added = row?.n ?? 0;
  return { added, alreadyListed: new Set(keyed.map((k) => `${k.channel} ${k.key}`)).size - added };
}

/** Newest first; `revoked` also lists the revoked ones (kept, with who and when). */
export async function listConsents(db: Db, q: ConsentListQuery): Promise<{ total: number; entries: Consent[] }> {
  const where = listWhere(q, sql`revoked_at`, q.revoked ?? false);
  const rows = await queryRows<Row>(db, sql`select * from consents where ${where} order by id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from consents where ${where}`);
  return { total: count!.n, entries: rows.map(toConsent) };
}

export async function revokeConsent(db: Db, id: number, actor: string): Promise<Consent> {
  const [row] = await queryRows<Row>(db, sql`update consents set revoked_at = now(), revoked_by = ${actor} where id = ${id} and revoked_at is null returning *`);
  if (!row) throw new AppError('NOT_FOUND', `No active consent ${id}`);
  return toConsent(row);
}
