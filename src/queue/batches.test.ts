import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { integrations, messages } from '../db/schema/messaging.js';
import { fillClientContacts } from '../ingest/derived.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { cancelBatch, getBatch, listBatches, listItems, requeue } from './batches.js';
import { enqueueSend } from './enqueue.js';
import { skipsCsv } from './skips.js';

const TZ = 'America/Sao_Paulo';

describe.each(backends)('batches on $name', (backend) => {
  let database: Database;
  let messageId: number;
  const send = (key: string) =>
    enqueueSend(database.db, { messageId, filter: {}, idempotencyKey: key }, { userId: null, actor: 'ana' }, { timezone: TZ });

  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
    await fillClientContacts(database.db);
    const [sms] = await database.db
      .insert(integrations)
      .values({ kind: 'smsdev', channel: 'sms', description: 'SMS', config: { baseUrl: 'http://127.0.0.1:9' } })
      .returning({ id: integrations.id });
    const [message] = await database.db
      .insert(messages)
      .values({ channel: 'sms', description: 'Queda', integrationId: sms!.id, content: { text: 'Olá {{primeiro_nome}}', freeFields: [] } })
      .returning({ id: messages.id });
    messageId = message!.id;
  });
  afterAll(() => database.close());

  it('lists batches newest first with their rows counted by state', async () => {
    const first = await send('batch-one-0001');
    const { total, batches } = await listBatches(database.db, { channel: 'sms' });
    expect(total).toBe(1);
    expect(batches[0]).toMatchObject({ id: first.batchId, actor: 'ana', enqueued: 6, states: { pending: 6, sent: 0 } });
    const items = await listItems(database.db, first.batchId, { q: 'ana.SOUZA' });
    expect(items.total).toBe(1);
    expect(items.items[0]).toMatchObject({ login: 'ana.souza', status: 'pending', payload: { text: 'Olá Ana' } });
  });

  it('Cancelar stops the rows not sent yet: pending, and claimed by a drain but not started', async () => {
    const [batch] = (await listBatches(database.db)).batches;
    const nth = (n: number) => sql`(select id from queue_items where batch_id = ${batch!.id} order by id offset ${n} limit 1)`;
    await database.db.execute(sql`update queue_items set status = 'sent' where id = ${nth(0)}`);
    await database.db.execute(sql`update queue_items set status = 'sending', locked_by = 'w', lease_until = now() + interval '1 minute' where id = ${nth(1)}`);
    await database.db.execute(sql`update queue_items set status = 'claimed', locked_by = 'w', lease_until = now() + interval '1 minute' where id = ${nth(2)}`);
    expect((await getBatch(database.db, batch!.id)).states).toMatchObject({ sent: 1, sending: 1, claimed: 1, pending: 3 });
    const result = await cancelBatch(database.db, batch!.id, 'ana');
    expect(result.cancelled).toBe(4);
    expect(result.batch).toMatchObject({ cancelledBy: 'ana', states: { sent: 1, sending: 1, claimed: 0, cancelled: 4, pending: 0 } });
    await database.db.execute(sql`update queue_items set status = 'sent', locked_by = null, lease_until = null where id = ${nth(1)}`);
    expect((await cancelBatch(database.db, batch!.id, 'bia')).batch.cancelledBy).toBe('ana');
  });

  it('Reenviar puts failures back, except where the same message is already pending for that contact', async () => {
    const older = await send('batch-two-0001');
    expect(older.enqueued).toBe(6);
    await database.db.execute(sql`update queue_items set status = 'failed', attempts = 3, last_error = '{"code":"legacy","detail":"x"}' where batch_id = ${older.batchId}`);
    const newer = await send('batch-three-0001');
    await database.db.execute(
      sql`update queue_items set status = 'sent' where batch_id = ${newer.batchId} and login in ('ana.souza', 'bruno.lima')`,
    );
    // a row a drain has claimed holds its contact as a pending one does
    await database.db.execute(
      sql`update queue_items set status = 'claimed', locked_by = 'w' where batch_id = ${newer.batchId} and login = 'carla.dias'`,
    );
    const result = await requeue(database.db, older.batchId, 'failed');
    expect(result).toMatchObject({ requeued: 2, kept: 4, batch: { states: { pending: 2, failed: 4 } } });
    const [row] = await queryRows<{ attempts: number }>(
      database.db,
      sql`select attempts from queue_items where batch_id = ${older.batchId} and status = 'pending' limit 1`,
    );
    expect(row!.attempts).toBe(0);
    await expect(getBatch(database.db, 999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists the skipped recipients as CSV for the operator', async () => {
    await database.db.execute(sql`update clients set opt_out_sms = true where id = 4`);
    const result = await send('batch-four-0001');
    let text = '';
    for await (const piece of skipsCsv(database.db, result.batchId, TZ, 2)) text += piece;
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ID cliente;Cliente;ID login;Login;Contato;Motivo');
    expect(lines).toContain('4;Diego Alves;4;diego.alves;(48) 99913-0003;Não aceita receber por este canal (opt-out)');
    expect(lines.length - 1).toBe(result.skipped);
  });

  it('keeps every row tied to an existing batch: no row for a missing batch, batch_id fixed, deleting a batch deletes its rows', async () => {
    const insertRow = (batchId: number) =>
      database.db.execute(sql`insert into queue_items (batch_id, channel, integration_id, client_id, contact, contact_key, payload)
        values (${batchId}, 'sms', 1, 1, '+5548999110001', '+5548999110001', '{}')`);
    /** The database's own message (drizzle wraps it as the cause). */
    const refused = (query: Promise<unknown>) =>
      query.then(
        () => 'accepted',
        (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
      );
    expect(await refused(insertRow(999_999))).toBe('queue_items.batch_id 999999: there is no such send batch');
    expect(await refused(database.db.execute(sql`insert into send_skips (batch_id, client_id, reason) values (999999, 1, 'no_mobile')`))).toBe(
      'send_skips.batch_id 999999: there is no such send batch',
    );
    await database.db.execute(sql`update queue_items set status = 'sent' where status in ('pending', 'sending')`);
    const result = await send('batch-five-0001');
    expect(result.enqueued).toBeGreaterThan(0);
    expect(await refused(database.db.execute(sql`update queue_items set batch_id = 999999 where batch_id = ${result.batchId}`))).toMatch(
      /^queue_items\.batch_id cannot change/,
    );
    const count = async (table: 'queue_items' | 'send_skips') =>
      (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.raw(table)} where batch_id = ${result.batchId}`))[0]!.n;
    expect(await count('queue_items')).toBeGreaterThan(0);
    expect(await count('send_skips')).toBeGreaterThan(0);
    await database.db.execute(sql`delete from send_batches where id = ${result.batchId}`);
    expect([await count('queue_items'), await count('send_skips')]).toEqual([0, 0]);
  });
});
