import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installationTaskTypes } from '../app/task-types.js';
import { listAudit } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import { scheduledTasks } from '../db/schema/tasks.js';
import { listTasks, updateTask } from '../tasks/tasks.js';
import { backends } from '../test-support/databases.js';
import { enableDrainTask, ensureDrainTasks } from './default-drain-tasks.js';

const SP = 'America/Sao_Paulo';
const NOW = new Date('2026-03-06T11:00:30Z'); // 08:00:30 in São Paulo

describe.each(backends)('default drain tasks on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.delete(scheduledTasks);
  });

  const drains = async () =>
    Object.fromEntries((await listTasks(database.db)).map((t) => [t.type, t] as const));

  it('a fresh installation gets the three drains, every minute, disabled; a second start adds nothing', async () => {
    const created = await ensureDrainTasks(database.db, SP, NOW);
    expect(created.map((t) => t.description).sort()).toEqual(['Envia E-mails da Fila', 'Envia Mensagens Omnichannel da Fila', 'Envia SMS da Fila']);
    for (const task of created) {
      expect(task).toMatchObject({
        minute: '*',
        hour: '*',
        dayOfMonth: '*',
        month: '*',
        dayOfWeek: '*',
        enabled: false,
        nextRunAt: null,
        createdBy: '',
        options: { budgetSeconds: 300, maxAttempts: 5, leaseSeconds: 60 },
      });
    }
    expect(await ensureDrainTasks(database.db, SP, NOW)).toEqual([]);
    // several processes starting at once still leave one of each
    await Promise.all([1, 2, 3].map(() => ensureDrainTasks(database.db, SP, NOW)));
    expect(await listTasks(database.db)).toHaveLength(3);
    const audit = await listAudit(database.db, { page: 1, pageSize: 20 });
    expect(audit.entries.filter((e) => e.action === 'task.create' && e.actor === 'system')).toHaveLength(3);
  });

  it('creates no default for a channel that already has a drain task of its own', async () => {
    const rules = { types: installationTaskTypes(), timezone: SP, now: NOW };
    await database.db.insert(scheduledTasks).values({
      type: 'drain_sms',
      description: 'SMS da madrugada',
      minute: '0',
      hour: '3',
      dayOfMonth: '*',
      month: '*',
      dayOfWeek: '*',
      options: rules.types.parseOptions('drain_sms', {}),
    });
    const created = await ensureDrainTasks(database.db, SP, NOW);
    expect(created.map((t) => t.type).sort()).toEqual(['drain_email', 'drain_whatsapp']);
    expect(await enableDrainTask(database.db, 'sms', { integrationId: 1 }, SP, NOW)).toBeNull(); // not the system's
  });

  it("an integration of a channel enables its drain for the next minute, unless a person saved the task since", async () => {
    await ensureDrainTasks(database.db, SP, NOW);
    const enabled = await enableDrainTask(database.db, 'whatsapp', { integrationId: 7 }, SP, NOW);
    expect(enabled).toMatchObject({ type: 'drain_whatsapp', enabled: true });
    expect(enabled?.nextRunAt?.toISOString()).toBe('2026-03-06T11:01:00.000Z');
    const audit = await listAudit(database.db, { page: 1, pageSize: 5 });
    expect(audit.entries[0]).toMatchObject({ actor: 'system', action: 'task.update', entityId: String(enabled?.id), details: { enabled: true, integrationId: 7 } });
    expect(await enableDrainTask(database.db, 'whatsapp', { integrationId: 8 }, SP, NOW)).toBeNull(); // already on

    // an admin looked at the e-mail drain and saved it disabled: a later integration leaves it so
    const email = (await drains()).drain_email!;
    await updateTask(database.db, { types: installationTaskTypes(), timezone: SP, now: NOW }, email.id, { options: { budgetSeconds: 120 } });
    expect(await enableDrainTask(database.db, 'email', { integrationId: 9 }, SP, NOW)).toBeNull();
    const after = await drains();
    expect(after).toMatchObject({ drain_whatsapp: { enabled: true }, drain_email: { enabled: false }, drain_sms: { enabled: false } });
    // …and an admin who turns the enabled one off keeps it off
    await updateTask(database.db, { types: installationTaskTypes(), timezone: SP, now: NOW }, enabled!.id, { enabled: false });
    expect(await enableDrainTask(database.db, 'whatsapp', { integrationId: 10 }, SP, NOW)).toBeNull();
  });
});
