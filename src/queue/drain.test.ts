import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { fillClientContacts } from '../ingest/derived.js';
import { getIntegration, recordCheck } from '../providers/integrations.js';
import { createProvider, type OpenIntegration } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import { type OpaSimulator, startOpaSimulator } from '../providers/opa/simulator.js';
import { type Notice, notice } from '../shared/notice.js';
import { noticeText } from '../shared/notice-text.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { claimRows, pickSql, sweepExpiredLeases } from './claim.js';
import { drainChannel } from './drain.js';
import { opaFixture, SIM_CHANNEL, SIM_TEMPLATE } from './drain.test-support.js';

const run = (database: Database, key: Buffer, extra: Partial<Parameters<typeof drainChannel>[1]> = {}) =>
  drainChannel(database.db, {
    channel: 'whatsapp',
    secretKey: key,
    owner: 'test-worker',
    budgetMs: 10_000,
    maxAttempts: 3,
    signal: new AbortController().signal,
    backoffMs: () => 60_000,
    ...extra,
  });

interface LogLine {
  success: boolean;
  message: Notice;
  pmid: string | null;
  kind: string | null;
  attempt: number;
  contact: string;
}
const logs = (database: Database, integrationId: number) =>
  queryRows<LogLine>(
    database.db,
    sql`select success, message, provider_message_id as pmid, kind, attempt, contact from delivery_logs where integration_id = ${integrationId} order by id`,
  );

describe.each(backends)('drain engine on $name', (backend) => {
  let database: Database;
  let sim: OpaSimulator;
  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
    await fillClientContacts(database.db);
  });
  afterAll(async () => {
    await database.close();
  });
  afterEach(async () => {
    await sim?.close();
    await database.db.execute(sql`update integrations set active = false`);
  });
  const fresh = async (limits?: { maxConcurrency: number; ratePerSecond: number }) => {
    sim = await startOpaSimulator();
    return opaFixture(database, sim, limits);
  };

  it('sends every pending row once through Opa and logs each with the provider id', async () => {
    const fx = await fresh();
    await fx.enqueue();
    const result = await run(database, fx.key);
    expect(result).toMatchObject({ processed: 6, sent: 6, failed: 0 });
    expect(result.integrations[0]).toMatchObject({ stoppedBy: 'empty' });
    expect(await fx.states()).toEqual({ sent: 6 });
    expect(sim.sends.map((s) => s.to).sort()).toEqual(
      ['+5548999100000', '+5548999110001', '+5548999120002', '+5548999130003', '+5548999140004', '+5548999150005'],
    );
    expect(sim.sends.find((s) => s.to === '+5548999100000')).toMatchObject({ variables: ['Ana'] });
    const lines = await logs(database, fx.integrationId);
    expect(lines).toHaveLength(6);
    const sentIds = new Set(sim.sends.map((s) => s.messageSentId));
    expect(lines.every((l) => l.success && l.message.code === 'sent' && sentIds.has(l.pmid ?? ''))).toBe(true);
    expect(lines[0]!.message.detail).toBe('Template has been succesfully sent.'); // Opa's own words, verbatim (sic)
    expect((await run(database, fx.key)).processed).toBe(0);
  });

  it.each([
    ['5xx', { errorRate: 1 }],
    ['a hang (timeout)', { hang: true }],
    ['a connection reset', { reset: true }],
  ])('puts rows back with backoff on %s, and fails them after the last attempt', async (_name, fault) => {
    const fx = await fresh();
    await fx.enqueue({ clientId: 1 });
    sim.setFaults(fault);
    const first = await run(database, fx.key);
    expect(first).toMatchObject({ processed: 1, retried: 1, sent: 0 });
    const [row] = await queryRows<{ status: string; attempts: number; later: boolean }>(
      database.db,
      sql`select status, attempts, run_after > now() + interval '50 seconds' as later from queue_items where integration_id = ${fx.integrationId}`,
    );
    expect(row).toEqual({ status: 'pending', attempts: 1, later: true });
    await database.db.execute(sql`update queue_items set run_after = now(), attempts = 2 where integration_id = ${fx.integrationId}`);
    const last = await run(database, fx.key);
    expect(last).toMatchObject({ processed: 1, failed: 1 });
    expect(await fx.states()).toEqual({ failed: 1 });
    const lines = await logs(database, fx.integrationId);
    expect(lines.map((l) => [l.success, l.kind, l.attempt])).toEqual([
      [false, 'retryable', 1],
      [false, 'retryable', 3],
    ]);
    expect(lines[0]!.message.attempt).toEqual({ number: 1, of: 3, retrying: true });
    expect(lines[1]!.message.attempt).toEqual({ number: 3, of: 3, retrying: false });
    expect(noticeText(lines[1]!.message, 'pt-BR')).toMatch(/\(tentativa 3 de 3; desistiu\)$/);
    expect(sim.sends).toHaveLength(0);
  });

  it('waits as long as a 429 says, then sends; latency only slows it down', async () => {
    const fx = await fresh();
    await fx.enqueue({ clientId: 2 });
    sim.setFaults({ burst429: 2, retryAfterSeconds: 7, latencyMs: 30 }); // the first 429 goes to the daily-limit read
    expect(await run(database, fx.key)).toMatchObject({ retried: 1 });
    const [row] = await queryRows<{ wait: number }>(
      database.db,
      sql`select extract(epoch from run_after - updated_at)::int as wait from queue_items where integration_id = ${fx.integrationId}`,
    );
    expect(row!.wait).toBe(7);
    await database.db.execute(sql`update queue_items set run_after = now() where integration_id = ${fx.integrationId}`);
    expect(await run(database, fx.key)).toMatchObject({ sent: 1 });
  });

  it('fails a contact em atendimento at once, with Opa\'s words, and goes on with the others', async () => {
    const fx = await fresh();
    sim.setInAtendimento('+5548999110001', 'Carlos (Suporte)');
    await fx.enqueue({});
    const result = await run(database, fx.key);
    expect(result).toMatchObject({ sent: 5, failed: 1 });
    const failed = (await logs(database, fx.integrationId)).find((l) => !l.success)!;
    expect(failed).toMatchObject({ contact: '+5548999110001', kind: 'permanent', attempt: 1 });
    expect(failed.message).toMatchObject({ code: 'provider_said', detail: expect.stringContaining('Este contato já está em atendimento com Carlos (Suporte)') });
  });

  it('stops at the daily template limit and leaves the rest pending with the reason', async () => {
    const fx = await fresh({ maxConcurrency: 1, ratePerSecond: 1000 });
    sim.setDailyLimit(SIM_CHANNEL, 4);
    await fx.enqueue();
    const result = await run(database, fx.key);
    expect(result).toMatchObject({ sent: 4 });
    expect(result.integrations[0]!.stoppedBy).toBe('quota');
    expect(await fx.states()).toEqual({ sent: 4, pending: 2 });
    const [row] = await queryRows<{ last_error: Notice; attempts: number }>(
      database.db,
      sql`select last_error, attempts from queue_items where integration_id = ${fx.integrationId} and status = 'pending' limit 1`,
    );
    expect(row!.last_error).toEqual({ code: 'daily_limit', params: { limit: 4 } });
    expect(row!.attempts).toBe(0);
    expect(sim.sends).toHaveLength(4);
  });

  it('halts the integration on an auth failure without burning the queue, until a test passes', async () => {
    const fx = await fresh();
    await fx.enqueue();
    const token = sim.token;
    await sim.close();
    sim = await startOpaSimulator({ port: Number(new URL(sim.url).port), token: `${token}-rotated` });
    const result = await run(database, fx.key);
    const [only] = result.integrations;
    expect(only).toMatchObject({ stoppedBy: 'config', sent: 0 });
    // the sends already in flight (at most maxConcurrency) were refused too; nothing after them was tried
    expect(only!.held).toBe(only!.processed);
    expect(only!.processed).toBeLessThanOrEqual(4);
    expect(await fx.states()).toEqual({ pending: 6 });
    const integration = await getIntegration(database.db, fx.integrationId);
    expect(integration.halted?.reason.detail).toMatch(/token/i);
    expect((await run(database, fx.key)).integrations).toEqual([]);
    await recordCheck(database.db, fx.integrationId, { ok: true, notice: notice('check_opa', { channels: 1, whatsapp: 1 }) });
    expect((await getIntegration(database.db, fx.integrationId)).halted).toBeNull();
  });

  it('drains the integrations it can open and halts one whose token this key cannot read (the key changed)', async () => {
    const fx = await fresh();
    await fx.enqueue();
    const other = await opaFixture(database, sim); // sealed with a key this run does not have
    const result = await run(database, fx.key);
    expect(result.integrations.find((i) => i.id === fx.integrationId)).toMatchObject({ sent: 6, stoppedBy: 'empty' });
    const unreadable = result.integrations.find((i) => i.id === other.integrationId);
    expect(unreadable).toMatchObject({ processed: 0, stoppedBy: 'config' });
    expect(unreadable?.error).toEqual({ code: 'secret_unreadable' });
    expect((await getIntegration(database.db, other.integrationId)).halted?.reason).toEqual({ code: 'secret_unreadable' });
    expect(sim.sends).toHaveLength(6);
  });

  it('never gives one row to two workers, and gives the rows a dead worker claimed back to the queue', async () => {
    const fx = await fresh({ maxConcurrency: 2, ratePerSecond: 1000 });
    await fx.enqueue();
    const [a, b] = await Promise.all([
      claimRows(database.db, { integrationId: fx.integrationId, limit: 4, owner: 'a', leaseSeconds: 60 }),
      claimRows(database.db, { integrationId: fx.integrationId, limit: 4, owner: 'b', leaseSeconds: 60 }),
    ]);
    const ids = [...a!, ...b!].map((r) => r.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    await database.db.execute(sql`update queue_items set lease_until = now() - interval '1 second' where locked_by = 'a'`);
    expect(await sweepExpiredLeases(database.db)).toEqual({ requeued: a!.length, uncertain: 0 });
    expect(await fx.states()).toEqual({ pending: a!.length, claimed: b!.length });
  });

  it.each([1, 2, 4])('never attempts more sends than the daily limit it read, at concurrency %i', async (maxConcurrency) => {
    const fx = await fresh({ maxConcurrency, ratePerSecond: 1000 });
    sim.setDailyLimit(SIM_CHANNEL, 3);
    sim.setFaults({ latencyMs: 20 }); // the sends overlap
    await fx.enqueue();
    const result = await run(database, fx.key);
    const attempts = sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/template/send');
    expect(attempts.length).toBeLessThanOrEqual(3);
    expect(sim.sends).toHaveLength(3);
    expect(result.integrations[0]).toMatchObject({ sent: 3, stoppedBy: 'quota' });
    expect(await fx.states()).toEqual({ sent: 3, pending: 3 });
  });

  it('holds new recipients past WhatsApp\'s messaging limit (distinct users in 24 h); recipients already reached still go', async () => {
    // Sends of other runs more than 24 h ago do not count.
    await database.db.execute(sql`update queue_items set finished_at = now() - interval '25 hours' where finished_at is not null`);
    const fx = await fresh({ maxConcurrency: 2, ratePerSecond: 1000 });
    const limited = (open: OpenIntegration): Provider => ({ ...createProvider(open), recipientLimit: async () => 3 });
    await fx.enqueue();
    const first = await run(database, fx.key, { providerFor: limited });
    expect(first.integrations[0]).toMatchObject({ sent: 3, stoppedBy: 'quota', error: { code: 'messaging_limit', params: { limit: 3, used: 3 } } });
    expect(await fx.states()).toEqual({ sent: 3, pending: 3 });
    const held = await queryRows<{ last_error: Notice | null; attempts: number }>(
      database.db,
      sql`select last_error, attempts from queue_items where integration_id = ${fx.integrationId} and status = 'pending'`,
    );
    expect(held.map((r) => r.attempts)).toEqual([0, 0, 0]);
    expect(held.map((r) => r.last_error?.code)).toContain('messaging_limit');

    // The next notice to the three already reached goes within the same 24 h; the three others still wait.
    await database.db.execute(sql`update queue_items set status = 'cancelled' where integration_id = ${fx.integrationId} and status = 'pending'`);
    await database.db.execute(sql`
      insert into queue_items (batch_id, channel, message_id, integration_id, client_id, contact, contact_key, payload)
      select batch_id, channel, message_id, integration_id, client_id, contact, contact_key, payload
        from queue_items where integration_id = ${fx.integrationId} and status = 'sent'`);
    const again = await run(database, fx.key, { providerFor: limited });
    expect(again.integrations[0]).toMatchObject({ sent: 3, stoppedBy: 'empty' });
    expect(sim.sends).toHaveLength(6);
  });

  it('holds no more rows `sending` than it has sends in flight, each committed before its request leaves', async () => {
    const fx = await fresh({ maxConcurrency: 2, ratePerSecond: 1000 });
    await fx.enqueue();
    const seen: { sending: number; mine: string }[] = [];
    const provider: Provider = {
      channel: 'whatsapp',
      async send(message) {
        // PostgreSQL: another pool connection, which sees only what was committed.
        const [row] = await queryRows<{ sending: number; mine: string }>(
          database.db,
          sql`select count(*) filter (where status = 'sending')::int as sending, max(status) filter (where id = ${Number(message.ref)}) as mine
              from queue_items where integration_id = ${fx.integrationId}`,
        );
        seen.push(row!);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ok: true, providerMessageId: `p-${message.ref}`, detail: 'ok' };
      },
      check: async () => ({ ok: true, notice: notice('check_opa', { channels: 1, whatsapp: 1 }) }),
      close: async () => {},
    };
    const result = await run(database, fx.key, { providerFor: () => provider });
    expect(result).toMatchObject({ sent: 6 });
    expect(seen.map((s) => s.mine)).toEqual(Array.from({ length: 6 }, () => 'sending'));
    expect(Math.max(...seen.map((s) => s.sending))).toBeLessThanOrEqual(2);
  });

  it('claims by reading the claim index in order, never sorting the pending rows (a claim costs the same with 100,000 queued)', async () => {
    const fx = await fresh({ maxConcurrency: 2, ratePerSecond: 1000 });
    await fx.enqueue();
    const [plan] = await queryRows<{ 'QUERY PLAN': unknown }>(database.db, sql`explain (format json) ${pickSql(fx.integrationId, 200)}`);
    const text = JSON.stringify(plan!['QUERY PLAN']);
    expect(text).toContain('"Index Name":"queue_items_claim_idx"');
    expect(text).not.toContain('"Node Type":"Sort"');
    const claimed = await claimRows(database.db, { integrationId: fx.integrationId, limit: 10, owner: 'c', leaseSeconds: 60 });
    expect(claimed[0]!.payload).toEqual({ channelId: SIM_CHANNEL, templateId: SIM_TEMPLATE, variables: [expect.any(String)] });
  });
});
