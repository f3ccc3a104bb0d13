import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test-support/databases.js';
import { type Database, queryRows } from './database.js';
import { inlineSql, sqlLiteral } from './sql-inline.js';

describe('inlining parameters', () => {
  it.each([
    [null, 'null'],
    ["O'Brien", "E'O''Brien'"],
    ['C:\\dir', "E'C:\\\\dir'"],
    [42, "E'42'"],
    [true, "E'true'"],
    [new Date('2026-01-15T15:00:00Z'), "E'2026-01-15T15:00:00.000Z'"],
    [[1, 2], "E'{\"1\",\"2\"}'"],
    [['a"b', null], "E'{\"a\\\\\"b\",NULL}'"],
    [{ a: "it's" }, "E'{\"a\":\"it''s\"}'"],
  ])('%j → %s', (value, literal) => expect(sqlLiteral(value)).toBe(literal));

  it('refuses what has no literal', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow(/no SQL literal/);
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });

  it('leaves placeholders inside literals, quoted identifiers and comments alone', () => {
    const text = inlineSql(sql`select '$1' as "$1", E'\\'$1' as e, ${'x'} as v -- $1
      /* $1 */ , ${2}::int as n`);
    expect(text).toBe(`select '$1' as "$1", E'\\'$1' as e, E'x' as v -- $1
      /* $1 */ , E'2'::int as n`);
  });
});

describe.each(backends)('inlined statements on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  it('mean what they mean with parameters: texts, numbers, arrays, instants, JSON', async () => {
    const tricky = `it's a \\ "test"; with\nlines and ação`;
    const statement = sql`select ${tricky}::text as t, ${7}::int + 1 as n, ${9007199254740991}::int8 as big,
      ${sql.param([3, 1, 2])}::int4[] as ids, ${sql.param(['a"b', 'c\\d', "e'f", 'g,h', '{i}'])}::text[] as names,
      ${'2026-01-15T12:00:00-03:00'}::timestamptz = ${new Date('2026-01-15T15:00:00Z')} as same_instant,
      (${JSON.stringify({ a: tricky })}::jsonb)->>'a' as from_json, ${null}::text as nothing,
      1 = any(${sql.param([1, 5])}::int4[]) as found, ${true} = true as flag`;
    const withParams = await queryRows(database.db, statement);
    const inlined = await queryRows(database.db, sql.raw(inlineSql(statement)));
    expect(inlined).toEqual(withParams);
    expect(inlined[0]).toMatchObject({ t: tricky, n: 8, ids: [3, 1, 2], names: ['a"b', 'c\\d', "e'f", 'g,h', '{i}'], same_instant: true, from_json: tricky, nothing: null, found: true, flag: true });
  });
});
