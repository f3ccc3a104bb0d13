import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { startOpaSimulator } from '../providers/opa/simulator.js';
import { startScheduler } from '../tasks/scheduler.js';
import { createTask, getTaskRun } from '../tasks/tasks.js';
import { taskTypes } from '../tasks/types.js';
import { backends } from '../test-support/databases.js';
import { opaFixture, smallIspWithOpa } from './drain.test-support.js';
import { drainTaskTypes } from './drain-tasks.js';
import { quietHoursNow, quietHoursOff } from '../test-support/quiet-hours.js';
import { sql } from 'drizzle-orm';

/** The drains alone: the scheduler runs what it is given. */
const types = taskTypes(drainTaskTypes);

/** A WhatsApp drain task and a scheduler that runs only what it is told (Executar agora), for `fx`'s integration. */
async function manualDrain(db: Parameters<typeof createTask>[0], key: Buffer, description: string) {
  const task = await createTask(db, { types, timezone: 'America/Sao_Paulo' }, null, {
    type: 'drain_whatsapp',
    description,
    options: { budgetSeconds: 30, maxAttempts: 3 },
  });
  const scheduler = startScheduler({
    db,
    types,
    secretKey: key,
    timezone: 'America/Sao_Paulo',
    logger: createLogger({ level: 'silent' }),
    tickMs: 60_000,
    staleAfterMs: 600_000,
    now: () => new Date('2000-01-01T00:00:00Z'), // nothing scheduled becomes due: only the manual runs
  });
  return { task, scheduler };
}

describe.each(backends)('"Envia Mensagens Omnichannel da Fila" task on $name', (backend) => {
  const isp = smallIspWithOpa(backend);

  it('drains the WhatsApp queue through Opa! and records the counts; a refused token fails the run with its reason', async () => {
    const fx = await opaFixture(isp.database, isp.sim);
    await quietHoursOff(isp.database.db);
    await fx.enqueue();
    const { task, scheduler } = await manualDrain(isp.database.db, fx.key, 'Fila WhatsApp');
    try {
      const runId = await scheduler.runNow(task.id, 'maria');
      await scheduler.idle();
      const run = await getTaskRun(isp.database.db, runId);
      expect(run).toMatchObject({ status: 'succeeded', processed: 6, sent: 6, failed: 0, errors: [] });
      expect(run.details).toMatchObject({ retried: 0, held: 0, integrations: [{ id: fx.integrationId, stoppedBy: 'empty' }] });
      expect(await fx.states()).toEqual({ sent: 6 });
      expect(isp.sim.sends).toHaveLength(6);

      // Opa! now refuses the token: the run fails with the integration's reason, the rows wait
      await fx.enqueue({ clientId: 1 });
      await isp.sim.close();
      isp.sim = await startOpaSimulator({ port: Number(new URL(isp.sim.url).port), token: `${isp.sim.token}-rotated` });
      const second = await scheduler.runNow(task.id, 'maria');
      await scheduler.idle();
      const failed = await getTaskRun(isp.database.db, second);
      expect(failed).toMatchObject({ status: 'failed', sent: 0 });
      expect(failed.errors).toMatchObject([{ subject: expect.stringMatching(/^Opa [0-9a-f]+$/), detail: expect.stringMatching(/token/i) }]);
      expect(await fx.states()).toMatchObject({ pending: 1 });
    } finally {
      await scheduler.stop();
    }
  });

  it('within quiet hours sends only the urgent rows; the others wait in the fila and the run says why', async () => {
    const fx = await opaFixture(isp.database, isp.sim);
    await quietHoursNow(isp.database.db, 'America/Sao_Paulo');
    const routine = await fx.enqueue({ clientId: 2 });
    const urgent = await fx.enqueue({ clientId: 3 });
    await isp.database.db.execute(sql`update queue_items set priority = 5 where batch_id = ${urgent}`);
    const { task, scheduler } = await manualDrain(isp.database.db, fx.key, 'Fila WhatsApp (silêncio)');
    try {
      const run = await getTaskRun(isp.database.db, await scheduler.runNow(task.id, 'maria'));
      await scheduler.idle();
      const done = await getTaskRun(isp.database.db, run.id);
      expect(done).toMatchObject({ status: 'succeeded', sent: 1 });
      expect(done.details).toMatchObject({ quietHours: { urgentOnly: true } });
      const states = await isp.database.db.execute(sql`select batch_id, status from queue_items where batch_id in (${routine}, ${urgent}) order by batch_id`);
      expect((states as unknown as { rows: { batch_id: number; status: string }[] }).rows.map((r) => r.status)).toEqual(['pending', 'sent']);
      // the window closes (off): the routine row goes
      await quietHoursOff(isp.database.db);
      await scheduler.runNow(task.id, 'maria');
      await scheduler.idle();
      expect(await fx.states()).toMatchObject({ sent: 2 });
    } finally {
      await scheduler.stop();
    }
  });
});
