/**
 * The done-when test of a malformed export: 10,000 logins, about 6% broken in every way (malformed.test-support.ts),
 * imported over rows stored before. Every good row is stored, each bad row gives exactly one error with its line
 * (and field), and nothing stored before is lost.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { csv, fixtureDir, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';
import { MALFORMED_CLIENT, MALFORMED_NAS, malformedLogins } from './malformed.test-support.js';

const TZ = 'America/Sao_Paulo';
const ROWS = 10_000;
const files = fixtureDir();
afterAll(() => files.remove());

/** Logins stored before: 200 ids the file has too (good or bad there), 200 it does not. */
const PRIOR_IDS = [...Array.from({ length: 200 }, (_, i) => i + 1), ...Array.from({ length: 200 }, (_, i) => 20_001 + i)];
const priorMac = (id: number) => `AA:BB:CC:00:${String(Math.floor(id / 100) % 100).padStart(2, '0')}:${String(id % 100).padStart(2, '0')}`;

describe.each(backends)('importing a malformed 10,000-row CSV on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await database.db.execute(sql`insert into clients (id, name, name_search) values (${MALFORMED_CLIENT}, 'Ana', 'ana')`);
    await database.db.execute(sql`insert into nas (id, name) values (${MALFORMED_NAS.id}, ${MALFORMED_NAS.name})`);
  });
  afterAll(async () => database?.close());

  it('keeps every valid row, gives one error per bad row, and loses nothing stored before', async () => {
    const prior = files.file(
      'prior.csv',
      csv(['id', 'login', 'id_cliente', 'mac'], PRIOR_IDS.map((id) => [String(id), `prev-${id}`, '1', priorMac(id)])),
    );
    expect((await importFile(database.db, { entity: 'logins', path: prior, timezone: TZ })).inserted).toBe(400);

    const file = malformedLogins(ROWS);
    expect(file.valid.size + file.bad.length).toBe(ROWS);
    expect(file.bad.length).toBeGreaterThan(400);
    const path = files.file('logins.csv', file.content);
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ });

    // One error per bad row, at its line, naming its field.
    expect(summary.errors.map((e) => ({ line: e.line, field: e.field }))).toEqual(
      file.bad.map(({ line, field }) => ({ line, field })),
    );
    expect([summary.read, summary.rejected, summary.errorCount]).toEqual([ROWS, file.bad.length, file.bad.length]);
    expect(summary.inserted + summary.updated).toBe(file.valid.size);
    expect(summary.ignoredColumns).toEqual(['obs']);

    // Every valid row stored; a bad row leaves what was stored before it untouched.
    const stored = await rowsOf<{ id: number; login: string; mac: string | null; nas_id: number | null }>(
      database.db,
      sql`select id, login, mac_address as mac, nas_id from logins order by id`,
    );
    const expected = new Map<number, string>(PRIOR_IDS.map((id) => [id, `prev-${id}`]));
    for (const [id, login] of file.valid) expected.set(id, login);
    expect(stored.map((r) => [r.id, r.login])).toEqual([...expected].sort(([a], [b]) => a - b));
    // Columns the file lacks keep their values; the NAS named in either case is resolved.
    expect(stored.filter((r) => PRIOR_IDS.includes(r.id)).map((r) => r.mac)).toEqual(PRIOR_IDS.map(priorMac));
    expect(stored.filter((r) => file.valid.has(r.id)).every((r) => r.nas_id === MALFORMED_NAS.id)).toBe(true);
  });
});
