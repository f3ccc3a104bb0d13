import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { generateDemo } from '../ingest/demo/generate.js';
import { csvField, csvHead, formatDuration, localTimeFormatter } from '../shared/csv.js';
import { backends } from '../test-support/databases.js';
import { type CsvExportOptions, exportFileName, loginsCsv } from './export-csv.js';
import { referenceLoginsCsv } from './export-csv.reference.test-support.js';
import type { IdFilter, ReportSort } from './filter.js';

describe('CSV pieces', () => {
  it.each([
    [null, ''],
    [42, '42'],
    ['Centro', 'Centro'],
    ['Padaria; Mel', '"Padaria; Mel"'],
    ['Bar "do Zé"', '"Bar ""do Zé"""'],
    ['duas\nlinhas', '"duas\nlinhas"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+55 (48) 99912-3456', "'+55 (48) 99912-3456"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-', "'-"],
  ])('field %j → %s', (value, text) => expect(csvField(value)).toBe(text));

  it('leaves Avisa’s own formatting and numbers alone', () => {
    expect(csvField('+55 (48) 99912-3456', true)).toBe('+55 (48) 99912-3456');
    expect(csvField(-3)).toBe('-3');
  });

  it.each([
    [0, '00:00:00'],
    [59, '00:00:59'],
    [3_661, '01:01:01'],
    [86_400, '1d 00:00:00'],
    [3 * 86_400 + 4 * 3_600 + 5 * 60 + 6, '3d 04:05:06'],
  ])('duration %d s → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it('writes instants as Brazilian wall-clock time, across a DST change and a zone without DST', () => {
    const sp = localTimeFormatter('America/Sao_Paulo');
    expect(sp('2026-01-15T15:00:00.000Z')).toBe('15/01/2026 12:00:00');
    expect(sp('2026-01-15T02:59:59.000Z')).toBe('14/01/2026 23:59:59');
    expect(sp(null)).toBe('');
    // São Paulo had DST until 2019: 2018-11-04 00:00 local became 01:00 (UTC−2).
    expect(sp('2018-11-04T02:59:59Z')).toBe('03/11/2018 23:59:59');
    expect(sp('2018-11-04T03:00:00Z')).toBe('04/11/2018 01:00:00');
    expect(localTimeFormatter('America/Manaus')('2026-01-15T15:00:00Z')).toBe('15/01/2026 11:00:00');
    const manyTimes = Array.from({ length: 2000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 977_000).toISOString());
    const reference = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'medium' });
    for (const iso of manyTimes) expect(sp(iso)).toBe(reference.format(new Date(iso)).replace(',', ''));
  });

  it('names the file after the local time of the export', () => {
    expect(exportFileName(new Date('2026-01-15T17:32:10Z'), 'America/Sao_Paulo')).toBe('status-logins-20260115-1432.csv');
  });
});

const NOW = new Date('2026-01-15T15:00:00Z');

/**
 * Values that test a CSV writer, put on the demo's rows: separators, quotes, line breaks, accents, formulas, empty
 * text, NULLs, instants with milliseconds (and one after `now`), every mobile problem and a landline.
 */
async function makeAwkward(db: Database['db']): Promise<void> {
  const names = ['Padaria "Pão; Mel" Ltda', 'José, Açaí & Cia', 'duas\nlinhas', '=HYPERLINK("http://x")', '+55 nome', '-', '@SUM(A1)', '\tTab', 'CR\rno meio', 'Ñandú Ü'];
  for (const [i, name] of names.entries()) await db.execute(sql`update clients set name = ${name} where id = ${i + 1}`);
  await db.execute(sql`update clients set email = case id when 1 then 'a;b@x.com' when 2 then '' when 3 then null when 4 then '=1@x.com' else email end where id <= 4`);
  await db.execute(sql`update clients set mobile_e164 = null, mobile_problem = case id when 5 then 'invalid' when 6 then 'landline' else 'missing' end where id in (5, 6, 7)`);
  await db.execute(sql`update clients set mobile_e164 = '+554833334444', mobile_problem = null where id = 8`);
  await db.execute(sql`update logins set disconnect_reason = case id % 4 when 0 then null when 1 then '' when 2 then 'Lost-Carrier; "x"' else '-Idle' end,
                         ftth_port = case when id % 5 = 0 then '=1' else ftth_port end where id <= 40`);
  await db.execute(sql`update logins set online = 'N', session_ended_at = case id
      when 11 then '2026-01-15T14:59:59.999Z'::timestamptz when 12 then '2026-01-15T15:00:01Z' when 13 then null
      when 14 then '2026-01-12T10:56:55.5Z' when 15 then '2025-01-15T15:00:00Z' else '2018-11-04T02:59:59.25Z' end where id between 11 and 16`);
  await db.execute(sql`update logins set online = 'I', session_started_at = '2018-11-04T03:00:00.75Z' where id = 17`);
  await db.execute(sql`update logins set contract_id = null where id = 18`);
  await db.execute(sql`update logins set login = case id when 19 then '-dash' when 20 then 'ação@x' else login end where id in (19, 20)`);
  await db.execute(sql`update nas set name = 'BRAS "Centro"; 1' where id = 1`);
}

describe.each(backends)('the CSV export written by $name, byte for byte as before', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await generateDemo(database.db, { logins: 700, seed: 11, timezone: 'America/Sao_Paulo', now: NOW });
    await makeAwkward(database.db);
  });
  afterAll(async () => database?.close());

  const exported = async (options: CsvExportOptions) => {
    const body = loginsCsv(database.db, options);
    const pieces: Uint8Array[] = [Buffer.from(csvHead(body.headers))];
    for await (const piece of body.records) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8');
  };

  const cases: [string, IdFilter, ReportSort | undefined, string][] = [
    ['everything', {}, undefined, 'America/Sao_Paulo'],
    ['offline, longest first', { online: ['offline'] }, { column: 'offlineSeconds', dir: 'desc' }, 'America/Sao_Paulo'],
    ['by client name, another zone', {}, { column: 'clientName', dir: 'asc' }, 'America/Manaus'],
    ['one NAS by reason', { nasIds: [1] }, { column: 'disconnectReason', dir: 'desc' }, 'America/Sao_Paulo'],
    ['nothing matches', { login: 'no-such-login' }, undefined, 'America/Sao_Paulo'],
  ];

  it.each(cases)('%s', async (_, filter, sort, timeZone) => {
    const options = { filter, timeZone, now: NOW, ...(sort ? { sort } : {}) };
    const want = await referenceLoginsCsv(database.db, options);
    expect(want.split('\r\n').length).toBeGreaterThan(filter.login ? 1 : 20);
    expect(await exported(options)).toBe(want);
    // in several COPY statements too (PGlite's way), and with the filter fenced first
    expect(await exported({ ...options, rowsPerCopy: 37 })).toBe(want);
    expect(await exported({ ...options, rowsPerCopy: 64, filterFirst: true })).toBe(want);
  });

  it('holds the awkward values the comparison is meant to catch', async () => {
    const text = await exported({ filter: {}, timeZone: 'America/Sao_Paulo', now: NOW });
    for (const written of [
      ';"Padaria ""Pão; Mel"" Ltda";',
      ';"duas\nlinhas";',
      ';"\'=HYPERLINK(""http://x"")";',
      ";'+55 nome;",
      ";'@SUM(A1);",
      ';"a;b@x.com"\r\n',
      ';"BRAS ""Centro""; 1";',
      ';+55 (48) 3333-4444;',
      ';celular inválido;',
      ';só telefone fixo;',
      ';03/11/2018 23:59:59;',
      ';04/11/2018 01:00:00;',
      ';Offline;',
      ';Sem status;',
    ]) {
      expect(text, written).toContain(written);
    }
  });
});
