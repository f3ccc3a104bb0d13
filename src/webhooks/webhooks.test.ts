/**
 * Outgoing webhooks against a real local HTTP receiver: the signature verifies, failures (500, a timeout) are
 * retried with backoff until a success, a delivery gives up after its last attempt, two dispatchers never deliver
 * one twice, and the drain's halt and a batch's end emit their events.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { drainChannel } from '../queue/drain.js';
import { opaFixture, smallIspWithOpa } from '../queue/drain.test-support.js';
import { backends } from '../test-support/databases.js';
import { listDeliveries } from './deliveries.js';
import { type DispatcherOptions, startWebhookDispatcher, webhookBackoff, type WebhookDispatcher } from './dispatcher.js';
import { emitEvent, emitFinishedBatches } from './emit.js';
import { createWebhookEndpoint, listWebhookEndpoints } from './endpoints.js';
import { type Receiver, startReceiver } from './receiver.test-support.js';
import type { WebhookInput } from './schemas.js';
import { verifyWebhook } from './sign.js';

const silent = { info() {}, warn() {}, error() {} };

describe('webhookBackoff', () => {
  it('doubles from a minute up to 12 hours, with ±20 % jitter', () => {
    expect([1, 2, 3, 10, 11, 30].map((n) => webhookBackoff(n, () => 0.5))).toEqual([60_000, 120_000, 240_000, 512 * 60_000, 12 * 3_600_000, 12 * 3_600_000]);
    expect(webhookBackoff(1, () => 0)).toBe(48_000);
    expect(webhookBackoff(1, () => 1)).toBe(72_000);
  });
});

describe.each(backends)('webhook delivery on $name', (backend) => {
  let database: Database;
  let receiver: Receiver;
  const key = randomBytes(32);
  const dispatchers: WebhookDispatcher[] = [];
  beforeAll(async () => {
    database = await backend.open();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.execute(sql`delete from webhook_endpoints`);
    await database.db.execute(sql`delete from webhook_events`);
    receiver.received.length = 0;
    receiver.script([], 200);
    receiver.delayMs = 0;
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  });

  const endpoint = (input: Partial<WebhookInput> = {}) =>
    createWebhookEndpoint(database.db, key, 'admin', { url: receiver.url, description: 'ERP', events: ['integration.halted'], ...input });
  /** A dispatcher that only moves when the test calls tick() (its own loop waits an hour). */
  const dispatcher = (options: Partial<DispatcherOptions> = {}) => {
    const d = startWebhookDispatcher({ db: database.db, secretKey: key, logger: silent, tickMs: 3_600_000, timeoutMs: 2_000, ...options });
    dispatchers.push(d);
    return d;
  };
  const deliveries = async () => (await listDeliveries(database.db, { pageSize: 200 })).rows;

  it('POSTs the event signed with the endpoint secret, which verifies', async () => {
    const { endpoint: hook, secret } = await endpoint();
    expect(await emitEvent(database.db, 'integration.halted', { integrationId: 7, reason: 'token inválido' })).toBe(1);
    const d = dispatcher();
    await d.tick();
    await d.tick();

    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received as [{ headers: Record<string, string>; body: string }];
    expect(verifyWebhook(secret, { signature: headers['x-avisa-signature'], timestamp: headers['x-avisa-timestamp'] }, body)).toBe(true);
    expect(verifyWebhook('whsec_other', { signature: headers['x-avisa-signature'], timestamp: headers['x-avisa-timestamp'] }, body)).toBe(false);
    expect(verifyWebhook(secret, { signature: headers['x-avisa-signature'], timestamp: headers['x-avisa-timestamp'] }, `${body} `)).toBe(false);
    expect(headers['x-avisa-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(headers['x-avisa-event']).toBe('integration.halted');
    expect(headers['content-type']).toBe('application/json');
    const payload = JSON.parse(body);
    expect(payload).toEqual({ id: expect.any(Number), event: 'integration.halted', occurredAt: expect.any(String), data: { integrationId: 7, reason: 'token inválido' } });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ endpointId: hook.id, eventId: payload.id, status: 'succeeded', attempts: 1, httpStatus: 200, error: null });
    expect(headers['x-avisa-delivery']).toBe(String(delivery!.id));
    // Nothing is stored in clear.
    const [stored] = await queryRows<{ secret: string }>(database.db, sql`select secret from webhook_endpoints`);
    expect(stored!.secret).not.toContain(secret.slice(6, 20));
  });

  it('queues nothing for an event no active endpoint subscribed to', async () => {
    await endpoint({ events: ['batch.finished'] });
    await endpoint({ active: false });
    expect(await emitEvent(database.db, 'integration.halted', { integrationId: 1 })).toBe(0);
    expect(await queryRows(database.db, sql`select id from webhook_events`)).toEqual([]);
  });

  it('retries after a 500 and a timeout with backoff, then succeeds', async () => {
    await endpoint();
    await emitEvent(database.db, 'integration.halted', { integrationId: 1 });
    receiver.script([500, 'hang'], 200);
    const asked: number[] = [];
    const d = dispatcher({
      timeoutMs: 300,
      backoffMs: (attempt) => {
        asked.push(attempt);
        return 0;
      },
    });

    await d.tick();
    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, httpStatus: 500, error: { code: 'http_status', params: { status: 500 } } });
    await d.tick();
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, httpStatus: null, error: { code: 'timeout', params: { seconds: 0.3 } } });
    await d.tick();
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, httpStatus: 200, error: null });
    expect(asked).toEqual([1, 2]);
    expect(receiver.received).toHaveLength(3);
    // One event, one id, whatever the attempt: the receiver dedupes by it.
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
  });

  it('waits out the backoff before the next attempt', async () => {
    await endpoint();
    await emitEvent(database.db, 'integration.halted', { integrationId: 1 });
    receiver.script([503], 200);
    const d = dispatcher(); // the default backoff: about a minute
    await d.tick();
    await d.tick();
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    const wait = delivery!.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(40_000);
    expect(wait).toBeLessThan(75_000);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up after the last attempt and sends no more', async () => {
    await endpoint();
    await emitEvent(database.db, 'integration.halted', { integrationId: 1 });
    receiver.script([], 503);
    const d = dispatcher({ maxAttempts: 3, backoffMs: () => 0 });
    for (let i = 0; i < 5; i++) await d.tick();
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, httpStatus: 503, error: { code: 'http_status', params: { status: 503 } } });
    expect(delivery!.finishedAt).not.toBeNull();
    expect(receiver.received).toHaveLength(3);
  });

  it('never delivers one event twice with two dispatchers working at once', async () => {
    await endpoint();
    for (let i = 1; i <= 30; i++) await emitEvent(database.db, 'integration.halted', { integrationId: i });
    receiver.delayMs = 20;
    const a = dispatcher({ concurrency: 3 });
    const b = dispatcher({ concurrency: 3 });
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const ids = receiver.received.map((r) => JSON.parse(r.body).data.integrationId as number);
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const rows = await deliveries();
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
  });

  it('does not deliver to an inactive endpoint until it is active again', async () => {
    const { endpoint: hook } = await endpoint();
    await emitEvent(database.db, 'integration.halted', { integrationId: 1 });
    await database.db.execute(sql`update webhook_endpoints set active = false where id = ${hook.id}`);
    const d = dispatcher();
    await d.tick();
    expect(receiver.received).toHaveLength(0);
    await database.db.execute(sql`update webhook_endpoints set active = true where id = ${hook.id}`);
    await d.tick();
    expect(receiver.received).toHaveLength(1);
    expect(await listWebhookEndpoints(database.db)).toMatchObject([{ id: hook.id, lastDelivery: { status: 'succeeded', httpStatus: 200 } }]);
  });
});

describe.each(backends)('webhook events of the queue on $name', (backend) => {
  const isp = smallIspWithOpa(backend);
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => receiver?.close());

  const drain = (secretKey: Buffer) =>
    drainChannel(isp.database.db, {
      channel: 'whatsapp',
      secretKey,
      owner: 'test',
      budgetMs: 10_000,
      maxAttempts: 3,
      signal: new AbortController().signal,
    });

  it('emits integration.halted when the drain halts an integration, and batch.finished once when its batch ends', async () => {
    const db = isp.database.db;
    const key = randomBytes(32);
    const { secret } = await createWebhookEndpoint(db, key, 'admin', {
      url: receiver.url,
      description: 'NOC',
      events: ['integration.halted', 'batch.finished'],
    });
    const dispatcher = startWebhookDispatcher({ db, secretKey: key, logger: silent, tickMs: 3_600_000, batchCheckMs: 0 });
    try {
      const fx = await opaFixture(isp.database, isp.sim);
      const batchId = await fx.enqueue();
      expect(await emitFinishedBatches(db)).toBe(0); // rows pending: not finished

      // Drained with a key that cannot open its token: the drain halts it.
      await drain(randomBytes(32));
      await dispatcher.tick();
      const halted = receiver.received.map((r) => JSON.parse(r.body));
      expect(halted).toMatchObject([{ event: 'integration.halted', data: { integrationId: fx.integrationId, channel: 'whatsapp', reason: { code: 'secret_unreadable' } } }]);

      // Fixed (a passing test lifts the halt), drained to the end: the batch is finished.
      await db.execute(sql`update integrations set halted_at = null, halted_reason = null where id = ${fx.integrationId}`);
      expect((await drain(fx.key)).sent).toBe(6);
      await dispatcher.tick();
      const finished = receiver.received.slice(1).map((r) => JSON.parse(r.body));
      expect(finished).toMatchObject([{ event: 'batch.finished', data: { batchId, channel: 'whatsapp', enqueued: 6, states: { sent: 6 } } }]);
      const last = receiver.received.at(-1)!;
      expect(verifyWebhook(secret, { signature: last.headers['x-avisa-signature'] as string, timestamp: last.headers['x-avisa-timestamp'] as string }, last.body)).toBe(true);

      await dispatcher.tick();
      expect(await emitFinishedBatches(db)).toBe(0); // announced once
      expect(receiver.received).toHaveLength(2);
    } finally {
      await dispatcher.stop();
    }
  });
});
