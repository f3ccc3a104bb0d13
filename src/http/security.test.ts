/**
 * The attacks a review tried on an open network, as tests: a percent-encoded path past authentication, a spoofed
 * X-Forwarded-For past the sign-in limit, a botnet guessing one password, and input that used to end in a 500.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { createRoleUsers, headersOf, TEST_PASSWORD } from '../test-support/principals.js';
import { buildApp } from './app.js';

describe.each(backends)('HTTP security on $name', (backend) => {
  let database: Database;
  let users: Awaited<ReturnType<typeof createRoleUsers>>;

  async function appWith(env: Record<string, string> = {}, loginAttemptsPerMinute = 5): Promise<FastifyInstance> {
    return buildApp({ db: database.db, kind: database.kind, config: loadConfig(env), logger: false, webRoot: '/nonexistent', loginAttemptsPerMinute });
  }
  const apps: FastifyInstance[] = [];
  async function fresh(env: Record<string, string> = {}, loginAttemptsPerMinute = 5) {
    const app = await appWith(env, loginAttemptsPerMinute);
    apps.push(app);
    return app;
  }
  async function auditOf(action: string) {
    const app = await fresh();
    const res = await app.inject({ url: '/api/audit?pageSize=500', headers: await headersOf(database.db, { name: 'admin', role: 'admin', via: 'token', user: users.admin }, false) });
    return (res.json().entries as { action: string; ip: string | null; actor: string; details: unknown }[]).filter((e) => e.action === action);
  }

  beforeAll(async () => {
    database = await backend.open();
    users = await createRoleUsers(database.db);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
  });

  it('a percent-encoded /%61pi path meets the same check as /api (was: user list and a new admin, unauthenticated)', async () => {
    const app = await fresh();
    const list = await app.inject({ method: 'GET', url: '/%61pi/users' });
    expect(list.statusCode).toBe(401);
    expect(list.body).not.toContain('"username"');
    const create = await app.inject({
      method: 'POST',
      url: '/%61pi/users',
      payload: { username: 'intruder', name: 'x', role: 'admin', password: 'intruder-password' },
    });
    expect(create.statusCode).toBe(401);
    expect((await listUsers(database.db)).map((u) => u.username)).not.toContain('intruder');
    const exported = await app.inject({ method: 'GET', url: '/%61pi/report/logins/export.csv' });
    expect(exported.statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For unless AVISA_TRUST_PROXY names the proxy (was: a new address per try, no 429)', async () => {
    const app = await fresh();
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `nobody${i}`, password: 'guess-guess' },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        remoteAddress: '203.0.113.50',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const failed = await auditOf('auth.login_failed');
    const ours = failed.filter((e) => e.actor.startsWith('nobody'));
    expect(ours.length).toBe(5);
    expect(new Set(ours.map((e) => e.ip))).toEqual(new Set(['203.0.113.50']));
  });

  it('takes the client address from X-Forwarded-For only when the request comes from a configured proxy', async () => {
    const app = await fresh({ AVISA_TRUST_PROXY: '203.0.113.0/24' }, 100);
    const viaProxy = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'proxied-user', password: 'guess-guess' },
      headers: { 'x-forwarded-for': '198.51.100.77' },
      remoteAddress: '203.0.113.9',
    });
    expect(viaProxy.statusCode).toBe(401);
    const direct = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'direct-user', password: 'guess-guess' },
      headers: { 'x-forwarded-for': '198.51.100.78' },
      remoteAddress: '192.0.2.10',
    });
    expect(direct.statusCode).toBe(401);
    const failed = await auditOf('auth.login_failed');
    expect(failed.find((e) => e.actor === 'proxied-user')?.ip).toBe('198.51.100.77');
    expect(failed.find((e) => e.actor === 'direct-user')?.ip).toBe('192.0.2.10');
    expect(() => loadConfig({ AVISA_TRUST_PROXY: '10.0.0.0/99' })).toThrow(/AVISA_TRUST_PROXY: "10.0.0.0\/99" is not/);
  });

  it('locks a username after 5 failures from any number of addresses; the lock shows to admins and an admin lifts it', async () => {
    const app = await fresh({}, 1000);
    const from = (i: number) => `198.51.100.${100 + i}`;
    // A botnet: 20 guesses at once, each from its own address. Only 5 reach the password check.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: `guess-${i}` }, remoteAddress: from(i) }),
      ),
    );
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(5);
    expect(codes.filter((c) => c === 429).length).toBe(15);
    const locked = burst.find((r) => r.statusCode === 429)!;
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The right password does not get in while locked, and says the same.
    const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Operator', password: TEST_PASSWORD }, remoteAddress: from(50) });
    expect(right.statusCode).toBe(429);
    // An unknown username is locked the same way: a lock says nothing about which users exist.
    for (let i = 0; i < 6; i++) {
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'x-x-x-x' }, remoteAddress: from(60 + i) });
    }
    const ghost = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'x-x-x-x' }, remoteAddress: from(70) });
    expect(ghost.statusCode).toBe(429);
    expect(ghost.json().error.code).toBe('ACCOUNT_LOCKED');

    const admin = await headersOf(database.db, { name: 'admin', role: 'admin', via: 'token', user: users.admin }, true);
    const listed = (await app.inject({ url: '/api/users', headers: admin })).json().users as { username: string; failedLogins: number; lockedUntil: string | null }[];
    const operator = listed.find((u) => u.username === 'operator')!;
    expect(operator.failedLogins).toBe(5);
    expect(Date.parse(operator.lockedUntil!)).toBeGreaterThan(Date.now());
    expect(listed.find((u) => u.username === 'viewer')).toMatchObject({ failedLogins: 0, lockedUntil: null });

    const unlock = await app.inject({ method: 'POST', url: `/api/users/${users.operator.id}/unlock`, headers: admin });
    expect(unlock.statusCode).toBe(204);
    const after = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: TEST_PASSWORD }, remoteAddress: from(80) });
    expect(after.statusCode).toBe(200);
    expect((await auditOf('user.unlock')).length).toBe(1);
  });

  it('answers 400 naming the field, never 500, for text and numbers no column can hold', async () => {
    const app = await fresh();
    const viewer = await headersOf(database.db, { name: 'viewer', role: 'viewer', via: 'token', user: users.viewer }, true);
    const cases: { method: 'GET' | 'POST'; url: string; payload?: unknown; field: string }[] = [
      { method: 'POST', url: '/api/report/logins/query', payload: { filter: { clientName: 'Ana\u0000' } }, field: 'filter.clientName' },
      { method: 'POST', url: '/api/report/logins/query', payload: { filter: { login: 'x\ud800y' } }, field: 'filter.login' },
      { method: 'POST', url: '/api/report/logins/query', payload: { filter: { nasIds: [2 ** 31] } }, field: 'filter.nasIds.0' },
      { method: 'GET', url: '/api/batches/2147483648', field: 'id' },
      { method: 'GET', url: '/api/batches/99999999999999999999', field: 'id' },
      { method: 'GET', url: '/api/logs?channel=whatsapp&clientId=2147483648', field: 'clientId' },
      { method: 'GET', url: '/api/logs?channel=whatsapp&page=1e300', field: 'page' },
      { method: 'GET', url: '/api/logs?channel=whatsapp&contact=%00', field: 'contact' },
      { method: 'GET', url: '/api/audit?page=99999999999', field: 'page' },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: c.method, url: c.url, headers: viewer, ...(c.payload ? { payload: c.payload } : {}) });
      if (c.url.startsWith('/api/audit')) {
        expect(res.statusCode, c.url).toBe(403); // viewers may not read the audit; checked before the input
        continue;
      }
      expect(res.statusCode, `${c.url} ${JSON.stringify(c.payload)}`).toBe(400);
      expect(res.json().error, c.url).toMatchObject({ code: 'VALIDATION', field: c.field });
    }
    // A body that is not JSON, or one with a "__proto__" key (found by fuzzing: report-routes.test.ts): the body is the field.
    for (const payload of ['{"filter":{"__proto__":"x"}}', '{"filter":', 'filter=1']) {
      const headers = { ...viewer, 'content-type': 'application/json' };
      const res = await app.inject({ method: 'POST', url: '/api/report/logins/query', headers, payload });
      expect([res.statusCode, res.json().error.code, res.json().error.field], payload).toEqual([400, 'VALIDATION', 'body']);
    }
  });
});
