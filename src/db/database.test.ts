import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { type Database, openDatabase, queryRows } from './database.js';
import { DataDirLockedError } from './lock.js';
import { clients } from './schema/subscribers.js';

describe.each(backends)('storage on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('applies migrations idempotently', async () => {
    await database.migrate();
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from clients`);
    expect(rows[0]?.n).toBe(0);
  });

  it('converts IXC wall-clock time with the installation zone', async () => {
    const rows = await queryRows<{ at: Date }>(
      database.db,
      sql`select ('2026-01-15 08:30:00'::timestamp at time zone 'America/Sao_Paulo') as at`,
    );
    expect(new Date(rows[0]!.at).toISOString()).toBe('2026-01-15T11:30:00.000Z');
  });

  it('rejects a contract status outside IXC codes', async () => {
    await database.db.insert(clients).values({ id: 1, name: 'Ana', nameSearch: 'ana' });
    await expect(
      database.db.execute(sql`insert into contracts (id, client_id, status) values (1, 1, 'X')`),
    ).rejects.toThrow();
  });
});

describe('embedded data directory', () => {
  it('refuses a second opener with a clear error, and reopens after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avisa-lock-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.migrate();
      await first.db.insert(clients).values({ id: 7, name: 'Bia', nameSearch: 'bia' });
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      await first.close();
      const second = await openDatabase({ dataDir: dir });
      const rows = await queryRows<{ name: string }>(second.db, sql`select name from clients where id = 7`);
      expect(rows).toEqual([{ name: 'Bia' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds a 32MB buffer cache unless the installation sets another (AVISA_PGLITE_SHARED_BUFFERS)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'avisa-buffers-'));
    try {
      const show = async (database: Database) => (await queryRows<{ shared_buffers: string }>(database.db, sql`show shared_buffers`))[0]?.shared_buffers;
      const byDefault = await openDatabase({ dataDir: dir });
      expect(await show(byDefault)).toBe('32MB');
      await byDefault.close();
      const larger = await openDatabase({ dataDir: dir, sharedBuffers: '64MB' });
      expect(await show(larger)).toBe('64MB');
      await larger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
