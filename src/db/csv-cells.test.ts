import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, formatDuration, localTimeFormatter } from '../shared/csv.js';
import { formatPhone } from '../shared/phone.js';
import { backends } from '../test-support/databases.js';
import { copyCsv } from './copy-csv.js';
import { durationCell, phoneCell, textCell, timeCell } from './csv-cells.js';
import { type Database, queryRows } from './database.js';

const phones = fc.oneof(
  fc.constantFrom('+5548999123456', '+554833334444', '+55489991234567', '+55 48 99912-3456', '+5548999l23456', '+14155550123', '+55１２345678901', ''),
  fc.stringMatching(/^\+55\d{8,12}$/),
  fc.string({ maxLength: 16 }),
);
const texts = fc.oneof(
  fc.constantFrom('', '=1+1', '+55', '-', '@x', '\tTab', '\rCR', 'a;b', 'say "hi"', 'duas\nlinhas', 'ação', "'quoted'"),
  fc.string({ maxLength: 12 }),
);
/** Instants from 1990 to 2040, to the millisecond: DST changes of São Paulo included. */
const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms).toISOString());

describe.each(backends)('CSV cells written by $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  /** Each value through `cell` in one statement, as COPY writes the records (quoting as csvField does). */
  const viaCopy = async (values: readonly (string | number)[], type: string, cell: (v: SQL) => SQL, timeZone = 'UTC'): Promise<string[]> => {
    const select = sql`select ${cell(sql`x.v`)} from unnest(${sql.param(values)}::${sql.raw(type)}[]) with ordinality x(v, i) order by x.i`;
    const pieces: Uint8Array[] = [];
    for await (const piece of copyCsv(database.db, { select: () => select, nth: () => sql`select 1 where false` }, { timeZone })) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8').split('\r\n').slice(0, -1);
  };
  const sample = <T>(arbitrary: fc.Arbitrary<T>, extra: T[] = []) => [...extra, ...fc.sample(arbitrary, { numRuns: 300, seed: 19 })];

  it('writes text as csvField does: empty, formulas neutralised, quotes', async () => {
    const values = sample(texts).filter((v) => !v.includes('\0') && !v.includes('\r\n'));
    expect(await viaCopy(values, 'text', textCell)).toEqual(values.map((v) => csvField(v)));
  });

  it('writes a phone as formatPhone does', async () => {
    const values = sample(phones).filter((v) => !v.includes('\0') && !v.includes('\r\n') && v !== '');
    expect(await viaCopy(values, 'text', phoneCell)).toEqual(values.map((v) => csvField(formatPhone(v), true)));
  });

  it('writes instants as localTimeFormatter does, in two zones', async () => {
    const values = sample(instants, ['2018-11-04T02:59:59.999Z', '2018-11-04T03:00:00Z', '2019-02-17T01:59:59Z', '2019-02-17T02:00:00Z']);
    for (const zone of ['America/Sao_Paulo', 'America/Manaus']) {
      const time = localTimeFormatter(zone);
      expect(await viaCopy(values, 'timestamptz', timeCell, zone), zone).toEqual(values.map((v) => time(v)));
    }
  });

  it('writes durations as formatDuration does', async () => {
    const values = sample(fc.integer({ min: 0, max: 400 * 86_400 }), [0, 59, 3_599, 86_399, 86_400, 90_061]);
    expect(await viaCopy(values, 'int8', durationCell)).toEqual(values.map((v) => formatDuration(v)));
  });

  it('reads the same with parameters as inlined', async () => {
    expect(await queryRows(database.db, sql`select ${phoneCell(sql`${'+5548999123456'}::text`)} as p`)).toEqual([{ p: '+55 (48) 99912-3456' }]);
  });
});
