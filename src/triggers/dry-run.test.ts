import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { dryRun } from './dry-run.js';
import { evaluateRule, ruleRow } from './evaluate.js';
import { markSent, type TriggerFixture, triggerFixture, TZ } from './fixtures.test-support.js';
import { createRule } from './rules.js';

describe.each(backends)('gatilho dry run on $name', (backend) => {
  let database: Database;
  let fx: TriggerFixture;
  beforeAll(async () => {
    database = await backend.open();
    fx = await triggerFixture(database);
  });
  afterAll(() => database?.close());

  const counts = async () =>
    (
      await queryRows<{ batches: number; rows: number; runs: number }>(
        database.db,
        sql`select (select count(*) from send_batches)::int as batches, (select count(*) from queue_items)::int as rows,
          (select count(*) from trigger_runs)::int as runs`,
      )
    )[0];

  it('counts what a new rule would send now, per message, with rendered samples, and writes nothing', async () => {
    const before = await counts();
    const result = await dryRun(
      database.db,
      { name: 'Nova', savedFilterId: fx.all, messageIds: [fx.whatsapp, fx.email], freeValues: { previsao: 'às 18h' }, ceiling: 7 },
      { timezone: TZ },
    );
    expect(result).toMatchObject({ matched: 7, enqueue: 8, skipped: 6, ceiling: 7, wouldHold: true, skipCounts: { duplicate_in_batch: 1, no_email: 5 } });
    const [whatsapp, email] = result.messages;
    expect(whatsapp).toMatchObject({ channel: 'whatsapp', description: 'Aviso instabilidade', recipients: 6, enqueue: 6 });
    expect(whatsapp!.samples.map((s) => s.login.login)).toEqual(['ana.souza', 'bruno.lima', 'carla.dias']);
    expect(whatsapp!.samples[1]).toMatchObject({ text: 'Olá Bruno, previsão às 18h', contact: { value: '+5548999110001', problem: null } });
    // e-mail samples: the logins with an address come first
    expect(email).toMatchObject({ channel: 'email', enqueue: 2, skipCounts: { no_email: 5 } });
    expect(email!.samples.map((s) => [s.login.login, s.subject])).toEqual([
      ['ana.souza', 'Aviso ana.souza'],
      ['bruno.lima', 'Aviso bruno.lima'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('counts the cooldown of the saved rule it edits, and checks the draft like a save', async () => {
    const rule = await createRule(database.db, null, { name: 'Offline', savedFilterId: fx.offline, messageIds: [fx.sms], freeValues: { previsao: 'já' } });
    await evaluateRule(database.db, await ruleRow(database.db, rule.id), { timezone: TZ });
    await markSent(database.db);
    const draft = { name: 'Offline', savedFilterId: fx.offline, messageIds: [fx.sms], freeValues: { previsao: 'já' } };
    expect(await dryRun(database.db, draft, { timezone: TZ, ruleId: rule.id })).toMatchObject({ enqueue: 0, skipCounts: { cooldown: 2 }, wouldHold: false });
    expect(await dryRun(database.db, draft, { timezone: TZ })).toMatchObject({ enqueue: 2, skipCounts: {} });
    await expect(dryRun(database.db, { ...draft, freeValues: {} }, { timezone: TZ })).rejects.toMatchObject({ field: 'freeValues.previsao' });
  });
});
