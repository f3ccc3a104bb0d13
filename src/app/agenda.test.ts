import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { createLogger } from '../log/logger.js';
import type { Scheduler } from '../tasks/scheduler.js';
import { listTasks } from '../tasks/tasks.js';
import { backends } from '../test-support/databases.js';
import { startAgenda } from './agenda.js';
import { installationTaskTypes } from './task-types.js';

describe.each(backends)('the Agenda de tarefas of a process on $name', (backend) => {
  let database: Database;
  let scheduler: Scheduler | undefined;
  beforeEach(async () => {
    database = await backend.open();
  });
  afterEach(async () => {
    await scheduler?.stop();
    await database?.close();
  });

  const start = (defaultDrains?: boolean) =>
    startAgenda({
      db: database.db,
      types: installationTaskTypes(),
      secretKey: Buffer.alloc(32),
      timezone: 'America/Sao_Paulo',
      logger: createLogger({ level: 'silent' }),
      tickMs: 60_000,
      staleAfterMs: 600_000,
      ...(defaultDrains === undefined ? {} : { defaultDrains }),
    });

  it('a fresh installation starts with the three drains, visible and disabled, and outage detection every minute', async () => {
    scheduler = await start();
    const tasks = await listTasks(database.db);
    expect(tasks.map((t) => [t.type, t.enabled]).sort()).toEqual([
      ['detect_outages', true],
      ['drain_email', false],
      ['drain_sms', false],
      ['drain_whatsapp', false],
    ]);
  });

  it('without default drains (the browser tests drain by hand) it creates none', async () => {
    scheduler = await start(false);
    expect(await listTasks(database.db)).toEqual([]);
  });
});
