import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import { backends } from '../test-support/databases.js';
import { seedSmallIsp } from '../test-support/seed.js';
import { copyDatabase, TargetNotEmptyError } from './copy.js';
import { type Database, openDatabase, queryRows } from './database.js';

const snapshot = async (database: Database) =>
  queryRows(
    database.db,
    sql`select (select json_agg(c order by id) from clients c) as clients,
               (select json_agg(l order by id) from logins l) as logins,
               (select json_agg(u.username order by id) from users u) as users`,
  );

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(backends)('db copy into $name', (backend) => {
  it('copies every row with ids intact and sequences moved past them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avisa-copy-'));
    dirs.push(dir);
    const source = await openDatabase({ dataDir: dir });
    await source.migrate();
    await seedSmallIsp(source.db);
    await createUser(source.db, { username: 'ana', name: 'Ana', role: 'admin', password: 'password-123' });
    await createUser(source.db, { username: 'bia', name: 'Bia', role: 'viewer', password: 'password-123' });
    const target = await backend.open();
    try {
      const summary = await copyDatabase(source, target, { batchSize: 3 });
      expect(summary.tables.find((t) => t.table === 'logins')?.rows).toBe(7);
      const tableOrder = summary.tables.map((t) => t.table);
      expect(tableOrder.indexOf('clients')).toBeLessThan(tableOrder.indexOf('contracts'));
      expect(tableOrder.indexOf('contracts')).toBeLessThan(tableOrder.indexOf('logins'));
      expect(await snapshot(target)).toEqual(await snapshot(source));
      const next = await createUser(target.db, { username: 'caio', name: 'Caio', role: 'viewer', password: 'password-123' });
      expect(next.id).toBe(3);
      await expect(copyDatabase(source, target)).rejects.toBeInstanceOf(TargetNotEmptyError);
    } finally {
      await source.close();
      await target.close();
    }
  }, 120_000); // a copy of every table; 15–35 s on a busy 2-core machine
});

describe.runIf(process.env.TEST_DATABASE_URL)('db copy from PostgreSQL back to PGlite', () => {
  it('round-trips', async () => {
    const pg = backends.find((b) => b.name === 'postgres')!;
    const source = await pg.open();
    const target = await openDatabase({ memory: true });
    try {
      await seedSmallIsp(source.db);
      await copyDatabase(source, target);
      expect(await snapshot(target)).toEqual(await snapshot(source));
    } finally {
      await source.close();
      await target.close();
    }
  }, 120_000); // a copy of every table; 15–35 s on a busy 2-core machine
});
