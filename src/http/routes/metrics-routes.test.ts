/**
 * GET /metrics on the main server: admins only (session or API token), the Prometheus text format, the queue depth
 * of the queue as seeded, a drain's sends against the Opa! Suite simulator counted per integration and outcome,
 * open incidents, request latency by route pattern — and no secret anywhere in it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../auth/sessions.js';
import { queryRows } from '../../db/database.js';
import { sampleOf } from '../../metrics/samples.test-support.js';
import { type OpaSimulator, startOpaSimulator } from '../../providers/opa/simulator.js';
import { claimRows } from '../../queue/claim.js';
import { drainChannel } from '../../queue/drain.js';
import { opaFixture } from '../../queue/drain.test-support.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';
import { seedSmallIspWithContacts } from '../../test-support/seed.js';

const seed = seedSmallIspWithContacts;

describe.each(backends)('GET /metrics on $name', (backend) => {
  let t: RouteApp;
  let sim: OpaSimulator;

  beforeAll(async () => {
    t = await openRouteApp(backend, { seed });
    sim = await startOpaSimulator();
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  /** A browser session of the route app's user of that name (its users are named after their roles). */
  const sessionOf = async (username: string) => {
    const [user] = await queryRows<{ id: number }>(t.database.db, sql`select id from users where username = ${username}`);
    return { cookie: `avisa_session=${(await createSession(t.database.db, user!.id, { hours: 1 })).cookie}` };
  };
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.as.admin });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('refuses anonymous callers and users below admin, and gives admins the text format by token or session', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('avisa_');
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.call('GET', '/metrics', role);
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('avisa_');
    }
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: await sessionOf('operator') })).statusCode).toBe(403);

    const byToken = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.as.admin });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(byToken.body).toMatch(/^# HELP avisa_queue_depth .+$/m);
    expect(byToken.body).toMatch(/^# TYPE avisa_sends_total counter$/m);
    expect(sampleOf(byToken.body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sampleOf(byToken.body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleOf(byToken.body, 'avisa_metrics_database_up')).toBe(1);

    const bySession = await t.app.inject({ method: 'GET', url: '/metrics', headers: await sessionOf('admin') });
    expect(bySession.statusCode).toBe(200);
    expect(sampleOf(bySession.body, 'avisa_metrics_database_up')).toBe(1);
  });

  it('reports the queue depth per channel and state as the queue holds it', async () => {
    const fx = await opaFixture(t.database, sim);
    await fx.enqueue(); // the small ISP's six WhatsApp contacts
    await claimRows(t.database.db, { integrationId: fx.integrationId, limit: 2, owner: 'metrics-test', leaseSeconds: 600 });
    expect(await fx.states()).toEqual({ pending: 4, claimed: 2 });
    const text = await scrape();
    expect(sampleOf(text, 'avisa_queue_depth', { channel: 'whatsapp', state: 'pending' })).toBe(4);
    expect(sampleOf(text, 'avisa_queue_depth', { channel: 'whatsapp', state: 'claimed' })).toBe(2);
    expect(sampleOf(text, 'avisa_queue_depth', { channel: 'whatsapp', state: 'sending' })).toBe(0);
    for (const channel of ['email', 'sms']) expect(sampleOf(text, 'avisa_queue_depth', { channel })).toBe(0);
    expect(sampleOf(text, 'avisa_queue_depth_capped')).toBe(0);
    // Finished rows are history, not depth.
    await t.database.db.execute(sql`update queue_items set status = 'sent', finished_at = now() where integration_id = ${fx.integrationId}`);
    expect(sampleOf(await scrape(), 'avisa_queue_depth')).toBe(0);
    await t.database.db.execute(sql`update integrations set active = false where id = ${fx.integrationId}`);
  });

  it('counts the sends a drain makes against the simulator, per integration and outcome, with no secret in a label', async () => {
    const fx = await opaFixture(t.database, sim);
    await fx.enqueue();
    sim.setInAtendimento('+5548999110001', 'Carlos (Suporte)'); // Opa refuses this one for good
    const labels = { channel: 'whatsapp', provider: 'opa', integration: String(fx.integrationId) };
    // The counters are the process's: another database of this test run may have had an integration of this id.
    const before = await scrape();
    const counted = (text: string, extra: Record<string, string>) => sampleOf(text, 'avisa_sends_total', { ...labels, ...extra }) ?? 0;
    const result = await drainChannel(t.database.db, {
      channel: 'whatsapp',
      secretKey: fx.key,
      owner: 'metrics-test',
      budgetMs: 10_000,
      maxAttempts: 3,
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ sent: 5, failed: 1 });
    const after = await scrape();
    expect(counted(after, { outcome: 'sent' }) - counted(before, { outcome: 'sent' })).toBe(5);
    expect(counted(after, { outcome: 'failed' }) - counted(before, { outcome: 'failed' })).toBe(1);
    expect(counted(after, { outcome: 'retry' }) - counted(before, { outcome: 'retry' })).toBe(0);
    const [name] = await queryRows<{ description: string }>(t.database.db, sql`select description from integrations where id = ${fx.integrationId}`);
    expect(counted(after, { integration_name: name!.description })).toBe(6); // a random description: this integration's alone
    for (const secret of [sim.token, t.as.admin.authorization.slice('Bearer '.length), fx.key.toString('hex'), fx.key.toString('base64')]) {
      expect(after).not.toContain(secret);
    }
    await t.database.db.execute(sql`update integrations set active = false where id = ${fx.integrationId}`);
  });

  it('reports the open incidents by kind and state, not the finished ones', async () => {
    await t.database.db.execute(sql`
      insert into incidents (kind, element_id, element_name, state, cause, started_at) values
        ('nas', 1, 'BRAS-1', 'suspected', 'mass_drop', now()),
        ('pop', 1, 'POP 1', 'confirmed', 'monitoring', now()),
        ('box', 7, 'CTO-7', 'confirmed', 'mass_drop', now()),
        ('box', 8, 'CTO-8', 'restored', 'mass_drop', now()),
        ('box', 9, 'CTO-9', 'closed', 'mass_drop', now()),
        ('nas', 2, 'BRAS-2', 'discarded', 'nas_reset', now())`);
    const text = await scrape();
    expect(sampleOf(text, 'avisa_incidents_open')).toBe(4);
    expect(sampleOf(text, 'avisa_incidents_open', { kind: 'nas', state: 'suspected' })).toBe(1);
    expect(sampleOf(text, 'avisa_incidents_open', { kind: 'box', state: 'confirmed' })).toBe(1);
    expect(sampleOf(text, 'avisa_incidents_open', { kind: 'box', state: 'restored' })).toBe(1);
    expect(sampleOf(text, 'avisa_incidents_open', { kind: 'nas', state: 'confirmed' })).toBe(0);
    expect(text).not.toMatch(/avisa_incidents_open\{[^}]*state="(closed|discarded)"/);
  });

  it('times requests by the route pattern the router matched and the status class, never by the URL as sent', async () => {
    const route = { method: 'GET', route: '/api/batches/:id', status_class: '4xx' };
    const before = sampleOf(await scrape(), 'avisa_http_request_duration_seconds_count', route) ?? 0;
    expect((await t.call('GET', '/api/batches/2147483000', 'viewer')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/%61pi/batches/2147483001', headers: t.as.viewer })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/no/such/page-2147483002' })).statusCode).toBe(404);
    const text = await scrape();
    expect(sampleOf(text, 'avisa_http_request_duration_seconds_count', route)).toBe(before + 2);
    expect(sampleOf(text, 'avisa_http_request_duration_seconds_count', { route: 'none', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(sampleOf(text, 'avisa_http_request_duration_seconds_count', { route: '/metrics', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/214748300[0-2]|%61pi/);
  });
});
