/**
 * With `avisa serve` on the embedded database the server owns the data directory: the CLI cannot open it (and
 * says to import through the API), while an upload to the running server imports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase, type RunningServer, startServer } from '../app/runtime.js';
import { createApiToken } from '../auth/api-tokens.js';
import { findUserByUsername } from '../auth/users.js';
import { openOrFail } from '../cli/context.js';
import { loadConfig } from '../config/config.js';
import { type Database, queryRows } from '../db/database.js';
import { createLogger } from '../log/logger.js';
import { upload } from './upload.test-support.js';

describe('importing while `avisa serve` runs on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avisa-serve-import-'));
  const config = loadConfig({
    AVISA_DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: '0',
    AVISA_ADMIN_USER: 'admin',
    AVISA_ADMIN_PASSWORD: 'senha-do-admin-123',
  });
  let database: Database;
  let server: RunningServer;
  beforeAll(async () => {
    database = await openConfiguredDatabase(config);
    server = await startServer(config, database, createLogger({ level: 'silent' }));
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI is refused with the API to use; the upload goes through the server', async () => {
    await expect(openOrFail(config)).rejects.toThrow(/in use by another Avisa process.*\/api\/imports\/logins/s);

    const admin = await findUserByUsername(database.db, 'admin');
    const { secret } = await createApiToken(database.db, admin!.id, 'import');
    const res = await upload(
      `${server.url.replace('localhost', '127.0.0.1')}/api/imports/clientes?name=clientes.csv`,
      { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
      ['id,razao\n1,Ana\n', '2,Bruno\n'],
    );
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ status: 'succeeded', inserted: 2 });
    const rows = await queryRows<{ name: string }>(database.db, sql`select name from clients order by id`);
    expect(rows.map((r) => r.name)).toEqual(['Ana', 'Bruno']);
  });
});
