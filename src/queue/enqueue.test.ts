import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { clients } from '../db/schema/subscribers.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { fillClientContacts } from '../ingest/derived.js';
import type { ReportFilter } from '../report/filter.js';
import { loadReference, matches } from '../report/reference.test-support.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { enqueueSend, planSend } from './enqueue.js';
import { addMessages } from './send.test-support.js';

const TZ = 'America/Sao_Paulo';
const sender = { userId: null, actor: 'teste' };

describe.each(backends)('enqueue on $name', (backend) => {
  describe('against an independent count of the demo ISP', () => {
    let database: Database;
    let ids: { whatsapp: number; email: number };
    beforeAll(async () => {
      database = await backend.open();
      await generateDemo(database.db, { logins: 600, seed: 21, timezone: TZ });
      ids = await addMessages(database);
    });
    afterAll(() => database.close());

    it.each<[string, ReportFilter]>([
      ['offline', { online: ['offline'] }],
      ['one NAS, any state', { nasIds: [3] }],
      ['active contracts', { contractStatus: ['A'] }],
    ])('queues exactly the reachable, deduplicated recipients of %s', async (_name, filter) => {
      const now = new Date();
      const refs = (await loadReference(database.db)).filter((r) => matches(r, filter, now));
      const reachable = refs.filter((r) => !r.optOutWhatsapp && r.mobileE164);
      const contacts = new Set(reachable.map((r) => r.mobileE164!));
      await database.db.execute(sql`update queue_items set status = 'sent' where status = 'pending'`);

      const request = { messageId: ids.whatsapp, filter, free: { previsao: '18h' }, idempotencyKey: randomBytes(8).toString('hex') };
      const plan = await planSend(database.db, request, now);
      expect(plan).toMatchObject({ matched: refs.length, recipients: contacts.size, enqueue: contacts.size, skipped: refs.length - contacts.size });
      const result = await enqueueSend(database.db, request, sender, { timezone: TZ, now });
      expect(result).toMatchObject({ matched: refs.length, enqueued: contacts.size, skipped: refs.length - contacts.size, replayed: false });
      expect(result.skipCounts.duplicate_in_batch ?? 0).toBe(reachable.length - contacts.size);
      expect(result.skipCounts.opted_out ?? 0).toBe(refs.filter((r) => r.optOutWhatsapp).length);

      const rows = await queryRows<{ contact: string; payload: { variables: string[] } }>(
        database.db,
        sql`select contact, payload from queue_items where batch_id = ${result.batchId}`,
      );
      expect(new Set(rows.map((r) => r.contact))).toEqual(contacts);
      expect(rows.every((r) => r.payload.variables.length === 2 && r.payload.variables[1] === '18h')).toBe(true);
      const [batch] = await queryRows<{ template: unknown }>(database.db, sql`select template from send_batches where id = ${result.batchId}`);
      expect(batch!.template).toEqual({ channelId: 'aaaaaaaaaaaaaaaaaaaaaaaa', templateId: 'bbbbbbbbbbbbbbbbbbbbbbbb' });
      const [skips] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from send_skips where batch_id = ${result.batchId}`);
      expect(skips!.n).toBe(result.skipped);
    });

    it('never queues twice: the same click replays its batch, a second click skips what is pending', async () => {
      await database.db.execute(sql`update queue_items set status = 'sent' where status = 'pending'`);
      const filter: ReportFilter = { online: ['offline'] };
      const request = { messageId: ids.whatsapp, filter, free: { previsao: '18h' }, idempotencyKey: 'click-0001-abcdef' };
      const first = await enqueueSend(database.db, request, sender, { timezone: TZ });
      const again = await enqueueSend(database.db, request, sender, { timezone: TZ });
      expect(again).toEqual({ ...first, replayed: true });
      const second = await enqueueSend(database.db, { ...request, idempotencyKey: 'click-0002-abcdef' }, sender, { timezone: TZ });
      expect(second).toMatchObject({ enqueued: 0, skipCounts: expect.objectContaining({ already_pending: first.enqueued }) });
      const parallel = await Promise.all(
        [3, 4].map((n) => enqueueSend(database.db, { ...request, filter: { nasIds: [n] }, idempotencyKey: `par-${n}-abcdefgh` }, sender, { timezone: TZ })),
      );
      const [dupes] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from (select contact_key from queue_items where message_id = ${ids.whatsapp}
          and status = 'pending' group by contact_key having count(*) > 1) d`,
      );
      expect(dupes!.n).toBe(0);
      expect(parallel.every((p) => p.replayed === false)).toBe(true);
    });

    it('sends by NAS name as by id, keeping the ids in the batch; a name no NAS has is refused', async () => {
      await database.db.execute(sql`update queue_items set status = 'sent' where status = 'pending'`);
      const [nas] = await queryRows<{ name: string }>(database.db, sql`select name from nas where id = 3`);
      const byName: ReportFilter = { nas: [nas!.name.toLowerCase()], online: ['offline'] };
      const byId: ReportFilter = { nasIds: [3], online: ['offline'] };
      const request = (filter: ReportFilter) => ({ messageId: ids.email, filter, free: {} });
      const { appliedFilter, ...plan } = await planSend(database.db, request(byName));
      expect(appliedFilter).toEqual({ filter: byId, lookups: { nasIds: [{ id: 3, name: nas!.name }] } });
      expect(plan).toEqual((({ appliedFilter: _, ...counts }) => counts)(await planSend(database.db, request(byId))));
      const result = await enqueueSend(database.db, request(byName), sender, { timezone: TZ });
      expect(result.matched).toBe(plan.matched);
      const [batch] = await queryRows<{ filter: unknown }>(database.db, sql`select filter from send_batches where id = ${result.batchId}`);
      expect(batch!.filter).toEqual(byId);
      await expect(planSend(database.db, request({ nas: ['BRAS-XYZ'] }))).rejects.toMatchObject({
        field: 'filter.nas.0',
        message: 'filter.nas.0: no NAS named "BRAS-XYZ"',
      });
    });

    it('refuses a missing free field, an unknown or inactive message, naming the field', async () => {
      await expect(enqueueSend(database.db, { messageId: ids.whatsapp, filter: {}, free: {} }, sender, { timezone: TZ })).rejects.toMatchObject({
        field: 'free.previsao',
      });
      await expect(planSend(database.db, { messageId: 9999, filter: {} })).rejects.toMatchObject({ field: 'messageId' });
      await database.db.update(messages).set({ active: false }).where(eq(messages.id, ids.email));
      await expect(planSend(database.db, { messageId: ids.email, filter: {} })).rejects.toMatchObject({
        message: expect.stringContaining('inactive'),
      });
      await database.db.update(messages).set({ active: true }).where(eq(messages.id, ids.email));
    });
  });

  describe('skip reasons on a hand-made ISP', () => {
    let database: Database;
    let ids: { whatsapp: number; email: number };
    beforeAll(async () => {
      database = await backend.open();
      await seedSmallIsp(database.db);
      const set = async (id: number, values: Partial<typeof clients.$inferInsert>) =>
        database.db.update(clients).set(values).where(eq(clients.id, id));
      await set(2, { mobile: '(48) 99910-0000', email: 'ANA@example.com ' }); // same phone as Ana (client 1)
      await set(1, { email: 'ana@example.com' });
      await set(3, { optOutWhatsapp: true, email: 'carla@' });
      await set(4, { mobile: '(48) 3222-1100' });
      await set(5, { mobile: '12345' });
      await fillClientContacts(database.db);
      ids = await addMessages(database);
    });
    afterAll(() => database.close());

    it('counts and lists every reason', async () => {
      const result = await enqueueSend(database.db, { messageId: ids.whatsapp, filter: {}, free: { previsao: 'x' } }, sender, { timezone: TZ });
      expect(result).toMatchObject({
        matched: 7,
        enqueued: 2,
        skipCounts: { opted_out: 1, landline: 1, invalid_phone: 1, duplicate_in_batch: 2 },
      });
      const skips = await queryRows<{ login: string; reason: string; contact: string | null }>(
        database.db,
        sql`select login, reason, contact from send_skips where batch_id = ${result.batchId} order by login`,
      );
      expect(skips).toEqual([
        { login: 'bruno.lima', reason: 'duplicate_in_batch', contact: '+5548999100000' },
        { login: 'carla.dias', reason: 'opted_out', contact: '(48) 99912-0002' },
        { login: 'diego.alves', reason: 'landline', contact: '(48) 3222-1100' },
        { login: 'elisa.rocha', reason: 'invalid_phone', contact: '12345' },
        { login: 'fabio.nunes2', reason: 'duplicate_in_batch', contact: '+5548999150005' },
      ]);
    });

    it('dedupes e-mail addresses case-insensitively and says which have none or a bad one', async () => {
      const result = await enqueueSend(database.db, { messageId: ids.email, filter: {} }, sender, { timezone: TZ });
      expect(result).toMatchObject({ matched: 7, enqueued: 1, skipCounts: { duplicate_in_batch: 1, invalid_email: 1, no_email: 4 } });
      const [row] = await queryRows<{ contact: string; payload: unknown }>(
        database.db,
        sql`select contact, payload from queue_items where batch_id = ${result.batchId}`,
      );
      expect(row).toEqual({ contact: 'ana@example.com', payload: { subject: 'Aviso ana.souza', text: 'Olá Ana Souza' } });
    });
  });
});
