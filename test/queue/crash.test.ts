/**
 * Crash safety of the drain, with real processes: `avisa drain whatsapp` sends 5,000 queued messages to the Opa!
 * Suite simulator (4 concurrent sends, 15 ms each, so requests are in flight all the time), is killed with SIGKILL
 * mid-drain, and a second `avisa drain` finishes the job. The dead worker had claimed up to 200 rows ahead; only
 * the ones whose send had started — at most one per concurrent send — may be uncertain, the rest go back to the
 * queue and are sent by the second drain. The simulator's record must show no contact twice and no message lost:
 * every row ends sent, failed or uncertain, and everything the simulator accepted is a row marked sent or
 * uncertain. Runs on PGlite (the second process takes over the dead one's data directory) and on PostgreSQL when
 * TEST_DATABASE_URL is set. Needs `npm run build`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SIM_SEED_CHANNEL, seedOpaQueue } from '../../src/bench/scale/seed.js';
import { avisaArgv, avisaEnv } from '../../src/cli/launch.js';
import { type DatabaseTarget, openDatabase, queryRows } from '../../src/db/database.js';
import { startOpaSimulator } from '../../src/providers/opa/simulator.js';
import { withDatabase } from '../../src/test-support/global-setup.js';

const ROWS = 5000;
const CONCURRENCY = 4;
/**
 * Each send takes this long at the simulator, so requests are in flight whenever the kill lands: at most
 * 4 × 1000/15 ≈ 270 msg/s, 100–150 msg/s measured on a busy 2-core machine.
 */
const LATENCY_MS = 15;

interface Target {
  name: string;
  target: DatabaseTarget;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-crash-'));
  return { name: 'pglite', target: { dataDir: dir }, env: { AVISA_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `avisa_crash_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = withDatabase(url, name);
  return {
    name: 'postgres',
    target: { url: dbUrl },
    env: { DATABASE_URL: dbUrl },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const targets: [string, () => Promise<Target>][] = [['PGlite', pgliteTarget]];
if (process.env.TEST_DATABASE_URL) targets.push(['PostgreSQL', () => postgresTarget(process.env.TEST_DATABASE_URL!)]);

function drain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, avisaArgv(['drain', 'whatsapp', '--lease-seconds', '1', '--budget', '120']), {
    env: avisaEnv({ ...process.env, LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('a drain worker killed with SIGKILL mid-drain', { timeout: 180_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it.each(targets)('loses nothing and sends nothing twice on %s', async (_name, make) => {
    if (!existsSync(join(import.meta.dirname, '../../dist/cli/main.js'))) throw new Error('run `npm run build` first');
    const t = await make();
    cleanups.push(t.cleanup);
    const sim = await startOpaSimulator();
    cleanups.push(() => sim.close());
    sim.setFaults({ latencyMs: LATENCY_MS });
    sim.setDailyLimit(SIM_SEED_CHANNEL, null); // the seed's 1,000/day would stop the drain first
    const key = randomBytes(32);
    const env = { ...t.env, AVISA_SECRET_KEY: key.toString('base64') };

    let database = await openDatabase(t.target);
    await database.migrate();
    await seedOpaQueue(database.db, key, { simUrl: sim.baseUrl, simToken: sim.token, rows: ROWS, maxConcurrency: CONCURRENCY, ratePerSecond: 1000 });
    await database.close();

    const first = drain(env);
    let stderr = '';
    first.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    while (sim.sends.length < 600) {
      if (first.exitCode !== null) throw new Error(`the first worker ended early (${first.exitCode}): ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    first.kill('SIGKILL');
    await exited(first);
    await new Promise((r) => setTimeout(r, 3 * LATENCY_MS)); // requests that reached the simulator are answered (to no one)
    const atKill = sim.sends.length;
    expect(atKill).toBeLessThan(ROWS);
    database = await openDatabase(t.target); // PGlite: the dead process's lock is stale and taken over
    const held = await queryRows<{ id: number; status: string; contact: string }>(
      database.db,
      sql`select id, status, contact from queue_items where status in ('claimed', 'sending') order by id`,
    );
    await database.close();
    const started = held.filter((r) => r.status === 'sending');
    // Claimed ahead by the dead worker and never started: many. Started (its request may have left): at most one
    // per concurrent send, and some were in flight when the kill landed.
    expect(held.length).toBeGreaterThan(CONCURRENCY);
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThanOrEqual(CONCURRENCY);

    sim.setFaults({ latencyMs: 0 }); // the second drain only has to finish
    await new Promise((r) => setTimeout(r, 1500)); // past the 1 s lease
    const second = drain(env);
    let out = '';
    second.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exited(second)).toBe(0);

    database = await openDatabase(t.target);
    try {
      const states = await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from queue_items group by status`);
      const byState = Object.fromEntries(states.map((s) => [s.status, s.n]));
      expect(Object.keys(byState).filter((s) => !['sent', 'failed', 'uncertain'].includes(s))).toEqual([]);
      expect((byState.sent ?? 0) + (byState.failed ?? 0) + (byState.uncertain ?? 0)).toBe(ROWS);
      const uncertain = await queryRows<{ id: number }>(database.db, sql`select id from queue_items where status = 'uncertain' order by id`);
      expect(uncertain.map((r) => r.id)).toEqual(started.map((r) => r.id)); // exactly the started ones, not the claimed batch

      const contacts = sim.sends.map((s) => s.to);
      expect(new Set(contacts).size).toBe(contacts.length); // 0 duplicates
      const rows = await queryRows<{ contact: string; status: string }>(database.db, sql`select contact, status from queue_items`);
      const status = new Map(rows.map((r) => [r.contact, r.status]));
      expect(contacts.every((c) => ['sent', 'uncertain'].includes(status.get(c)!))).toBe(true);
      const accepted = new Set(contacts);
      expect(rows.filter((r) => r.status === 'sent').every((r) => accepted.has(r.contact))).toBe(true); // 0 lost
      expect(out).toMatch(/enviadas/);
    } finally {
      await database.close();
    }
  });
});
