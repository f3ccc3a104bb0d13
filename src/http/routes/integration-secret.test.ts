/**
 * A saved secret goes only to the target it was saved for: Testar conexão or a save that points a saved
 * integration elsewhere (another URL, host, TLS setting or kind) must carry the secret again. Before, an admin
 * session (or a stolen one) could send every stored token to a server of its choosing.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import { getIntegration } from '../../providers/integrations.js';
import { type OpaSimulator, startOpaSimulator } from '../../providers/opa/simulator.js';
import { backends } from '../../test-support/databases.js';
import { createRoleUsers, headersOf } from '../../test-support/principals.js';
import { buildApp } from '../app.js';

describe.each(backends)('stored integration secrets on $name', (backend) => {
  let database: Database;
  let app: FastifyInstance;
  let stored: OpaSimulator;
  let elsewhere: OpaSimulator;
  let admin: Record<string, string>;
  let id: number;

  beforeAll(async () => {
    [stored, elsewhere] = await Promise.all([startOpaSimulator(), startOpaSimulator({ token: 'attacker-token' })]);
    database = await backend.open();
    const users = await createRoleUsers(database.db);
    app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false, webRoot: '/none', secretKey: randomBytes(32) });
    admin = await headersOf(database.db, { name: 'admin', role: 'admin', via: 'token', user: users.admin }, true);
    const created = await app.inject({
      method: 'POST',
      url: '/api/integrations',
      headers: admin,
      payload: { kind: 'opa', description: 'Opa', config: { url: stored.url, timeoutSeconds: 2 }, secret: stored.token },
    });
    expect(created.statusCode).toBe(201);
    id = created.json().integration.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await Promise.all([stored?.close(), elsewhere?.close()]);
  });

  const check = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/integrations/check',
      headers: admin,
      payload: { id, kind: 'opa', description: 'Opa', config: { timeoutSeconds: 2, ...config }, ...extra },
    });

  it('tests unsaved values with the stored token only while the address is the stored one', async () => {
    const same = await check({ url: stored.url });
    expect(same.statusCode).toBe(200);
    expect(same.json().result.ok).toBe(true);

    const moved = await check({ url: elsewhere.url });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'SECRET_REQUIRED', field: 'secret' });
    const insecure = await check({ url: stored.url, insecureTls: true });
    expect(insecure.json().error).toMatchObject({ code: 'SECRET_REQUIRED' });
    expect(elsewhere.requests).toEqual([]); // nothing, not even a request without the token, went there

    const typed = await check({ url: elsewhere.url }, { secret: 'attacker-token' });
    expect(typed.statusCode).toBe(200);
    expect(elsewhere.requests.length).toBeGreaterThan(0);
  });

  it('refuses to save a new address without the secret, and keeps the stored settings', async () => {
    const moved = await app.inject({ method: 'PUT', url: `/api/integrations/${id}`, headers: admin, payload: { kind: 'opa', config: { url: elsewhere.url } } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'SECRET_REQUIRED', field: 'secret' });
    expect((await getIntegration(database.db, id)).config).toMatchObject({ url: stored.baseUrl });

    const other = await app.inject({
      method: 'PUT',
      url: `/api/integrations/${id}`,
      headers: admin,
      payload: { kind: 'opa', config: { url: stored.url, timeoutSeconds: 9 } },
    });
    expect(other.statusCode).toBe(200); // a setting that is not the target needs no secret

    const withSecret = await app.inject({
      method: 'PUT',
      url: `/api/integrations/${id}`,
      headers: admin,
      payload: { kind: 'opa', config: { url: elsewhere.url }, secret: 'attacker-token' },
    });
    expect(withSecret.statusCode).toBe(200);
  });
});
