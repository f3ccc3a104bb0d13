import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../audit/audit.js';
import { type Database, queryRows } from '../../db/database.js';
import { startIxcSimulator, type IxcSimulator } from '../../ingest/ixc-sync/simulator.js';
import { createLogger } from '../../log/logger.js';
import { type Scheduler, startScheduler } from '../../tasks/scheduler.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type RouteApp } from '../../test-support/route-app.js';

describe.each(backends)('Fontes de status API on $name', (backend) => {
  let t: RouteApp;
  let database: Database;
  let sim: IxcSimulator;
  let scheduler: Scheduler;

  beforeAll(async () => {
    sim = await startIxcSimulator({ seed: { logins: 40, seed: 11, now: new Date('2026-04-01T12:00:00Z') } });
    const env = { AVISA_TIMEZONE: 'America/Sao_Paulo' };
    t = await openRouteApp(backend, {
      env,
      scheduler: ({ db, tasks, secretKey }) =>
        (scheduler = startScheduler({ db, types: tasks, secretKey, timezone: env.AVISA_TIMEZONE, logger: createLogger({ level: 'silent' }), tickMs: 60_000, staleAfterMs: 600_000 })),
    });
    database = t.database;
  });
  afterAll(async () => {
    await scheduler?.stop();
    await t?.close();
    await sim?.close();
  });

  const call = (method: Method, url: string, payload?: unknown, who: 'admin' | 'viewer' = 'admin') => t.call(method, url, who, payload);
  /** Sincronizar agora, then the task run once it ended. */
  const syncAndWait = async (sourceId: number, body: object = {}) => {
    const started = await call('POST', `/api/sources/${sourceId}/sync`, body);
    expect(started.statusCode).toBe(202);
    await scheduler.idle();
    const { taskId, runId } = started.json() as { taskId: number; runId: number };
    const runs = (await call('GET', `/api/tasks/${taskId}/runs`, undefined, 'viewer')).json().runs as { id: number }[];
    return { taskId, run: runs.find((r) => r.id === runId) };
  };

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

  it("syncs on request as a run of the source's own task (created disabled), refusing a second run at once", async () => {
    const [source] = (await call('GET', '/api/sources?kind=ixc')).json().sources;
    const started = await call('POST', `/api/sources/${source.id}/sync`, { mode: 'full' });
    expect(started.statusCode).toBe(202);
    const { taskId, runId } = started.json();
    expect((await call('POST', `/api/sources/${source.id}/sync`, {})).json()).toMatchObject({ error: { code: 'CONFLICT' } });
    await scheduler.idle();

    const task = (await call('GET', `/api/tasks/${taskId}`, undefined, 'viewer')).json().task;
    expect(task).toMatchObject({ type: 'sync_ixc', description: 'Sincroniza IXC: IXC Matriz', enabled: false, nextRunAt: null, options: { sourceId: source.id, mode: 'incremental' }, createdBy: 'admin' });
    const [run] = (await call('GET', `/api/tasks/${taskId}/runs`, undefined, 'viewer')).json().runs;
    expect(run).toMatchObject({ id: runId, manual: true, requestedBy: 'admin', status: 'succeeded', details: { mode: 'full' } });
    const runs = (await call('GET', `/api/sources/${source.id}/runs`, undefined, 'viewer')).json().runs;
    expect(runs[0]).toMatchObject({ mode: 'full', status: 'succeeded', counts: { radusuarios: { read: 40, written: 40, rejected: 0 } } });
    expect(run.details.runs[0]).toMatchObject({ sourceId: source.id, runId: runs[0].id });
    expect(await queryRows(database.db, sql`select count(*)::int as n from logins`)).toEqual([{ n: 40 }]);

    // the next click runs the same task again, incremental unless asked; a rejected record shows in the source's run
    sim.update('radusuarios', 1, { online: 'X' });
    const second = await syncAndWait(source.id);
    expect(second.taskId).toBe(taskId);
    expect(second.run).toMatchObject({ status: 'succeeded', failed: 1, details: { mode: 'incremental' } });
    const [latest] = (await call('GET', `/api/sources/${source.id}/runs?limit=1`)).json().runs;
    expect(latest).toMatchObject({ mode: 'incremental', status: 'succeeded', error: expect.stringMatching(/radusuarios id 1, field online/) });
    expect((await call('POST', `/api/sources/${source.id}/sync`, {}, 'viewer')).statusCode).toBe(403);
    expect((await call('POST', `/api/sources/${source.id}/sync`, { wait: true })).json().error).toMatchObject({ code: 'VALIDATION' });
    const actions = (await listAudit(database.db, { page: 1, pageSize: 50 })).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'source.sync')).toHaveLength(2);
    expect(actions).toContain('task.create');
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
