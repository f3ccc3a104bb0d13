import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { messages } from '../db/schema/messaging.js';
import { savedFilters } from '../db/schema/report.js';
import { backends } from '../test-support/databases.js';
import { evaluateRule, ruleRow } from './evaluate.js';
import { savedFilter, type TriggerFixture, triggerFixture, TZ } from './fixtures.test-support.js';
import { createRule, deleteRule, getRule, listRules, updateRule } from './rules.js';
import type { TriggerInput } from './schemas.js';

describe.each(backends)('gatilho rules on $name', (backend) => {
  let database: Database;
  let fx: TriggerFixture;
  beforeAll(async () => {
    database = await backend.open();
    fx = await triggerFixture(database);
  });
  afterAll(() => database?.close());

  const input = (patch: Partial<TriggerInput> = {}): TriggerInput => ({
    name: 'Centro offline',
    savedFilterId: fx.offline,
    messageIds: [fx.whatsapp],
    freeValues: { previsao: ' 18h ' },
    ...patch,
  });
  const refused = (patch: Partial<TriggerInput>) => createRule(database.db, null, input({ name: 'Recusada', ...patch }));

  it('stores a rule with defaults, keeps only the chosen messages\' free values, and shows what it points at', async () => {
    const rule = await createRule(database.db, null, input({ freeValues: { previsao: ' 18h ', sobra: 'x' } }));
    expect(rule).toMatchObject({
      name: 'Centro offline',
      savedFilterId: fx.offline,
      savedFilterName: 'Offline',
      messageIds: [fx.whatsapp],
      messages: [{ id: fx.whatsapp, channel: 'whatsapp', description: 'Aviso instabilidade', active: true }],
      freeValues: { previsao: '18h' },
      priority: 0,
      active: true,
      cooldownMinutes: 720,
      ceiling: 5000,
      createdBy: '',
      lastRun: null,
      heldRuns: 0,
    });

    const changed = await updateRule(
      database.db,
      rule.id,
      input({ messageIds: [fx.email, fx.sms], cooldownMinutes: 0, ceiling: 1, priority: 9, active: false }),
    );
    expect(changed).toMatchObject({ messageIds: [fx.email, fx.sms], cooldownMinutes: 0, ceiling: 1, priority: 9, active: false });
    expect(changed.messages.map((m) => m.channel)).toEqual(['email', 'sms']);
    expect((await listRules(database.db, { active: false })).map((r) => r.id)).toContain(rule.id);
    expect((await listRules(database.db, { active: true })).map((r) => r.id)).not.toContain(rule.id);

    const run = await evaluateRule(database.db, await ruleRow(database.db, rule.id), { timezone: TZ });
    expect(run.status).toBe('held');
    expect(await getRule(database.db, rule.id)).toMatchObject({ lastRun: { status: 'held' }, heldRuns: 1 });
    await deleteRule(database.db, rule.id);
    await expect(getRule(database.db, rule.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a missing saved filter, a missing or inactive message, two of one channel, naming the field', async () => {
    await expect(refused({ savedFilterId: 9999 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'savedFilterId' });
    await expect(refused({ messageIds: [fx.whatsapp, 9999] })).rejects.toMatchObject({ field: 'messageIds.1', message: 'messageIds.1: no message 9999' });
    await expect(refused({ messageIds: [fx.email, fx.email] })).rejects.toMatchObject({ field: 'messageIds.1' });
    await expect(refused({ messageIds: [fx.whatsapp, fx.sms, fx.whatsapp2] })).rejects.toMatchObject({
      field: 'messageIds.2',
      message: 'messageIds.2: only one WhatsApp message per rule ("Aviso instabilidade" and "Outro WhatsApp")',
    });
    await expect(refused({ messageIds: [] })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['messageIds'] })] });
    await database.db.update(messages).set({ active: false }).where(eq(messages.id, fx.email));
    try {
      await expect(refused({ messageIds: [fx.email] })).rejects.toMatchObject({ field: 'messageIds.0', message: expect.stringContaining('inactive') });
    } finally {
      await database.db.update(messages).set({ active: true }).where(eq(messages.id, fx.email));
    }
  });

  it('requires the values of the chosen messages\' required free fields, and sane cooldown, ceiling and name', async () => {
    await expect(refused({ freeValues: {} })).rejects.toMatchObject({ field: 'freeValues.previsao', message: expect.stringContaining('"Previsão"') });
    await expect(refused({ freeValues: { previsao: '   ' }, messageIds: [fx.sms] })).rejects.toMatchObject({ field: 'freeValues.previsao' });
    expect((await refused({ freeValues: {}, messageIds: [fx.email] })).freeValues).toEqual({}); // e-mail has none
    await expect(refused({ name: 'Outra', cooldownMinutes: -1 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['cooldownMinutes'] })] });
    await expect(refused({ name: 'Outra', ceiling: 0 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['ceiling'] })] });
    await expect(refused({ name: 'Outra', priority: 10 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['priority'] })] });
    await expect(refused({ name: '  ' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['name'] })] });
    await expect(refused({ name: 'RECUSADA' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('keeps a rule whose saved filter or message was deleted, showing what is gone', async () => {
    const doomed = await savedFilter(database.db, 'Temporário', { nasIds: [1] });
    const rule = await createRule(database.db, null, input({ name: 'Órfã', savedFilterId: doomed, messageIds: [fx.whatsapp2] }));
    await database.db.delete(savedFilters).where(eq(savedFilters.id, doomed));
    await database.db.delete(messages).where(eq(messages.id, fx.whatsapp2));
    expect(await getRule(database.db, rule.id)).toMatchObject({
      savedFilterId: null,
      savedFilterName: null,
      messageIds: [fx.whatsapp2],
      messages: [{ id: fx.whatsapp2, channel: null, description: null, active: false }],
    });
    await expect(updateRule(database.db, rule.id, input({ name: 'Órfã', savedFilterId: doomed }))).rejects.toMatchObject({ field: 'savedFilterId' });
  });
});
