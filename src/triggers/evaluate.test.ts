import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { queueItems, sendBatches } from '../db/schema/queue.js';
import { savedFilters } from '../db/schema/report.js';
import { triggerRules } from '../db/schema/triggers.js';
import { backends, directUrlOf } from '../test-support/databases.js';
import { confirmRun, discardRun } from './decide.js';
import { evaluateRule, RULE_LOCK_CLASS, ruleRow, runTriggers } from './evaluate.js';
import { age, markSent, queuedContacts, savedFilter, type TriggerFixture, triggerFixture, TZ } from './fixtures.test-support.js';
import { createRule, getRule } from './rules.js';
import { listRuleRuns } from './runs.js';
import type { TriggerInput } from './schemas.js';

describe.each(backends)('gatilho evaluation on $name', (backend) => {
  let database: Database;
  let fx: TriggerFixture;
  let seq = 0;
  beforeAll(async () => {
    database = await backend.open();
    fx = await triggerFixture(database);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    // every test starts with an empty fila and no rules
    await database.db.delete(sendBatches);
    await database.db.delete(triggerRules);
  });

  const rule = async (input: Partial<TriggerInput> = {}) => {
    seq += 1;
    const created = await createRule(database.db, null, {
      name: `Regra ${seq}`,
      savedFilterId: fx.offline,
      messageIds: [fx.whatsapp],
      freeValues: { previsao: '18h' },
      ...input,
    });
    return ruleRow(database.db, created.id);
  };
  const evaluate = async (id: number) => evaluateRule(database.db, await ruleRow(database.db, id), { timezone: TZ });
  const runOf = (e: Awaited<ReturnType<typeof evaluate>>) => {
    if (e.status === 'busy') throw new Error('unexpected busy');
    return e.run;
  };
  const rowCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from queue_items`))[0]!.n;

  it('queues each message of the rule as its own batch, authored by the rule, with the send skip reasons', async () => {
    const r = await rule({ savedFilterId: fx.all, messageIds: [fx.email, fx.whatsapp], priority: 5 });
    const run = runOf(await evaluate(r.id));
    // WhatsApp: 7 logins, 6 contacts (Fábio twice); e-mail: only Ana and Bruno have one
    expect(run).toMatchObject({
      status: 'enqueued',
      matched: 7,
      enqueued: 8,
      skipped: 6,
      skipCounts: { duplicate_in_batch: 1, no_email: 5 },
      error: null,
      taskRunId: null,
    });
    expect(run.batchIds).toHaveLength(2);
    const batches = await database.db.select().from(sendBatches).orderBy(sendBatches.id);
    expect(batches.map((b) => [b.id, b.ruleId, b.actor, b.channel, b.priority, b.enqueued])).toEqual([
      [run.batchIds[0], r.id, `gatilho: ${r.name}`, 'whatsapp', 5, 6],
      [run.batchIds[1], r.id, `gatilho: ${r.name}`, 'email', 5, 2],
    ]);
    const [payload] = await database.db.select({ p: queueItems.payload }).from(queueItems).where(eq(queueItems.contact, '+5548999110001'));
    expect(payload?.p).toMatchObject({ variables: ['Bruno', '18h'] });
  });

  it('does not send a rule again to a contact within its cooldown, run after run, and again once it passed', async () => {
    const r = await rule({ cooldownMinutes: 720 });
    const first = runOf(await evaluate(r.id));
    expect(first).toMatchObject({ status: 'enqueued', matched: 2, enqueued: 2 });
    expect(await queuedContacts(database.db, first.batchIds)).toEqual(['+5548999110001', '+5548999120002']);
    await markSent(database.db);

    const second = runOf(await evaluate(r.id));
    expect(second).toMatchObject({ status: 'enqueued', matched: 2, enqueued: 0, skipped: 2, skipCounts: { cooldown: 2 }, batchIds: [] });
    expect(await rowCount()).toBe(2); // no new rows, no empty batch

    // the cooldown is the rule's: another rule with the same message and filter still sends
    const other = await rule({ cooldownMinutes: 720 });
    expect(runOf(await evaluate(other.id))).toMatchObject({ enqueued: 2 });
    await markSent(database.db);

    // 11 h later: still within 12 h; 13 h later: sent again
    await age(database.db, 11 * 60);
    expect(runOf(await evaluate(r.id))).toMatchObject({ enqueued: 0, skipCounts: { cooldown: 2 } });
    await age(database.db, 2 * 60);
    const later = runOf(await evaluate(r.id));
    expect(later).toMatchObject({ enqueued: 2, skipped: 0 });
    expect(await queuedContacts(database.db, later.batchIds)).toEqual(['+5548999110001', '+5548999120002']);
  });

  it('cooldown 0 sends every run; cancelled rows do not count as reached', async () => {
    const r = await rule({ cooldownMinutes: 0 });
    expect(runOf(await evaluate(r.id)).enqueued).toBe(2);
    // still pending from the first run: the send's own dedupe holds them back
    expect(runOf(await evaluate(r.id))).toMatchObject({ enqueued: 0, skipCounts: { already_pending: 2 } });
    await markSent(database.db);
    expect(runOf(await evaluate(r.id)).enqueued).toBe(2);

    await markSent(database.db);
    const cooled = await rule({ cooldownMinutes: 720 });
    expect(runOf(await evaluate(cooled.id)).enqueued).toBe(2);
    await database.db.execute(sql`update queue_items set status = 'cancelled' where status = 'pending'`);
    expect(runOf(await evaluate(cooled.id)).enqueued).toBe(2);
  });

  it('holds a run over the ceiling, queues nothing, and queues it when an operator confirms', async () => {
    const r = await rule({ savedFilterId: fx.all, ceiling: 5 });
    const held = runOf(await evaluate(r.id));
    expect(held).toMatchObject({ status: 'held', matched: 7, enqueued: 6, skipCounts: { duplicate_in_batch: 1 }, batchIds: [] });
    expect(await rowCount()).toBe(0);
    expect(await database.db.select().from(sendBatches)).toEqual([]);

    // evaluated again while waiting: the newer held run replaces the older one
    const again = runOf(await evaluate(r.id));
    expect(again.status).toBe('held');
    const history = await listRuleRuns(database.db, r.id);
    expect(history.runs.map((x) => [x.id, x.status, x.decidedBy, x.error])).toEqual([
      [again.id, 'held', null, null],
      [held.id, 'discarded', null, { code: 'superseded', params: { run: again.id } }],
    ]);
    expect((await getRule(database.db, r.id)).heldRuns).toBe(1);

    const confirmed = await confirmRun(database.db, again.id, { actor: 'maria', timezone: TZ });
    expect(confirmed).toMatchObject({ status: 'confirmed', enqueued: 6, decidedBy: 'maria' });
    expect(confirmed.decidedAt).toBeInstanceOf(Date);
    expect(confirmed.batchIds).toHaveLength(1);
    expect(await rowCount()).toBe(6);
    await expect(confirmRun(database.db, again.id, { actor: 'joao', timezone: TZ })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already confirmed by maria'),
    });
    await expect(discardRun(database.db, held.id, { actor: 'joao' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(confirmRun(database.db, 999_999, { actor: 'joao', timezone: TZ })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // at the ceiling exactly is not over it
    const atCeiling = await rule({ savedFilterId: fx.all, ceiling: 6, messageIds: [fx.sms] });
    expect(runOf(await evaluate(atCeiling.id))).toMatchObject({ status: 'enqueued', enqueued: 6 });
  });

  it('discards a held run without sending', async () => {
    const r = await rule({ savedFilterId: fx.all, messageIds: [fx.email], ceiling: 1 });
    const held = runOf(await evaluate(r.id));
    expect(held).toMatchObject({ status: 'held', enqueued: 2 });
    const discarded = await discardRun(database.db, held.id, { actor: 'joao' });
    expect(discarded).toMatchObject({ status: 'discarded', decidedBy: 'joao', enqueued: 2, batchIds: [] });
    expect(await rowCount()).toBe(0);
    await expect(confirmRun(database.db, held.id, { actor: 'maria', timezone: TZ })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('fails the run of a rule whose saved filter was deleted, with the reason, and refuses to confirm it', async () => {
    const doomed = await savedFilter(database.db, `Efêmero ${seq}`, { online: ['offline'] });
    const r = await rule({ savedFilterId: doomed, ceiling: 1 });
    const held = runOf(await evaluate(r.id));
    expect(held.status).toBe('held');
    await database.db.delete(savedFilters).where(eq(savedFilters.id, doomed));
    expect((await getRule(database.db, r.id)).savedFilterId).toBeNull();

    const failed = runOf(await evaluate(r.id));
    expect(failed).toMatchObject({ status: 'failed', enqueued: 0, batchIds: [] });
    expect(failed.error).toEqual({ code: 'filter_missing' });
    await expect(confirmRun(database.db, held.id, { actor: 'maria', timezone: TZ })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'savedFilterId',
    });
    expect((await listRuleRuns(database.db, r.id)).runs.find((x) => x.id === held.id)?.status).toBe('held');
    expect(await rowCount()).toBe(0);
  });

  it('fails the run when a message went inactive or a required free value is now missing', async () => {
    const r = await rule({ messageIds: [fx.email] });
    await database.db.update(messages).set({ active: false }).where(eq(messages.id, fx.email));
    try {
      expect(runOf(await evaluate(r.id)).error).toEqual({ code: 'message_inactive', params: { description: 'Aviso e-mail' } });
    } finally {
      await database.db.update(messages).set({ active: true }).where(eq(messages.id, fx.email));
    }
    const blank = await rule();
    await database.db.update(triggerRules).set({ freeValues: {} }).where(eq(triggerRules.id, blank.id));
    expect(runOf(await evaluate(blank.id)).error).toEqual({
      code: 'free_required',
      params: { label: 'Previsão', description: 'Aviso instabilidade' },
    });
  });

  it('runTriggers evaluates the active rules only, highest priority first, and sums them up', async () => {
    const low = await rule({ priority: 1 });
    const high = await rule({ priority: 9, messageIds: [fx.sms] });
    const held = await rule({ priority: 5, savedFilterId: fx.all, messageIds: [fx.email], ceiling: 1 });
    const off = await rule({ active: false, messageIds: [fx.sms], savedFilterId: fx.all });
    const summary = await runTriggers(database.db, { timezone: TZ, taskRunId: null });
    expect(summary.rules.map((e) => [e.ruleId, e.status])).toEqual([
      [high.id, 'enqueued'],
      [held.id, 'held'],
      [low.id, 'enqueued'],
    ]);
    expect(summary).toMatchObject({ evaluated: 3, enqueued: 4, held: 1, failed: 0, busy: 0 });
    expect((await listRuleRuns(database.db, off.id)).total).toBe(0);
  });

  it.skipIf(backend.name !== 'postgres')('reports a rule busy while another process evaluates it', async () => {
    const r = await rule();
    const other = await openDatabase({ url: await directUrlOf(database.db) });
    try {
      let release!: () => void;
      const hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = other.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${RULE_LOCK_CLASS}, ${r.id})`);
        locked();
        await hold;
      });
      await isLocked;
      expect(await evaluate(r.id)).toEqual({ ruleId: r.id, name: r.name, status: 'busy' });
      release();
      await holder;
      expect((await listRuleRuns(database.db, r.id)).total).toBe(0);
      expect(runOf(await evaluate(r.id)).status).toBe('enqueued');
    } finally {
      await other.close();
    }
  });
});
