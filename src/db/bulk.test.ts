import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { inBulkTransaction } from './bulk.js';
import { copyText, type StageColumn } from './copy-text.js';
import { type Database, inTransaction, queryRows } from './database.js';

const tricky = ['', 'a\tb', 'line\nbreak', 'cr\r\nlf', 'back\\slash', '\\N', 'José "Zé" d’Ávila', 'emoji 📶', ' spaced '];

describe('copyText', () => {
  it('writes COPY text: tabs between values, \\N for null, escapes for what would break a row', () => {
    const columns: StageColumn[] = [
      { name: 'a', type: 'text', values: ['x\ty', null, '\\'] },
      { name: 'b', type: 'bool', values: [true, false, null] },
      { name: 'c', type: 'float8', values: [1.5, -0, 1e-7] },
    ];
    expect([...copyText(columns)].join('')).toBe('x\\ty\tt\t1.5\n\\N\tf\t0\n\\\\\t\\N\t1e-7\n');
  });

  it('refuses columns of different lengths', () => {
    const columns: StageColumn[] = [
      { name: 'a', type: 'int4', values: [1, 2] },
      { name: 'b', type: 'int4', values: [1] },
    ];
    expect(() => [...copyText(columns)]).toThrow(/column b has 1 values, not 2/);
  });
});

describe.each(backends)('inBulkTransaction on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await database.db.execute(sql`create table bulk_target (id int primary key, label text, flag bool, ratio float8)`);
  });
  afterAll(async () => database?.close());

  it('copies every value back exactly, nulls and empty strings apart, across pieces of the COPY text', async () => {
    const n = 2_500; // more than one piece of COPY text
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const labels = ids.map((i) => (i % 10 === 0 ? null : `${tricky[i % tricky.length]}#${i}`));
    labels[1] = '';
    const rows = await inBulkTransaction(database.db, async (tx) => {
      const copied = await tx.stage('bulk_stage', [
        { name: 'id', type: 'int4', values: ids },
        { name: 'label', type: 'text', values: labels },
        { name: 'flag', type: 'bool', values: ids.map((i) => (i % 3 === 0 ? null : i % 2 === 0)) },
        { name: 'ratio', type: 'float8', values: ids.map((i) => i / 7) },
      ]);
      expect(copied).toBe(n);
      return queryRows<{ id: number; label: string | null; flag: boolean | null; ratio: number }>(
        tx.db,
        sql`select id, label, flag, ratio from bulk_stage order by id`,
      );
    });
    expect(rows).toHaveLength(n);
    expect(rows.map((r) => r.label)).toEqual(labels);
    expect(rows[0]).toEqual({ id: 1, label: `${tricky[1]}#1`, flag: false, ratio: 1 / 7 });
    expect(rows[2]?.flag).toBeNull();
  });

  it('drops the staged table when the transaction ends: the next one starts clean, the same name free', async () => {
    for (let round = 0; round < 2; round++) {
      await inBulkTransaction(database.db, async (tx) => {
        await tx.stage('bulk_again', [{ name: 'id', type: 'int4', values: [round] }]);
        const [row] = await queryRows<{ n: number }>(tx.db, sql`select count(*)::int as n from bulk_again`);
        expect(row?.n).toBe(1);
      });
    }
    await expect(database.db.execute(sql`select * from bulk_again`)).rejects.toThrow();
  });

  it('commits what the work wrote, and rolls all of it back when the work throws', async () => {
    const merge = (tx: Parameters<Parameters<typeof inBulkTransaction>[1]>[0]) =>
      tx.db.execute(sql`insert into bulk_target (id, label) select id, label from bulk_merge`);
    await inBulkTransaction(database.db, async (tx) => {
      await tx.stage('bulk_merge', [
        { name: 'id', type: 'int4', values: [1, 2] },
        { name: 'label', type: 'text', values: ['um', 'dois'] },
      ]);
      await merge(tx);
    });
    await expect(
      inBulkTransaction(database.db, async (tx) => {
        await tx.stage('bulk_merge', [
          { name: 'id', type: 'int4', values: [3] },
          { name: 'label', type: 'text', values: ['três'] },
        ]);
        await merge(tx);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await expect(
      inBulkTransaction(database.db, (tx) => tx.stage('bulk_bad', [{ name: 'id', type: 'int4', values: ['not a number'] }])),
    ).rejects.toThrow();
    const stored = await queryRows<{ id: number; label: string }>(database.db, sql`select id, label from bulk_target order by id`);
    expect(stored).toEqual([
      { id: 1, label: 'um' },
      { id: 2, label: 'dois' },
    ]);
  });

  it('refuses a database it did not open, such as a transaction', async () => {
    await inTransaction(database.db, async (tx) => {
      expect(() => inBulkTransaction(tx, async () => {})).toThrow(/not a database opened by openDatabase/);
    });
  });
});
