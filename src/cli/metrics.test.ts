/**
 * How the processes wire metrics: the management listener of `avisa serve`, `avisa worker` and `avisa radius`
 * (AVISA_METRICS_LISTEN: off unless set; then GET /metrics without authentication and nothing else), the task runs
 * the scheduler finishes, and the packets the RADIUS receiver of `avisa radius` / `serve` counts.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startConfiguredMetrics } from '../app/metrics-listener.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { seedLogins, seedNas, statusOf } from '../ingest/radius/fixtures.test-support.js';
import { setNasSecret } from '../ingest/radius/nas-registry.js';
import { accountingRequest, udpClient } from '../ingest/radius/packets.test-support.js';
import { createLogger } from '../log/logger.js';
import { scrapeMetrics } from '../metrics/exposition.js';
import { sampleOf } from '../metrics/samples.test-support.js';
import { startScheduler } from '../tasks/scheduler.js';
import { createTask } from '../tasks/tasks.js';
import { taskType, taskTypes } from '../tasks/types.js';
import { backends } from '../test-support/databases.js';
import { startRadiusReceiver } from './radius-commands.js';

const logger = createLogger({ level: 'silent' });
const SP = 'America/Sao_Paulo';
const keyHex = randomBytes(32).toString('hex');
const key = Buffer.from(keyHex, 'hex');

const figure = (text: string, name: string, labels: Record<string, string> = {}) => sampleOf(text, name, labels) ?? 0;

describe.each(backends)('metrics wiring on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  const scrape = async () => (await scrapeMetrics(database.db)).text;

  it('starts no management listener unless AVISA_METRICS_LISTEN is set', async () => {
    expect(loadConfig({}).AVISA_METRICS_LISTEN).toBeUndefined();
    expect(await startConfiguredMetrics(loadConfig({}), database.db, logger)).toBeNull();
    expect(await startConfiguredMetrics(loadConfig({ AVISA_METRICS_LISTEN: '' }), database.db, logger)).toBeNull();
  });

  it('serves GET /metrics on AVISA_METRICS_LISTEN without authentication, and nothing else', async () => {
    const listener = await startConfiguredMetrics(loadConfig({ AVISA_METRICS_LISTEN: '127.0.0.1:0' }), database.db, logger);
    expect(listener).not.toBeNull();
    const base = `http://127.0.0.1:${listener!.address.port}`;
    try {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(sampleOf(text, 'avisa_metrics_database_up')).toBe(1);
      expect(sampleOf(text, 'avisa_queue_depth', { channel: 'whatsapp', state: 'pending' })).toBe(0);
      expect(text).toMatch(/^# HELP avisa_sends_total /m);
      expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
      const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
      expect([head.status, await head.text()]).toEqual([200, '']);
      for (const path of ['/', '/api/users', '/healthz', '/metrics/', '/METRICS']) {
        const other = await fetch(`${base}${path}`);
        expect(other.status, path).toBe(404);
        expect(await other.text()).not.toContain('avisa_');
      }
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await listener!.stop();
    }
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });

  it('says which address it could not listen on', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await expect(startConfiguredMetrics(loadConfig({ AVISA_METRICS_LISTEN: `127.0.0.1:${port}` }), database.db, logger)).rejects.toThrow(
        new RegExp(`AVISA_METRICS_LISTEN: cannot listen on 127.0.0.1:${port} \\(.*EADDRINUSE`),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('counts the task runs the scheduler finishes, by type and status', async () => {
    const types = taskTypes([
      taskType({ type: 'metrics_ok', label: { 'pt-BR': 'Ok', en: 'Ok' }, optionsSchema: z.strictObject({}), run: async () => ({ processed: 1, sent: 1, failed: 0 }) }),
      taskType({
        type: 'metrics_broken',
        label: { 'pt-BR': 'Quebrada', en: 'Broken' },
        optionsSchema: z.strictObject({}),
        run: async () => {
          throw new Error('broken on purpose');
        },
      }),
    ]);
    const scheduler = startScheduler({ db: database.db, types, secretKey: key, timezone: SP, logger, tickMs: 60_000, staleAfterMs: 600_000 });
    try {
      const rules = { types, timezone: SP, now: new Date() };
      const ok = await createTask(database.db, rules, null, { type: 'metrics_ok', description: 'Métricas ok' });
      const broken = await createTask(database.db, rules, null, { type: 'metrics_broken', description: 'Métricas quebrada' });
      const before = await scrape();
      await scheduler.runNow(ok.id, 'teste');
      await scheduler.idle();
      await scheduler.runNow(ok.id, 'teste');
      await scheduler.runNow(broken.id, 'teste');
      await scheduler.idle();
      const after = await scrape();
      const delta = (type: string, status: string) =>
        figure(after, 'avisa_task_runs_total', { type, status }) - figure(before, 'avisa_task_runs_total', { type, status });
      expect(delta('metrics_ok', 'succeeded')).toBe(2);
      expect(delta('metrics_ok', 'failed')).toBe(0);
      expect(delta('metrics_broken', 'failed')).toBe(1);
    } finally {
      await scheduler.stop();
    }
  });

  it('counts the packets the RADIUS receiver gets, applies and drops, and keeps them after it stops', async () => {
    const secret = 'bras-secret-metrics';
    await seedNas(database.db, 11, '127.0.0.1');
    await setNasSecret(database.db, key, 11, secret);
    await seedLogins(database.db, [{ login: 'ana@metrics' }]);
    const config = loadConfig({ AVISA_SECRET_KEY: keyHex });
    const running = await startRadiusReceiver(database, config, logger, { host: '127.0.0.1', port: 0 });
    const client = await udpClient(running.address.port);
    const before = await scrape();
    try {
      client.send(Buffer.from('not a RADIUS packet'));
      client.send(accountingRequest('not-the-secret', 7, [['User-Name', 'ana@metrics'], ['Acct-Status-Type', 'Start']]));
      const start = accountingRequest(secret, 8, [['User-Name', 'ana@metrics'], ['Acct-Status-Type', 'Start'], ['Acct-Session-Id', 'M1']]);
      expect(await client.exchange(start)).not.toBeNull(); // answered: stored
      expect(await statusOf(database.db, 'ana@metrics')).toMatchObject({ online: 'S' });
    } finally {
      await client.close();
      await running.stop();
    }
    const after = await scrape(); // after the stop: what it counted stays counted
    const delta = (name: string, labels: Record<string, string> = {}) => figure(after, name, labels) - figure(before, name, labels);
    expect(delta('avisa_radius_packets_received_total')).toBe(3);
    expect(delta('avisa_radius_packets_applied_total')).toBe(1);
    expect(delta('avisa_radius_packets_dropped_total', { reason: 'malformed' })).toBe(1);
    expect(delta('avisa_radius_packets_dropped_total', { reason: 'bad_authenticator' })).toBe(1);
    expect(delta('avisa_radius_packets_dropped_total', { reason: 'unknown_nas' })).toBe(0);
    expect(after).not.toContain(secret);
  });
});
