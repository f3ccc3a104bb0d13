/**
 * Graceful shutdown of `avisa worker` mid-drain: on SIGTERM it stops claiming, lets the sends already started
 * finish and records them, puts the rows it had claimed ahead back in the fila, records its run as interrupted,
 * closes the database and exits 0 — well within AVISA_SHUTDOWN_SECONDS. Nothing is left `claimed`, `sending` or
 * `uncertain`, and every send the simulator accepted is a row marked sent. PGlite and PostgreSQL. Needs
 * `npm run build`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startAvisa } from '../../src/bench/scale/processes.js';
import { SIM_SEED_CHANNEL, seedOpaQueue } from '../../src/bench/scale/seed.js';
import { type DatabaseTarget, openDatabase, queryRows } from '../../src/db/database.js';
import { scheduledTasks } from '../../src/db/schema/tasks.js';
import { startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { updateSendSettings } from '../../src/queue/send-settings.js';
import { installationTaskTypes } from '../../src/app/task-types.js';
import { createTask } from '../../src/tasks/tasks.js';
import { withDatabase } from '../../src/test-support/global-setup.js';

const ROWS = 3000;

interface Target {
  target: DatabaseTarget;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-graceful-'));
  return { target: { dataDir: dir }, env: { AVISA_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `avisa_graceful_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(text);
    await c.end();
  };
  await admin(`create database ${name}`);
  const dbUrl = withDatabase(url, name);
  return { target: { url: dbUrl }, env: { DATABASE_URL: dbUrl }, cleanup: () => admin(`drop database if exists ${name} with (force)`) };
}

const targets: [string, () => Promise<Target>][] = [['PGlite', pgliteTarget]];
if (process.env.TEST_DATABASE_URL) targets.push(['PostgreSQL', () => postgresTarget(process.env.TEST_DATABASE_URL!)]);

describe('avisa worker stopped with SIGTERM mid-drain', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it.each(targets)('finishes what it started, gives back what it claimed and exits 0, on %s', async (_name, make) => {
    if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js'))) throw new Error('run `npm run build` first');
    const t = await make();
    cleanups.push(t.cleanup);
    const sim = await startOpaSimulator();
    cleanups.push(() => sim.close());
    sim.setDailyLimit(SIM_SEED_CHANNEL, null);
    sim.setFaults({ latencyMs: 40 }); // sends are in flight whenever the signal lands
    const key = randomBytes(32);

    const database = await openDatabase(t.target);
    try {
      await database.migrate();
      await seedOpaQueue(database.db, key, { simUrl: sim.baseUrl, simToken: sim.token, rows: ROWS, maxConcurrency: 4, ratePerSecond: 1000 });
      await updateSendSettings(database.db, { recentHours: 6, recentScope: 'message', quietStart: '00:00', quietEnd: '00:00' }, 'teste');
      const task = await createTask(database.db, { types: installationTaskTypes(), timezone: 'America/Sao_Paulo', now: new Date() }, null, {
        type: 'drain_whatsapp',
        description: 'Envia Mensagens Omnichannel da Fila',
      });
      await database.db.update(scheduledTasks).set({ nextRunAt: sql`now()` }).where(sql`id = ${task.id}`);
    } finally {
      await database.close(); // PGlite: the worker takes the data directory
    }

    const worker = startAvisa('worker', ['--tick', '1'], { ...t.env, AVISA_SECRET_KEY: key.toString('base64'), AVISA_SHUTDOWN_SECONDS: '20' });
    while (sim.sends.length < 100) {
      if (worker.child.exitCode !== null) throw new Error(`the worker ended early (${worker.child.exitCode}): ${worker.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.stderr()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    const accepted = sim.sends.length;
    expect(accepted).toBeLessThan(ROWS); // it stopped mid-drain

    const after = await openDatabase(t.target);
    try {
      const byStatus = Object.fromEntries(
        (await queryRows<{ status: string; n: number }>(after.db, sql`select status, count(*)::int as n from queue_items group by status`)).map((r) => [r.status, r.n]),
      );
      expect(byStatus).toEqual({ sent: accepted, pending: ROWS - accepted }); // nothing claimed, sending or uncertain
      const sentContacts = await queryRows<{ contact: string }>(after.db, sql`select contact from queue_items where status = 'sent'`);
      expect(new Set(sentContacts.map((r) => r.contact))).toEqual(new Set(sim.sends.map((s) => s.to)));
      const runs = await queryRows<{ status: string; error: unknown }>(after.db, sql`select status, error from task_runs r join scheduled_tasks t on t.id = r.task_id where t.type = 'drain_whatsapp'`);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'abandoned' });
      expect(JSON.stringify(runs[0]!.error)).toContain('task_interrupted');
    } finally {
      await after.close();
    }
  });
});
