/**
 * New embedded data directories copied from an empty cluster (./pglite-template.ts): the copy opens, migrates and
 * keeps data like a directory PGlite's initdb made; a directory that holds a cluster is never overwritten; a copy
 * cut short is made again.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from './database.js';
import { seedDataDir, writePgliteTemplate } from './pglite-template.js';

describe('new PGlite data directories from the build’s empty cluster', () => {
  let root: string;
  let template: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'avisa-template-'));
    template = join(root, 'template');
    await writePgliteTemplate(template);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Rows of `table` after opening and migrating `dataDir`. */
  const count = async (dataDir: string, table: string) => {
    const database = await openDatabase({ dataDir, template });
    try {
      await database.migrate();
      return (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n;
    } finally {
      await database.close();
    }
  };

  it('opens a copy that migrates and keeps what is written, and never copies over a cluster', async () => {
    const dataDir = join(root, 'data');
    const database = await openDatabase({ dataDir, template });
    try {
      await database.migrate();
      await database.db.execute(sql`create table kept (note text)`);
      await database.db.execute(sql`insert into kept values ('still here')`);
    } finally {
      await database.close();
    }
    expect(seedDataDir(dataDir, template)).toBe(false);
    expect(await count(dataDir, 'kept')).toBe(1);
  });

  it('copies again after a copy cut short, which never got PG_VERSION', async () => {
    const dataDir = join(root, 'cut');
    mkdirSync(join(dataDir, 'base'), { recursive: true });
    writeFileSync(join(dataDir, 'base', 'half-written'), 'x');
    expect(seedDataDir(dataDir, template)).toBe(true);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(await count(dataDir, 'logins')).toBe(0);
  });

  it('leaves a new directory to PGlite’s initdb when there is no template', () => {
    const dataDir = join(root, 'none');
    mkdirSync(dataDir);
    expect(seedDataDir(dataDir, join(root, 'no-such-template'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
