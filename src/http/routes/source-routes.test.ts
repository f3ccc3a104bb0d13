import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../audit/audit.js';
import { type Database, queryRows } from '../../db/database.js';
import { startIxcSimulator, type IxcSimulator } from '../../ingest/ixc-sync/simulator.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type RouteApp } from '../../test-support/route-app.js';

describe.each(backends)('Fontes de status API on $name', (backend) => {
  let t: RouteApp;
  let database: Database;
  let sim: IxcSimulator;

  beforeAll(async () => {
    sim = await startIxcSimulator({ seed: { logins: 40, seed: 11, now: new Date('2026-04-01T12:00:00Z') } });
    t = await openRouteApp(backend, { env: { AVISA_TIMEZONE: 'America/Sao_Paulo' } });
    database = t.database;
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  const call = (method: Method, url: string, payload?: unknown, who: 'admin' | 'viewer' = 'admin') => t.call(method, url, who, payload);

  it('creates an IXC source from a token pasted as <id>:<token>; the token never comes back, not even in the audit', async () => {
    const pasted = `${sim.userId}:${sim.token}`;
    expect((await call('POST', '/api/sources', { kind: 'ixc', description: 'IXC', config: { url: sim.url }, secret: pasted }, 'viewer')).statusCode).toBe(403);
    const bad = await call('POST', '/api/sources', { kind: 'ixc', description: 'IXC', config: { url: sim.url, userId: '1', pageSize: 5000 }, secret: 'x' });
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'config.pageSize' } });

    const res = await call('POST', '/api/sources', { kind: 'ixc', description: 'IXC Matriz', config: { url: `${sim.url}/webservice/v1`, pageSize: 15 }, secret: pasted });
    expect(res.statusCode).toBe(201);
    expect(res.json().source).toMatchObject({ kind: 'ixc', hasSecret: true, secretHint: sim.token.slice(-4), config: { url: sim.url, userId: sim.userId } });
    const everything = [res.body, (await call('GET', '/api/sources', undefined, 'viewer')).body, JSON.stringify(await listAudit(database.db, { page: 1, pageSize: 50 }))];
    for (const text of everything) expect(text).not.toContain(sim.token.slice(0, 20));
    expect((await call('POST', '/api/sources', { kind: 'ixc', description: 'ixc matriz', config: { url: sim.url, userId: '1' }, secret: 't' })).statusCode).toBe(409);
  });

  it('syncs on request (202 then the run history, or waiting for the result) and refuses a second run at once', async () => {
    const [source] = (await call('GET', '/api/sources?kind=ixc')).json().sources;
    const started = await call('POST', `/api/sources/${source.id}/sync`, { mode: 'full' });
    expect(started.statusCode).toBe(202);
    expect(started.json().run).toMatchObject({ sourceId: source.id, mode: 'full', status: 'running' });
    expect((await call('POST', `/api/sources/${source.id}/sync`, {})).json()).toMatchObject({ error: { code: 'CONFLICT' } });
    for (let i = 0; i < 100 && (await call('GET', `/api/sources/${source.id}/runs`)).json().runs[0].status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const runs = (await call('GET', `/api/sources/${source.id}/runs`, undefined, 'viewer')).json().runs;
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { radusuarios: { read: 40, written: 40, rejected: 0 } } });
    expect(await queryRows(database.db, sql`select count(*)::int as n from logins`)).toEqual([{ n: 40 }]);

    sim.update('radusuarios', 1, { online: 'X' });
    const waited = await call('POST', `/api/sources/${source.id}/sync`, { wait: true });
    expect(waited.statusCode).toBe(200);
    expect(waited.json()).toMatchObject({
      run: { mode: 'incremental', status: 'succeeded', error: expect.stringMatching(/radusuarios id 1, field online/) },
      rejected: [{ table: 'radusuarios', id: '1', field: 'online' }],
    });
    expect((await call('POST', `/api/sources/${source.id}/sync`, { wait: true }, 'viewer')).statusCode).toBe(403);
  });

  it('updates without losing the secret, forgets the cursor when the server changes, and deletes', async () => {
    const [source] = (await call('GET', '/api/sources?kind=ixc')).json().sources;
    expect(source.cursor).toMatchObject({ tables: { radusuarios: { since: expect.any(String) } } });
    const renamed = await call('PUT', `/api/sources/${source.id}`, { description: 'IXC Filial', active: false });
    expect(renamed.json().source).toMatchObject({ description: 'IXC Filial', active: false, hasSecret: true });
    expect(renamed.json().source.cursor).not.toBeNull();
    expect((await call('POST', `/api/sources/${source.id}/sync`, {})).json()).toMatchObject({ error: { code: 'CONFLICT', message: /inactive/ } });
    expect((await call('PUT', `/api/sources/${source.id}`, { secret: `99:${sim.token}` })).json()).toMatchObject({ error: { field: 'secret' } });
    const moved = await call('PUT', `/api/sources/${source.id}`, { config: { url: 'https://ixc.outro.example', userId: '3' } });
    expect(moved.json().source).toMatchObject({ config: { url: 'https://ixc.outro.example', userId: '3', pageSize: 1000 }, cursor: null });

    const radacct = await call('POST', '/api/sources', { kind: 'radacct', description: 'FreeRADIUS', config: { host: 'db' }, secret: 'pw' });
    expect((await call('POST', `/api/sources/${radacct.json().source.id}/sync`, {})).json()).toMatchObject({ error: { field: 'kind' } });
    expect((await call('DELETE', `/api/sources/${source.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/sources/${source.id}/runs`)).statusCode).toBe(404);
  });
});
