import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, openDatabase, queryRows } from '../db/database.js';
import { savedFilters } from '../db/schema/report.js';
import { createLogger } from '../log/logger.js';
import type { Notice } from '../shared/notice.js';
import { backends, directUrlOf } from '../test-support/databases.js';
import { type Scheduler, startScheduler } from '../tasks/scheduler.js';
import { createTask, getTaskRun } from '../tasks/tasks.js';
import { taskTypes } from '../tasks/types.js';
import { markSent, savedFilter, type TriggerFixture, triggerFixture, TZ } from './fixtures.test-support.js';
import { createRule } from './rules.js';
import { TRIGGERS_TASK_TYPE, triggersTaskType } from './task.js';

const types = taskTypes([triggersTaskType]);

describe.each(backends)('"Executa gatilhos de envio" task on $name', (backend) => {
  let database: Database;
  let fx: TriggerFixture;
  /** The racing schedulers' databases: on PostgreSQL each its own connection pool, on PGlite the same one. */
  const extra: Database[] = [];
  let dbs: Db[] = [];
  beforeAll(async () => {
    database = await backend.open();
    fx = await triggerFixture(database);
    dbs = [database.db, database.db];
    if (backend.name === 'postgres') {
      const url = await directUrlOf(database.db);
      for (let i = 0; i < 2; i += 1) extra.push(await openDatabase({ url }));
      dbs = extra.map((d) => d.db);
    }
  });
  afterAll(async () => {
    for (const d of extra) await d.close();
    await database?.close();
  });

  const triggerRuns = (ruleId: number) =>
    queryRows<{ id: number; task_run_id: number | null; status: string; enqueued: number; error: Notice | null }>(
      database.db,
      sql`select id, task_run_id, status, enqueued, error from trigger_runs where rule_id = ${ruleId} order by id`,
    );

  it('is a task type with its IXC-style label and no options', () => {
    expect(types.label(TRIGGERS_TASK_TYPE)).toBe('Executa gatilhos de envio');
    expect(types.parseOptions(TRIGGERS_TASK_TYPE, {})).toEqual({});
  });

  it('with two schedulers racing, evaluates each rule once per due time; a rule that fails fails the run, named', async () => {
    const offline = await createRule(database.db, null, {
      name: 'Offline WhatsApp',
      savedFilterId: fx.offline,
      messageIds: [fx.whatsapp],
      freeValues: { previsao: '18h' },
      cooldownMinutes: 0,
    });
    const doomed = await savedFilter(database.db, 'Some', { nasIds: [2] });
    const orphan = await createRule(database.db, null, { name: 'Órfã', savedFilterId: doomed, messageIds: [fx.email] });
    await database.db.delete(savedFilters).where(eq(savedFilters.id, doomed));

    let clock = new Date('2026-03-02T13:29:30Z');
    const task = await createTask(database.db, { types, timezone: TZ, now: clock }, null, { type: TRIGGERS_TASK_TYPE, description: 'Gatilhos a cada minuto' });
    const logger = createLogger({ level: 'silent' });
    const schedulers: Scheduler[] = dbs.map((db) =>
      startScheduler({ db, types, secretKey: Buffer.alloc(32), timezone: TZ, logger, tickMs: 60_000, staleAfterMs: 600_000, now: () => clock }),
    );
    const tickAll = async () => {
      await Promise.all(schedulers.map((s) => s.tick()));
      await Promise.all(schedulers.map((s) => s.idle()));
    };
    try {
      await tickAll(); // 10:29:30: not due yet
      expect(await triggerRuns(offline.id)).toEqual([]);
      for (const minute of [0, 1]) {
        clock = new Date(Date.parse('2026-03-02T13:30:00.100Z') + minute * 60_000);
        await tickAll();
        await tickAll(); // a second round in the same minute claims nothing
        await markSent(database.db);
      }
      const taskRuns = await queryRows<{ id: number; status: string }>(
        database.db,
        sql`select id, status from task_runs where task_id = ${task.id} order by due_at`,
      );
      expect(taskRuns).toHaveLength(2);
      const sent = await triggerRuns(offline.id);
      expect(sent.map((r) => [r.task_run_id, r.status, r.enqueued])).toEqual(taskRuns.map((t) => [t.id, 'enqueued', 2]));
      const failed = await triggerRuns(orphan.id);
      expect(failed.map((r) => [r.task_run_id, r.status])).toEqual(taskRuns.map((t) => [t.id, 'failed']));

      const run = await getTaskRun(database.db, taskRuns[0]!.id);
      expect(run).toMatchObject({ status: 'failed', processed: 2, sent: 2, failed: 1 });
      expect(run.errors).toEqual([{ ...failed[0]!.error, subject: 'Órfã' }]);
      expect(run.details).toMatchObject({
        held: 0,
        rules: [
          { ruleId: offline.id, status: 'enqueued', enqueued: 2 },
          { ruleId: orphan.id, status: 'failed' },
        ],
      });
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
  });
});
