/** Saved filters an active gatilho sends from: operators may use them, only admins may change or delete them. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { createRoleUsers, headersOf } from '../../test-support/principals.js';
import { triggerFixture } from '../../triggers/fixtures.test-support.js';
import { createRule, updateRule } from '../../triggers/rules.js';
import { buildApp } from '../app.js';

describe.each(backends)('saved filters used by gatilhos on $name', (backend) => {
  let database: Database;
  let app: FastifyInstance;
  let as: Record<'admin' | 'operator', () => Promise<Record<string, string>>>;

  beforeAll(async () => {
    database = await backend.open();
    const users = await createRoleUsers(database.db);
    app = await buildApp({ db: database.db, kind: database.kind, config: loadConfig({}), logger: false, webRoot: '/none' });
    as = {
      admin: () => headersOf(database.db, { name: 'admin', role: 'admin', via: 'session', user: users.admin }, true),
      operator: () => headersOf(database.db, { name: 'operator', role: 'operator', via: 'session', user: users.operator }, true),
    };
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('lets only an admin change or delete a filter while an active gatilho sends from it', async () => {
    const fixture = await triggerFixture(database);
    const rule = await createRule(database.db, null, {
      name: 'Queda',
      savedFilterId: fixture.offline,
      messageIds: [fixture.email],
      active: true,
    });
    const rename = (who: Record<string, string>, name: string) =>
      app.inject({ method: 'PUT', url: `/api/report/saved-filters/${fixture.offline}`, headers: who, payload: { name } });

    const refused = await rename(await as.operator(), 'Offline (editado)');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FILTER_IN_USE');
    expect(refused.json().error.message).toContain('"Queda"');
    const notDeleted = await app.inject({ method: 'DELETE', url: `/api/report/saved-filters/${fixture.offline}`, headers: await as.operator() });
    expect(notDeleted.statusCode).toBe(403);

    expect((await rename(await as.admin(), 'Offline (admin)')).statusCode).toBe(200);
    // A filter no active gatilho uses stays the operators' to change.
    expect((await app.inject({ method: 'PUT', url: `/api/report/saved-filters/${fixture.all}`, headers: await as.operator(), payload: { name: 'Todos 2' } })).statusCode).toBe(200);

    await updateRule(database.db, rule.id, { name: 'Queda', savedFilterId: fixture.offline, messageIds: [fixture.email], active: false });
    expect((await rename(await as.operator(), 'Offline de novo')).statusCode).toBe(200);
  });
});
