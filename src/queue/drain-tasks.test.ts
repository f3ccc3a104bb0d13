import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { startOpaSimulator } from '../providers/opa/simulator.js';
import { startScheduler } from '../tasks/scheduler.js';
import { createTask, getTaskRun } from '../tasks/tasks.js';
import { taskTypes } from '../tasks/types.js';
import { backends } from '../test-support/databases.js';
import { opaFixture, smallIspWithOpa } from './drain.test-support.js';
import { drainTaskTypes } from './drain-tasks.js';

/** The drains alone: the scheduler runs what it is given. */
const types = taskTypes(drainTaskTypes);

describe.each(backends)('"Envia Mensagens Omnichannel da Fila" task on $name', (backend) => {
  const isp = smallIspWithOpa(backend);

  it('drains the WhatsApp queue through Opa! and records the counts; a refused token fails the run with its reason', async () => {
    const fx = await opaFixture(isp.database, isp.sim);
    await fx.enqueue();
    const task = await createTask(isp.database.db, { types, timezone: 'America/Sao_Paulo' }, null, {
      type: 'drain_whatsapp',
      description: 'Fila WhatsApp',
      options: { budgetSeconds: 30, maxAttempts: 3 },
    });
    const scheduler = startScheduler({
      db: isp.database.db,
      types,
      secretKey: fx.key,
      timezone: 'America/Sao_Paulo',
      logger: createLogger({ level: 'silent' }),
      tickMs: 60_000,
      staleAfterMs: 600_000,
      now: () => new Date('2000-01-01T00:00:00Z'), // nothing scheduled becomes due: only the manual runs below
    });
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
});
