import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { fillClientContacts } from '../ingest/derived.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { enqueueSend, planSend } from './enqueue.js';
import { addMessages } from './send.test-support.js';
import { getSendSettings, updateSendSettings } from './send-settings.js';

const TZ = 'America/Sao_Paulo';
const sender = { userId: null, actor: 'teste' };

describe.each(backends)('the recent-notice guard on $name', (backend) => {
  let database: Database;
  let outage: number;
  let otherOutage: number;
  const send = (messageId: number, extra: object = {}) =>
    enqueueSend(database.db, { messageId, filter: {}, free: { previsao: '18h' }, ...extra }, sender, { timezone: TZ });
  const plan = (messageId: number, extra: object = {}) => planSend(database.db, { messageId, filter: {}, free: { previsao: '18h' }, ...extra });
  /** Everything queued is marked delivered `ago` (a Postgres interval) ago. */
  const deliveredAgo = (ago: string) =>
    database.db.execute(sql`update queue_items set status = 'sent', finished_at = now() - ${ago}::interval where status in ('pending', 'sent')`);

  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
    await fillClientContacts(database.db);
    const ids = await addMessages(database);
    outage = ids.whatsapp;
    const [copy] = await queryRows<{ id: number }>(
      database.db,
      sql`insert into messages (channel, description, integration_id, content)
        select channel, 'Outro aviso de queda', integration_id, content from messages where id = ${outage} returning id`,
    );
    otherOutage = copy!.id;
    await database.db.update(messages).set({ purpose: 'outage' }).where(sql`id in (${outage}, ${otherOutage})`);
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.execute(sql`delete from queue_items`);
    await updateSendSettings(database.db, { recentHours: 6, recentScope: 'message' }, 'teste');
  });

  it('skips the contacts this message reached within the window, and only those, counting them', async () => {
    const first = await send(outage);
    expect(first.enqueued).toBeGreaterThan(0);
    await deliveredAgo('5 hours 59 minutes');
    const inWindow = await plan(outage);
    expect(inWindow).toMatchObject({ enqueue: 0, recent: { hours: 6, scope: 'message' } });
    expect(inWindow.skipCounts.recently_notified).toBe(first.enqueued);
    const skipped = await send(outage);
    expect(skipped).toMatchObject({ enqueued: 0, skipCounts: expect.objectContaining({ recently_notified: first.enqueued }) });
    const [listed] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from send_skips where batch_id = ${skipped.batchId} and reason = 'recently_notified'`,
    );
    expect(listed!.n).toBe(first.enqueued);

    await deliveredAgo('6 hours 1 minute');
    expect(await plan(outage)).toMatchObject({ enqueue: first.enqueued });
    expect((await plan(outage)).skipCounts.recently_notified).toBeUndefined();
  });

  it('sends again on an explicit override with a reason, kept on the batch; without a reason it is refused', async () => {
    const first = await send(outage);
    await deliveredAgo('1 hour');
    await expect(send(outage, { repeatRecent: true })).rejects.toMatchObject({ code: 'VALIDATION', field: 'repeatReason' });
    await expect(send(outage, { repeatRecent: true, repeatReason: '   ' })).rejects.toMatchObject({ field: 'repeatReason' });
    expect(await plan(outage, { repeatRecent: true })).toMatchObject({ enqueue: first.enqueued, recent: { hours: 0 } });
    const again = await send(outage, { repeatRecent: true, repeatReason: 'previsão mudou para 22h' });
    expect(again.enqueued).toBe(first.enqueued);
    const [batch] = await queryRows<{ reason: string | null }>(
      database.db,
      sql`select repeat_reason as reason from send_batches where id = ${again.batchId}`,
    );
    expect(batch!.reason).toBe('previsão mudou para 22h');
  });

  it('by purpose, another message of the same purpose delivered or still queued counts; by message it does not', async () => {
    const first = await send(outage);
    expect((await plan(otherOutage)).enqueue).toBe(first.enqueued);
    await updateSendSettings(database.db, { recentHours: 6, recentScope: 'purpose' }, 'teste');
    // still pending: about to be told
    expect((await plan(otherOutage)).skipCounts.recently_notified).toBe(first.enqueued);
    await deliveredAgo('2 hours');
    expect(await plan(otherOutage)).toMatchObject({ enqueue: 0, recent: { hours: 6, scope: 'purpose' } });
    await database.db.update(messages).set({ purpose: 'maintenance' }).where(eq(messages.id, otherOutage));
    expect((await plan(otherOutage)).enqueue).toBe(first.enqueued);
    await database.db.update(messages).set({ purpose: 'outage' }).where(eq(messages.id, otherOutage));
  });

  it('is off with a window of 0 hours; the settings refuse a window over a week, naming the field', async () => {
    const first = await send(outage);
    await deliveredAgo('10 minutes');
    await updateSendSettings(database.db, { recentHours: 0, recentScope: 'message' }, 'maria');
    expect(await plan(outage)).toMatchObject({ enqueue: first.enqueued, recent: { hours: 0 } });
    expect(await getSendSettings(database.db)).toMatchObject({ recentHours: 0, updatedBy: 'maria' });
    await expect(updateSendSettings(database.db, { recentHours: 200, recentScope: 'message' }, 'maria')).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['recentHours'] })],
    });
    expect((await getSendSettings(database.db)).recentHours).toBe(0);
  });
});
