/**
 * The small ISP of src/test-support/seed.ts with what gatilhos need: integrations, messages on each channel
 * (WhatsApp and SMS with a required free field `previsao`), and saved filters. Every client has a mobile; Ana and
 * Bruno also have an e-mail. "Offline" matches Bruno and Carla; "Todos" every login (Fábio twice, one contact).
 */
import { eq, sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from '../db/database.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { savedFilters } from '../db/schema/report.js';
import { clients } from '../db/schema/subscribers.js';
import { fillClientContacts } from '../ingest/derived.js';
import type { ReportFilter } from '../report/filter.js';
import { seedSmallIsp } from '../test-support/seed.js';

export const TZ = 'America/Sao_Paulo';

export interface TriggerFixture {
  whatsapp: number;
  email: number;
  sms: number;
  /** A second WhatsApp message, to break the one-per-channel rule. */
  whatsapp2: number;
  offline: number;
  all: number;
}

export async function savedFilter(db: Db, name: string, filter: ReportFilter): Promise<number> {
  const [row] = await db.insert(savedFilters).values({ name, filter }).returning({ id: savedFilters.id });
  return row!.id;
}

export async function triggerFixture(database: Database): Promise<TriggerFixture> {
  const db = database.db;
  await seedSmallIsp(db);
  await db.update(clients).set({ email: 'ana@example.com' }).where(eq(clients.id, 1));
  await db.update(clients).set({ email: 'bruno@example.com' }).where(eq(clients.id, 2));
  await fillClientContacts(db);
  const [opa] = await db
    .insert(integrations)
    .values({ kind: 'opa', channel: 'whatsapp', description: 'Opa', config: { url: 'http://127.0.0.1:9/api/v1' } })
    .returning({ id: integrations.id });
  const [smtp] = await db
    .insert(integrations)
    .values({ kind: 'smtp', channel: 'email', description: 'SMTP', config: { host: '127.0.0.1', from: 'a@b.c' } })
    .returning({ id: integrations.id });
  const [smsdev] = await db
    .insert(integrations)
    .values({ kind: 'smsdev', channel: 'sms', description: 'SMS Dev', config: {} })
    .returning({ id: integrations.id });
  const whatsappContent = (atalho: string) => ({
    opaChannelId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    opaChannelName: 'WhatsApp',
    templateId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    templateAtalho: atalho,
    templateText: 'Olá {{nome}}, previsão {{p}}',
    variables: [{ type: 'field', field: 'primeiro_nome' }, { type: 'free', key: 'previsao' }],
    freeFields: [{ key: 'previsao', label: 'Previsão', required: true }],
  });
  const rows = await db
    .insert(messages)
    .values([
      { channel: 'whatsapp', description: 'Aviso instabilidade', integrationId: opa!.id, content: whatsappContent('aviso_instabilidade') },
      { channel: 'email', description: 'Aviso e-mail', integrationId: smtp!.id, content: { subject: 'Aviso {{login}}', text: 'Olá {{nome_cliente}}', freeFields: [] } },
      {
        channel: 'sms',
        description: 'Aviso SMS',
        integrationId: smsdev!.id,
        content: { text: 'Oi {{primeiro_nome}}, volta {{previsao}}', freeFields: [{ key: 'previsao', label: 'Previsão', required: true }] },
      },
      { channel: 'whatsapp', description: 'Outro WhatsApp', integrationId: opa!.id, content: whatsappContent('outro') },
    ])
    .returning({ id: messages.id });
  return {
    whatsapp: rows[0]!.id,
    email: rows[1]!.id,
    sms: rows[2]!.id,
    whatsapp2: rows[3]!.id,
    offline: await savedFilter(db, 'Offline', { online: ['offline'] }),
    all: await savedFilter(db, 'Todos', {}),
  };
}

/** What the drain would do: the pending rows become sent (so `already_pending` no longer applies). */
export async function markSent(db: Db): Promise<void> {
  await db.execute(sql`update queue_items set status = 'sent' where status in ('pending', 'sending')`);
}

/** Moves every queued row `minutes` into the past, as if sent that long ago. */
/** As if every batch and queue row had been made `minutes` earlier. */
export async function age(db: Db, minutes: number): Promise<void> {
  await db.execute(sql`update queue_items set created_at = created_at - make_interval(mins => ${minutes})`);
  await db.execute(sql`update send_batches set created_at = created_at - make_interval(mins => ${minutes})`);
}

export async function queuedContacts(db: Db, batchIds: number[]): Promise<string[]> {
  if (batchIds.length === 0) return [];
  const rows = await queryRows<{ contact: string }>(
    db,
    sql`select contact from queue_items where batch_id in (${sql.join(batchIds.map((id) => sql`${id}`), sql`, `)}) order by contact`,
  );
  return rows.map((r) => r.contact);
}
