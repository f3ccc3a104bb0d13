/**
 * Descadastros: who must not get messages on a channel. A subscriber who answered SAIR (./inbound.ts), or an
 * entry an admin added or imported; a send skips them as `opted_out` (src/queue/audience.ts). Removing an entry
 * keeps it, marked removed with who and when — the record LGPD asks for; every change is in the audit trail.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { containsPattern } from '../db/sql.js';
import { type CsvColumn, csvText } from '../shared/csv.js';
import { isValidEmail } from '../shared/email.js';
import { AppError, refused } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { formatPhone, parsePhone } from '../shared/phone.js';
import type { Channel } from '../shared/vocabulary.js';
import {
  type Suppression,
  type SuppressionInput,
  type SuppressionSource,
  suppressionImportSchema,
  suppressionInputSchema,
  type suppressionListQuerySchema,
} from './schemas.js';
import type { z } from 'zod';

/** The key a channel's queue rows use for `contact`: E.164 for phones, the lower-cased address for e-mail. */
export function contactKeyOf(channel: Channel, contact: string): string | null {
  if (channel === 'email') return isValidEmail(contact) ? contact.trim().toLowerCase() : null;
  const phone = parsePhone(contact);
  return phone?.kind === 'mobile' ? phone.e164 : null;
}

/** The entry's contact key, or a 400 naming `field` when it is not a mobile (or an address, for e-mail). */
export function keyOrThrow(input: z.output<typeof suppressionInputSchema>, field: string): string {
  const key = contactKeyOf(input.channel, input.contact);
  if (!key) {
    throw refused(field, notice(input.channel === 'email' ? 'contact_not_email' : 'contact_not_mobile', { contact: input.contact }));
  }
  return key;
}

interface Row {
  id: number;
  channel: Channel;
  contact_key: string;
  source: SuppressionSource;
  note: string | null;
  created_by: string;
  created_at: Date | string;
  removed_at: Date | string | null;
  removed_by: string | null;
}

const toSuppression = (r: Row): Suppression => ({
  id: r.id,
  channel: r.channel,
  contact: r.contact_key,
  contactDisplay: r.channel === 'email' ? r.contact_key : formatPhone(r.contact_key),
  source: r.source,
  note: r.note,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  removedAt: r.removed_at ? new Date(r.removed_at) : null,
  removedBy: r.removed_by,
});

/**
 * Adds `entries` (each already keyed); one already active on its channel stays as it was. Returns how many were
 * new. One statement, whatever the number.
 */
export async function suppress(
  db: Db,
  entries: readonly { channel: Channel; contactKey: string; note?: string | undefined }[],
  source: SuppressionSource,
  actor: string,
): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with v as (
        select distinct on (channel, key) channel, key, note
        from unnest(${sql.param(entries.map((e) => e.channel))}::text[], ${sql.param(entries.map((e) => e.contactKey))}::text[],
          ${sql.param(entries.map((e) => e.note ?? null))}::text[]) as v(channel, key, note)
      ), ins as (
        insert into suppressions (channel, contact_key, source, note, created_by)
        select channel, key, ${source}, note, ${actor} from v
        on conflict (channel, contact_key) where removed_at is null do nothing
        returning 1
      )
      select count(*)::int as n from ins`,
  );
  return rows[0]?.n ?? 0;
}

export async function addSuppression(db: Db, input: SuppressionInput, actor: string): Promise<Suppression> {
  const data = suppressionInputSchema.parse(input);
  const contactKey = keyOrThrow(data, 'contact');
  await suppress(db, [{ channel: data.channel, contactKey, note: data.note }], 'admin', actor);
  const [row] = await queryRows<Row>(db, sql`select * from suppressions where channel = ${data.channel} and contact_key = ${contactKey} and removed_at is null`);
  return toSuppression(row!);
}

/** Importar: every entry checked first (a bad one is named by its row: `entries.3.contact`), then all stored. */
export async function importSuppressions(db: Db, input: unknown, actor: string): Promise<{ added: number; alreadyListed: number }> {
  const { entries } = suppressionImportSchema.parse(input);
  const keyed = entries.map((entry, i) => ({ channel: entry.channel, contactKey: keyOrThrow(entry, `entries.${i}.contact`), note: entry.note }));
  const added = await suppress(db, keyed, 'import', actor);
  return { added, alreadyListed: new Set(keyed.map((k) => `${k.channel} ${k.contactKey}`)).size - added };
}

export async function removeSuppression(db: Db, id: number, actor: string): Promise<Suppression> {
  const [row] = await queryRows<Row>(
    db,
    sql`update suppressions set removed_at = now(), removed_by = ${actor} where id = ${id} and removed_at is null returning *`,
  );
  if (!row) {
    const [exists] = await queryRows<{ id: number }>(db, sql`select id from suppressions where id = ${id}`);
    throw exists
      ? new AppError('CONFLICT', `Entry ${id} was already removed`, undefined, notice('entry_removed', { id }))
      : new AppError('NOT_FOUND', `No entry ${id}`);
  }
  return toSuppression(row);
}

type ListQuery = z.output<typeof suppressionListQuerySchema>;

/**
 * The WHERE of a list (descadastros or consentimentos): active entries unless `ended` (removed, revoked) ones are
 * asked for too, the channel, and the contact — a phone in any format matches its number, anything else a part of
 * the key.
 */
export function listWhere(q: { channel?: Channel | undefined; contact?: string | undefined }, endedColumn: SQL, withEnded: boolean): SQL {
  const parts: SQL[] = [withEnded ? sql`true` : sql`${endedColumn} is null`];
  if (q.channel) parts.push(sql`channel = ${q.channel}`);
  if (q.contact) {
    const phone = /\d{8}/.test(q.contact.replace(/\D/g, '')) ? parsePhone(q.contact) : null;
    parts.push(phone ? sql`contact_key = ${phone.e164}` : sql`contact_key like ${containsPattern(q.contact.toLowerCase().replace(/\s+/g, ''))}`);
  }
  return sql.join(parts, sql` and `);
}

const where = (q: Omit<ListQuery, 'page' | 'pageSize'>): SQL => listWhere(q, sql`removed_at`, q.removed ?? false);

export async function listSuppressions(db: Db, q: ListQuery): Promise<{ total: number; entries: Suppression[] }> {
  const condition = where(q);
  const rows = await queryRows<Row>(
    db,
    sql`select * from suppressions where ${condition} order by id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from suppressions where ${condition}`);
  return { total: count!.n, entries: rows.map(toSuppression) };
}

const SOURCE_LABEL: Record<SuppressionSource, string> = { keyword: 'Respondeu (palavra)', button: 'Botão', admin: 'Administrador', import: 'Importação' };
const CHANNEL_LABEL = { whatsapp: 'WhatsApp', email: 'E-mail', sms: 'SMS' } as const;

const COLUMNS: readonly CsvColumn<Suppression>[] = [
  ['ID', (r) => r.id],
  ['Canal', (r) => CHANNEL_LABEL[r.channel], 'ours'],
  ['Contato', (r) => r.contactDisplay, 'ours'],
  ['Origem', (r) => SOURCE_LABEL[r.source], 'ours'],
  ['Observação', (r) => r.note],
  ['Por', (r) => r.createdBy],
  ['Em', (r, time) => time(r.createdAt.toISOString())],
  ['Removido em', (r, time) => (r.removedAt ? time(r.removedAt.toISOString()) : '')],
  ['Removido por', (r) => r.removedBy],
];

async function* chunks(db: Db, q: Omit<ListQuery, 'page' | 'pageSize'>, size = 5000): AsyncGenerator<Suppression[]> {
  const condition = where(q);
  for (let after = 0; ; ) {
    const rows = await queryRows<Row>(db, sql`select * from suppressions where ${condition} and id > ${after} order by id limit ${size}`);
    if (rows.length === 0) return;
    yield rows.map(toSuppression);
    after = rows[rows.length - 1]!.id;
  }
}

export function suppressionsCsv(db: Db, q: Omit<ListQuery, 'page' | 'pageSize'>, timeZone: string): AsyncGenerator<string> {
  return csvText(COLUMNS, chunks(db, q), timeZone);
}

/** SQL: the contact `key` is on `channel`'s descadastro list (for the audience and the preview). */
export function suppressedSql(channel: Channel, key: SQL): SQL {
  return sql`exists (select 1 from suppressions s where s.channel = ${channel} and s.contact_key = ${key} and s.removed_at is null)`;
}

/** SQL: the contact `key` gave consent to marketing on `channel` (and did not revoke it). */
export function consentedSql(channel: Channel, key: SQL): SQL {
  return sql`exists (select 1 from consents k where k.channel = ${channel} and k.contact_key = ${key} and k.revoked_at is null)`;
}
