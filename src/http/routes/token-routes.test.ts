/**
 * Personal API tokens that expire, on both databases: an expiry chosen at creation, listed with it, enforced by the
 * database's clock with its own 401 (TOKEN_EXPIRED) — distinguishable from an unknown or revoked token.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../audit/audit.js';
import { backends } from '../../test-support/databases.js';
import { openRouteApp, type RouteApp } from '../../test-support/route-app.js';

describe.each(backends)('API token expiry on $name', (backend) => {
  let routeApp: RouteApp;

  beforeAll(async () => {
    routeApp = await openRouteApp(backend);
  });
  afterAll(async () => routeApp?.close());

  const create = (payload: unknown) => routeApp.call('POST', '/api/tokens', 'viewer', payload);
  const me = (secret: string) => routeApp.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${secret}` } });
  const expire = (id: number) => routeApp.database.db.execute(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${id}`);

  it('creates tokens with and without an expiry, lists them with it, and refuses an expired one with its own error', async () => {
    const in90Days = new Date(Date.now() + 90 * 86_400_000);
    const expiring = await create({ name: 'zabbix', expiresAt: in90Days.toISOString() });
    expect(expiring.statusCode).toBe(201);
    const { token, secret } = expiring.json();
    expect(token).toMatchObject({ name: 'zabbix', expiresAt: in90Days.toISOString(), expired: false });
    const forever = (await create({ name: 'painel' })).json();
    expect(forever.token).toMatchObject({ expiresAt: null, expired: false });
    expect((await me(secret)).statusCode).toBe(200);

    await expire(token.id);
    const refused = await me(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('TOKEN_EXPIRED');
    expect(refused.json().error.message).toMatch(/^This API token expired at \d{4}-\d\d-\d\dT.*; create a new one$/);
    // Another token of the same user is unaffected; an unknown one gets the ordinary refusal.
    expect((await me(forever.secret)).statusCode).toBe(200);
    expect((await me('avisa_not-a-token')).json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid or revoked API token' });

    const listed = (await routeApp.call('GET', '/api/tokens', 'viewer')).json().tokens as { name: string; expired: boolean; expiresAt: string | null }[];
    expect(listed.filter((t) => t.name !== 'test')).toEqual([
      expect.objectContaining({ name: 'painel', expiresAt: null, expired: false }),
      expect.objectContaining({ name: 'zabbix', expiresAt: expect.any(String), expired: true }),
    ]);

    // Revoked, it is no longer "expired": it is gone.
    expect((await routeApp.call('DELETE', `/api/tokens/${token.id}`, 'viewer')).statusCode).toBe(204);
    expect((await me(secret)).json().error.code).toBe('UNAUTHENTICATED');

    const { entries } = await listAudit(routeApp.database.db, { page: 1, pageSize: 50 });
    const created = entries.filter((e) => e.action === 'token.create').map((e) => e.details);
    expect(created).toEqual([
      { name: 'painel', expiresAt: null },
      { name: 'zabbix', expiresAt: in90Days.toISOString() },
    ]);
  });

  it('refuses an expiry in the past, one without an offset, and a misspelt key, naming the field', async () => {
    const past = await create({ name: 'x', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'VALIDATION', field: 'expiresAt' });
    const local = await create({ name: 'x', expiresAt: '2030-01-01T00:00:00' });
    expect(local.json().error).toMatchObject({ code: 'VALIDATION', field: 'expiresAt' });
    // A typo must not make a token that never expires.
    const typo = await create({ name: 'x', expires_at: '2030-01-01T00:00:00Z' });
    expect(typo.json().error).toMatchObject({ code: 'VALIDATION', field: 'expires_at' });
  });
});
