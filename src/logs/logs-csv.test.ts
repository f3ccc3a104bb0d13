import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { csvHead } from '../shared/csv.js';
import type { Notice } from '../shared/notice.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { type LogFilter, listLogs } from './logs.js';
import { logsCsv } from './logs-csv.js';
import { referenceLogsCsv } from './logs-csv.reference.test-support.js';

const notices: Notice[] = [
  { code: 'sent' },
  { code: 'sent', detail: 'ok; "queued"' },
  { code: 'timeout', params: { seconds: 7.5 }, attempt: { number: 2, of: 5, retrying: true } },
  { code: 'provider_said', detail: 'Número inválido\nsegunda linha', subject: 'Opa' },
  { code: 'legacy', detail: '=cmd|calc' },
  { code: 'wrong_channel', params: { provider: 'smsdev', channel: 'email' } },
  { code: 'http_status', params: { status: 503 }, detail: '-erro', attempt: { number: 5, of: 5, retrying: false } },
  { code: 'connection_failed', params: { code: 'ECONNREFUSED' } },
];
const CONTACTS = ['+5548999123456', '+554833334444', 'Fulano@Example.com', '+5548988887777'];
const CHANNELS = ['whatsapp', 'sms', 'email', 'whatsapp'] as const;

/**
 * 300 log lines of every channel and outcome (a success: notice `sent`, lines i % 8 ∈ {0, 1}), the successful ones of
 * the first 100 with every receipt (by i / 8 % 4), a fallback pair and a client that is gone.
 */
async function seedLogs(db: Database['db']): Promise<void> {
  await seedSmallIsp(db);
  await db.execute(sql`update clients set name = 'Bar "do Zé"; filial' where id = 1`);
  await db.execute(sql`insert into send_batches (channel, message_description, actor, filter, free_values, matched, enqueued, skipped, skip_counts)
    values ('whatsapp', 'Queda', 'operator', '{}', '{}', 0, 0, 0, '{}'), ('sms', 'Queda (SMS)', 'operator', '{}', '{}', 0, 0, 0, '{}')`);
  await db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload, status,
      delivery_status, delivery_at, delivery_error)
    select case when i <= 90 then 1 else 2 end, case when i <= 90 then 'whatsapp' else 'sms' end, 1, 1 + i % 3, '+5548999123456', 'k' || i, '{}', 'sent',
      case i / 8 % 4 when 0 then null when 1 then 'delivered' when 2 then 'read' else 'failed' end,
      case when i / 8 % 4 in (1, 2, 3) then timestamptz '2026-01-15T12:00:00Z' + i * interval '61.25 seconds' end,
      case when i / 8 % 4 = 3 then ${JSON.stringify({ code: 'provider_said', detail: 'Meta 131026: "undeliverable"' })}::jsonb end
    from generate_series(1, 100) i`);
  await db.execute(sql`update queue_items set fallback_of = 5 where id = 95`);
  for (let i = 1; i <= 300; i++) {
    const k = i % CONTACTS.length;
    const notice = notices[i % notices.length] as Notice;
    const queueItem = i <= 100 ? i : null;
    await db.execute(sql`insert into delivery_logs (at, channel, client_id, contact, success, message, provider_message_id, attempt, batch_id, queue_item_id)
      values (timestamptz '2026-01-10T03:00:00Z' + ${i} * interval '37 minutes 0.5 seconds', ${CHANNELS[k]}, ${i % 7 === 0 ? 99 : 1 + (i % 3)},
        ${CONTACTS[k]}, ${notice.code === 'sent'}, ${JSON.stringify(notice)}::jsonb, ${i % 5 === 0 ? null : `wamid.${i}`},
        ${1 + (i % 3)}, ${queueItem === null ? null : queueItem <= 90 ? 1 : 2}, ${queueItem})`);
  }
}

describe.each(backends)('the logs CSV written by $name, byte for byte as before', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await seedLogs(database.db);
  });
  afterAll(async () => database?.close());

  const exported = async (filter: LogFilter, rowsPerCopy?: number) => {
    const body = logsCsv(database.db, filter, { timeZone: 'America/Sao_Paulo', ...(rowsPerCopy === undefined ? {} : { rowsPerCopy }) });
    const pieces: Uint8Array[] = [Buffer.from(csvHead(body.headers))];
    for await (const piece of body.records) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8');
  };

  const cases: [string, LogFilter][] = [
    ['everything', {}],
    ['one channel', { channel: 'sms' }],
    ['a phone as typed', { contact: '(48) 99912-3456' }],
    ['part of an address', { contact: 'example' }],
    ['a period', { from: '2026-01-11T00:00:00-03:00', to: '2026-01-13T12:00:00Z' }],
    ['failures', { status: 'failure' }],
    ['mensagem contains a code’s words', { message: 'tempo esgotado' }],
    ['mensagem contains the provider’s words', { message: 'segunda linha' }],
    ['a batch', { batchId: 2 }],
    ['a queue row', { queueItemId: 95 }],
    ['a client', { clientId: 2 }],
    ['read', { delivery: 'read' }],
    ['failed after the send', { delivery: 'failed' }],
    ['no receipt yet', { delivery: 'none' }],
    ['nothing matches', { id: 999_999 }],
  ];

  it.each(cases)('%s', async (name, filter) => {
    const want = await referenceLogsCsv(database.db, filter, 'America/Sao_Paulo');
    expect(want.split('\r\n').length, 'lines').toBeGreaterThan(name === 'nothing matches' ? 1 : 2);
    expect(await exported(filter)).toBe(want);
    expect(await exported(filter, 23)).toBe(want);
  });

  it.each(cases)('%s: a page of 7 and the count, as the export has them', async (_, filter) => {
    const ids = (await exported(filter)).split('\r\n').slice(1, -1).map((line) => Number(line.slice(0, line.indexOf(';'))));
    const page = await listLogs(database.db, filter, 2, 7);
    expect(page.total).toBe(ids.length);
    expect(page.rows.map((r) => r.id)).toEqual(ids.slice(7, 14));
  });

  it('holds the values the comparison is meant to catch', async () => {
    const text = await exported({});
    expect(text.split('\r\n').length).toBeGreaterThan(300);
    for (const written of [
      ';"Bar ""do Zé""; filial";',
      ';"Opa: O provedor respondeu: Número inválido\nsegunda linha";',
      ";'=cmd|calc;",
      ';"Sem resposta em 7.5 s (tempo esgotado) (tentativa 2 de 5; nova tentativa agendada)";',
      ';SMS Dev não envia mensagens de e-mail;',
      ';+55 (48) 3333-4444;',
      ';Fulano@Example.com;',
      ';Lida;',
      ';"O provedor respondeu: Meta 131026: ""undeliverable""";',
      ';no lugar de WhatsApp\r\n',
      ';substituída por SMS\r\n',
    ]) {
      expect(text, written).toContain(written);
    }
  });
});
