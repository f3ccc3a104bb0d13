/**
 * The API when the database cannot serve: closed, down, stalled by a lock or frozen. Every such request answers
 * 503 DATABASE_UNAVAILABLE with the reason within the configured time limits (never a 500, never a hang), and
 * the next request after the database is back succeeds without a restart.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWithin } from '../db/availability.js';
import { backends } from '../test-support/databases.js';
import { startPgProxy, type PgProxy } from '../test-support/pg-proxy.js';
import { openRouteApp, type RouteApp } from '../test-support/route-app.js';
import { seedSmallIsp } from '../test-support/seed.js';

const unavailable = { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/^The database is unavailable: .+\. Try again in a moment\.$/) };

describe.each(backends)('the API once the database is closed, on $name', (backend) => {
  let t: RouteApp;
  beforeAll(async () => {
    t = await openRouteApp(backend);
  });
  afterAll(async () => t?.close());

  it('answers /healthz and the API with 503 and the reason, not 500', async () => {
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    await t.database.close();
    const health = await t.app.inject('/healthz');
    expect(health.statusCode).toBe(503);
    expect(health.headers['retry-after']).toBe('5');
    expect(health.json().error).toEqual({ ...unavailable, message: expect.stringContaining('the database connection is closed') });
    const logs = await t.call('GET', '/api/logs', 'viewer');
    expect(logs.statusCode).toBe(503);
    expect(logs.json().error).toEqual(unavailable);
    // a download that cannot start says so too, rather than a 200 cut after its header
    const exported = await t.call('GET', '/api/logs/export.csv', 'viewer');
    expect(exported.statusCode).toBe(503);
    expect(exported.json().error).toEqual(unavailable);
  });
});

const postgres = backends.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('a PostgreSQL that stalls or goes away', () => {
  let proxy: PgProxy;
  let t: RouteApp;
  const STATEMENT_MS = 1_000;
  const CONNECT_MS = 1_000;

  beforeAll(async () => {
    proxy = await startPgProxy(process.env.TEST_DATABASE_URL!);
    t = await openRouteApp(postgres!, {
      database: { route: (url) => proxy.urlFor(url), connectTimeoutMs: CONNECT_MS, statementTimeoutMs: STATEMENT_MS, longStatementTimeoutMs: 20_000 },
      env: { AVISA_DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS) },
      seed: seedSmallIsp,
    });
  });
  afterAll(async () => {
    proxy?.resume();
    await t?.close();
    await proxy?.close();
  });

  /** Holds `lock table …` in another transaction until the returned release() is called. */
  async function lockTable(table: string): Promise<() => Promise<void>> {
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table ${sql.identifier(table)} in access exclusive mode`);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    return async () => {
      release();
      await held;
    };
  }

  it('cancels a request blocked by a lock after the statement timeout, with 503; the next one succeeds', async () => {
    const unlock = await lockTable('delivery_logs');
    try {
      const started = Date.now();
      const blocked = await answerWithin(t.call('GET', '/api/logs', 'viewer'), STATEMENT_MS + 3_000);
      expect(blocked.statusCode).toBe(503);
      // Behind PgBouncer in transaction mode (TEST_DATABASE_POOLER_URL) the client's own limit gives up instead.
      const said = process.env.TEST_DATABASE_POOLER_URL ? 'stopped answering' : 'longer than the statement timeout';
      expect(blocked.json().error).toEqual({ ...unavailable, message: expect.stringContaining(said) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(STATEMENT_MS - 50);
      expect((await t.app.inject('/healthz')).statusCode).toBe(200); // the rest of the database still answers
    } finally {
      await unlock();
    }
    expect((await t.call('GET', '/api/logs', 'viewer')).statusCode).toBe(200);
  });

  it('lets the CSV exports wait past the statement timeout (their longer limit)', async () => {
    const unlock = await lockTable('logins');
    const exported = t.call('GET', '/api/report/logins/export.csv', 'viewer');
    await new Promise((resolve) => setTimeout(resolve, STATEMENT_MS + 500));
    await unlock();
    const res = await answerWithin(exported, 5_000);
    expect(res.statusCode).toBe(200);
    expect(res.body.trim().split('\r\n')).toHaveLength(1 + 7);
  });

  it('gives up on a frozen server within the limits, and recovers once it answers again', async () => {
    proxy.stall();
    try {
      const started = Date.now();
      const api = t.call('GET', '/api/logs', 'viewer');
      const health = await t.app.inject('/healthz');
      expect(health.statusCode).toBe(503);
      expect(health.json().error).toEqual(unavailable);
      expect(Date.now() - started).toBeLessThan(CONNECT_MS + 500); // a health check does not wait for the statement timeout
      const answer = await answerWithin(api, STATEMENT_MS + 6_000);
      expect(answer.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(STATEMENT_MS + 4_000);
    } finally {
      proxy.resume();
    }
    expect((await t.call('GET', '/api/logs', 'viewer')).statusCode).toBe(200);
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('answers 503 naming an unreachable server, and is healthy again once it is back', async () => {
    await proxy.down();
    try {
      const health = await answerWithin(t.app.inject('/healthz'), 3_000);
      expect(health.statusCode).toBe(503);
      expect(health.json().error).toEqual(unavailable);
      const again = await t.app.inject('/healthz'); // the broken connections are gone: a new one is refused
      expect(again.json().error.message).toContain('the database server is unreachable (ECONNREFUSED)');
    } finally {
      await proxy.up();
    }
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok', database: 'postgres' });
  });
});
