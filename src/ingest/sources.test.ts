import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { backends } from '../test-support/databases.js';
import {
  createSource,
  deleteSource,
  finishRun,
  getRun,
  getSource,
  lastFailedRun,
  listRuns,
  listSources,
  openSource,
  saveSourceCursor,
  startRun,
  updateRun,
  updateSource,
} from './sources.js';

const TOKEN = '7:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abXYZ9';

describe.each(backends)('status sources on $name', (backend) => {
  let database: Database;
  const key = randomBytes(32);
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database.close());

  it('seals the secret, shows only its last characters, and opens it with the key', async () => {
    const created = await createSource(database.db, key, {
      kind: 'ixc',
      description: 'IXC Matriz',
      config: { url: 'https://ixc.example' },
      secret: TOKEN,
    });
    expect(created).toMatchObject({ kind: 'ixc', hasSecret: true, secretHint: 'XYZ9', active: true, cursor: null, lastRun: null });
    expect(JSON.stringify(created)).not.toContain('0123456789abcdef');
    const [stored] = await queryRows<{ secret: string }>(database.db, sql`select secret from status_sources where id = ${created.id}`);
    expect(stored!.secret).not.toContain('0123456789abcdef');
    expect((await openSource(database.db, key, created.id)).secret).toBe(TOKEN);
    await expect(openSource(database.db, randomBytes(32), created.id)).rejects.toThrow(/Enter the token\/password again/);
  });

  it('validates the config through the caller parser, refuses duplicate names, updates and deletes', async () => {
    const parseConfig = (_kind: string, config: Record<string, unknown>) => {
      if (typeof config.host !== 'string') throw new AppError('VALIDATION', 'config.host: is required', 'config.host');
      return { host: config.host.trim() };
    };
    await expect(
      createSource(database.db, key, { kind: 'radacct', description: 'R', config: {} }, { parseConfig }),
    ).rejects.toMatchObject({ field: 'config.host' });
    const radacct = await createSource(database.db, key, { kind: 'radacct', description: 'Radacct', config: { host: ' db ' } }, { parseConfig });
    expect(radacct.config).toEqual({ host: 'db' });
    await expect(createSource(database.db, key, { kind: 'radius', description: 'radacct', config: {} })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'description',
    });
    const updated = await updateSource(database.db, key, radacct.id, { active: false, secret: 'short' }, { parseConfig });
    expect(updated).toMatchObject({ active: false, hasSecret: true, secretHint: '', config: { host: 'db' } });
    expect((await updateSource(database.db, key, radacct.id, { secret: null })).hasSecret).toBe(false);
    expect((await listSources(database.db, { kind: 'radacct' })).map((s) => s.id)).toEqual([radacct.id]);
    expect(await listSources(database.db, { kind: 'radacct', active: true })).toEqual([]);
    await deleteSource(database.db, radacct.id);
    await expect(getSource(database.db, radacct.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a run history: one running run at a time, progress, finish, last run and resume candidate', async () => {
    const source = await createSource(database.db, key, { kind: 'radius', description: 'Radius', config: {} });
    const run = await startRun(database.db, source.id, 'full', { cursor: { step: 0 } });
    expect(run).toMatchObject({ status: 'running', mode: 'full', cursor: { step: 0 }, counts: {} });
    await expect(startRun(database.db, source.id, 'incremental')).rejects.toMatchObject({ code: 'CONFLICT' });
    await updateRun(database.db, run.id, { counts: { logins: { read: 10, written: 9, rejected: 1 } }, cursor: { step: 1 } });
    expect(await getRun(database.db, run.id)).toMatchObject({ cursor: { step: 1 }, counts: { logins: { read: 10 } } });
    await finishRun(database.db, run.id, { status: 'failed', error: 'HTTP 500' });
    expect(await lastFailedRun(database.db, source.id)).toMatchObject({ id: run.id, error: 'HTTP 500', cursor: { step: 1 } });
    expect((await getSource(database.db, source.id)).lastRun).toMatchObject({ id: run.id, status: 'failed' });

    const second = await startRun(database.db, source.id, 'incremental');
    await finishRun(database.db, second.id, { status: 'succeeded', counts: { logins: { read: 1, written: 1, rejected: 0 } } });
    await updateRun(database.db, second.id, { cursor: { late: true } }); // ignored: the run is finished
    expect((await getRun(database.db, second.id)).cursor).toBeNull();
    expect(await lastFailedRun(database.db, source.id)).toBeNull();
    expect((await listRuns(database.db, source.id)).map((r) => r.id)).toEqual([second.id, run.id]);

    await saveSourceCursor(database.db, source.id, { since: '2026-01-01 00:00:00' });
    expect((await getSource(database.db, source.id)).cursor).toEqual({ since: '2026-01-01 00:00:00' });
    await saveSourceCursor(database.db, source.id, null);
    expect((await getSource(database.db, source.id)).cursor).toBeNull();
  });

  it('takes a run left running by a crashed process for failed once stale', async () => {
    const source = await createSource(database.db, key, { kind: 'radius', description: 'Radius stale', config: {} });
    const crashed = await startRun(database.db, source.id, 'full');
    await database.db.execute(sql`update sync_runs set started_at = now() - interval '7 hours' where id = ${crashed.id}`);
    const next = await startRun(database.db, source.id, 'full');
    expect(next.status).toBe('running');
    expect(await getRun(database.db, crashed.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
    await expect(startRun(database.db, 999999, 'full')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
