import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { buildApp } from './app.js';

const password = 'correct horse battery';

describe.each(backends)('HTTP API auth and roles on $name', (backend) => {
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await backend.open();
    await seedSmallIsp(database.db);
    for (const role of ['admin', 'operator', 'viewer'] as const) {
      await createUser(database.db, { username: role, name: role, role, password });
    }
    app = await buildApp({
      db: database.db,
      kind: database.kind,
      config: loadConfig({}),
      logger: false,
      webRoot: '/nonexistent',
      loginAttemptsPerMinute: 5,
      secretKey: randomBytes(32), // not ./data/secret.key of the checkout
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  let clientNo = 0;
  // Each sign-in from its own address, so the login rate limit (5/min here) is exercised only where intended.
  async function login(username: string, ip = `10.1.1.${++clientNo}`) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'avisa_session');
    expect(cookie?.httpOnly).toBe(true);
    return { cookie: `avisa_session=${cookie?.value}`, csrf: res.json().csrfToken as string };
  }

  it('serves health without credentials', async () => {
    const res = await app.inject('/healthz');
    expect(res.json()).toEqual({ status: 'ok', database: backend.name });
  });

  it('sends the security headers on every answer: a page, the API, a refusal and an unknown path', async () => {
    for (const url of ['/healthz', '/api/overview', '/api/nope', '/webhooks/whatsapp?hub.mode=subscribe']) {
      const res = await app.inject(url);
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['content-security-policy'], url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], url).toBeUndefined(); // only with AVISA_SECURE_COOKIES
    }
  });

  it('requires a session or token for the API', async () => {
    expect((await app.inject('/api/overview')).statusCode).toBe(401);
    const forged = await app.inject({ url: '/api/overview', headers: { cookie: 'avisa_session=forged-value' } });
    expect(forged.statusCode).toBe(401);
    const wrongToken = await app.inject({ url: '/api/overview', headers: { authorization: 'Bearer avisa_nope' } });
    expect(wrongToken.statusCode).toBe(401);
    expect(wrongToken.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a wrong password with the same error as an unknown user, and never returns the hash', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope-nope' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    const ok = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ADMIN', password } });
    expect(ok.body).not.toMatch(/scrypt|passwordHash|password/);
  });

  it('lets each role do what it may and nothing more', async () => {
    const viewer = await login('viewer');
    const operator = await login('operator');
    const admin = await login('admin');
    const overview = await app.inject({ url: '/api/overview', headers: { cookie: viewer.cookie } });
    expect(overview.statusCode).toBe(200);
    expect(overview.json().logins).toEqual({ total: 7, online: 4, offline: 2, neverAuthenticated: 1 });
    expect(overview.json().topOfflineNas[0]).toMatchObject({ name: 'BRAS-CENTRO', offline: 2, total: 3 });
    for (const who of [viewer, operator]) {
      const res = await app.inject({ url: '/api/users', headers: { cookie: who.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const users = await app.inject({ url: '/api/users', headers: { cookie: admin.cookie } });
    expect(users.json().users.map((u: { username: string }) => u.username)).toEqual(['admin', 'operator', 'viewer']);
    expect(users.body).not.toMatch(/scrypt|passwordHash/);
    const audit = await app.inject({ url: '/api/audit', headers: { cookie: viewer.cookie } });
    expect(audit.statusCode).toBe(403);
  });

  it('demands the CSRF token on state-changing requests made with the cookie', async () => {
    const admin = await login('admin');
    const payload = { username: 'novo', name: 'Novo', role: 'viewer', password };
    const without = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload,
    });
    expect(ok.statusCode).toBe(201);
    const again = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { ...payload, username: 'NOVO' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
  });

  it('names the field of invalid input', async () => {
    const admin = await login('admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { username: 'x1', name: 'X', role: 'superuser', password },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', field: 'role' });
  });

  it('issues API tokens shown once, accepted as Bearer, dead once revoked', async () => {
    const operator = await login('operator');
    const headers = { cookie: operator.cookie, 'x-csrf-token': operator.csrf };
    const created = await app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: 'ERP' } });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    expect(secret).toMatch(/^avisa_/);
    const listed = await app.inject({ url: '/api/tokens', headers });
    expect(listed.body).not.toContain(secret);
    const bearer = { authorization: `Bearer ${secret}` };
    const me = await app.inject({ url: '/api/auth/me', headers: bearer });
    expect(me.json().user.username).toBe('operator');
    // A token is not a cookie: no CSRF header is needed, and its role still applies.
    const forbidden = await app.inject({ method: 'POST', url: '/api/users', headers: bearer, payload: {} });
    expect(forbidden.statusCode).toBe(403);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
  });

  it('ends the session at logout and after the user is deactivated', async () => {
    const viewer = await login('viewer');
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: viewer.cookie } })).statusCode).toBe(401);

    const operator = await login('operator');
    const admin = await login('admin');
    const users = (await app.inject({ url: '/api/users', headers: { cookie: admin.cookie } })).json().users;
    const opId = users.find((u: { username: string }) => u.username === 'operator').id;
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/users/${opId}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { active: false },
    });
    expect(patch.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: operator.cookie } })).statusCode).toBe(401);
    const audit = await app.inject({ url: '/api/audit?pageSize=500', headers: { cookie: admin.cookie } });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'user.create', 'user.update']));
  });

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'guessing' },
        remoteAddress: '203.0.113.9',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/overview']));
  });
});
