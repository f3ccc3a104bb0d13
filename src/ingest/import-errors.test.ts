import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { noticeText } from '../shared/notice-text.js';
import { backends } from '../test-support/databases.js';
import { csv, fixtureDir, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';
import { formatImportSummary } from './summary.js';
import { formatRowError } from './validate.js';

const TZ = 'America/Sao_Paulo';
const files = fixtureDir();
afterAll(() => files.remove());

const header = 'id,login,id_cliente,id_contrato,online,ultima_conexao_final,count_desconexao';

/** A logins CSV with one problem per line; lines 2 and 12 are good. */
function messyLogins(): Buffer {
  const lines = [
    header,
    '1,ana,1,10,S,2026-01-15 08:30:00,0', // 2
    '2,bia,1,10,X,,0', // 3
    'abc,caio,1,10,S,,0', // 4
    '4,davi,1,10,N,2026-13-01 00:00:00,0', // 5
    '5,eva,999,,S,,0', // 6
    '6,fabio,1,888,S,,0', // 7
    '7,"gui"lherme,1,10,S,,0', // 8
    `8,${'h'.repeat(10_000_000)},1,10,S,,0`, // 9
    '9,JOS\u0000,1,10,S,,0', // 10: the NUL is replaced by an invalid UTF-8 byte below
    '10,karla,1,10,S,,0,extra', // 11
    '11,lia,1,,SS,,', // 12
    '12,,1,10,S,,0', // 13
    '13,"multi\nline",1,10,N,2026-01-15 09:00:00,2', // 14-15: a login holds one line: a stray quote
    '14,nina,1,10,S,,1.5', // 16
  ];
  const buffer = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  buffer[buffer.indexOf(0)] = 0xc3; // a lone lead byte: "JOSÃ" in windows-1252, invalid in UTF-8
  return buffer;
}

describe.each(backends)('importFile with bad input on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate logins, contracts, clients`);
    await database.db.execute(sql`insert into clients (id, name, name_search) values (1, 'Ana', 'ana')`);
    await database.db.execute(sql`insert into contracts (id, client_id, status) values (10, 1, 'A')`);
  });

  it('rejects each bad row by line and field, and stores the good rows of the same file', async () => {
    const path = files.file('logins.csv', messyLogins());
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ, batchSize: 3 });
    expect(summary.errors.map((e) => formatRowError(e))).toEqual([
      'line 3, field online: expected one of S, N, SS, I, got "X"',
      'line 4, field id: expected a positive integer id, got "abc"',
      'line 5, field ultima_conexao_final: expected a date-time YYYY-MM-DD HH:MM:SS, got "2026-13-01 00:00:00" (no such date)',
      'line 6, field id_cliente: client 999 does not exist',
      'line 7, field id_contrato: contract 888 does not exist',
      'line 8, field login: broken quoting: a closing quote must be followed by the delimiter or the end of the line',
      'line 9, field login: value longer than 65536 characters, skipped',
      'line 10, field login: invalid UTF-8 bytes; if the file is not UTF-8, import it with the windows-1252 encoding',
      'line 11: wrong number of fields: the header has 7, this line has 8',
      'line 13, field login: required, got an empty value',
      'line 14, field login: unclosed quote: the quoted value opened on this line runs onto the next line, in a field that holds one line; the line is skipped and reading resumes at the next one',
      'line 15: wrong number of fields: the header has 7, this line has 6',
      'line 16, field count_desconexao: expected an integer from 0 to 2147483647, got "1.5"',
    ]);
    // The same errors as the pt-BR screens show them, from each error's code and params.
    expect(summary.errors.map((e) => noticeText(e.notice, 'pt-BR'))).toEqual([
      'esperado um destes códigos: S, N, SS, I; veio "X"',
      'esperado um id inteiro positivo; veio "abc"',
      'esperada uma data e hora AAAA-MM-DD HH:MM:SS; veio "2026-13-01 00:00:00", que não existe no calendário',
      'cliente 999 não existe',
      'contrato 888 não existe',
      'aspas quebradas: depois de fechar aspas deve vir o separador ou o fim da linha',
      'valor com mais de 65536 caracteres, ignorado',
      'bytes que não são UTF-8; se o arquivo não é UTF-8, importe-o com a codificação Windows-1252',
      'número de campos errado: o cabeçalho tem 7, esta linha tem 8',
      'obrigatório, mas veio vazio',
      'aspas não fechadas: o valor entre aspas aberto nesta linha continua na linha seguinte, num campo de uma linha só; a linha é ignorada e a leitura continua na seguinte',
      'número de campos errado: o cabeçalho tem 7, esta linha tem 6',
      'esperado um número inteiro de 0 a 2147483647; veio "1.5"',
    ]);
    expect([summary.read, summary.inserted, summary.rejected, summary.errorCount]).toEqual([15, 2, 13, 13]);
    expect(await rowsOf(database.db, sql`select id, login, contract_id, online from logins order by id`)).toEqual([
      { id: 1, login: 'ana', contract_id: 10, online: 'S' },
      { id: 11, login: 'lia', contract_id: null, online: 'SS' },
    ]);
    const text = formatImportSummary(summary);
    expect(text).toContain('rejected   13');
    expect(text).toContain('line 6, field id_cliente: client 999 does not exist');
  });

  it('lists the columns it ignores even when no row of the file could be read', async () => {
    const path = files.file('logins.csv', 'id,login,id_cliente,obs,senha\n1,ana,1,x\n2,"bia\n');
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ });
    expect([summary.read, summary.rejected]).toEqual([2, 2]);
    expect([summary.ignoredColumns, summary.secretColumns]).toEqual([['obs', 'senha'], ['senha']]);
  });

  it('reads the same bytes as windows-1252 when told', async () => {
    const bytes = Buffer.from(`${header}\n9,JOS\u00c3,1,10,S,,0\n`, 'latin1');
    const path = files.file('logins.csv', bytes);
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ, encoding: 'windows-1252' });
    expect(summary.rejected).toBe(0);
    expect(await rowsOf(database.db, sql`select login from logins`)).toEqual([{ login: 'JOSÃ' }]);
  });

  it('rejects a contract of an unknown client and keeps the others', async () => {
    const path = files.file(
      'contratos.csv',
      csv(['id', 'id_cliente', 'status'], [['20', '1', 'A'], ['21', '123', 'A'], ['22', '1', 'Z']]),
    );
    const summary = await importFile(database.db, { entity: 'contratos', path, timezone: TZ });
    expect(summary.errors.map((e) => formatRowError(e))).toEqual([
      'line 3, field id_cliente: client 123 does not exist',
      'line 4, field status: expected one of A, I, P, N, D, got "Z"',
    ]);
    expect(await rowsOf(database.db, sql`select id from contracts order by id`)).toEqual([{ id: 10 }, { id: 20 }]);
  });

  it('updates existing rows from a file lacking a required field, but cannot create new ones from it', async () => {
    await database.db.execute(sql`insert into logins (id, login, client_id) values (1, 'ana', 1)`);
    const path = files.file('logins.csv', csv(['id', 'online'], [['1', 'N'], ['2', 'S']]));
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ });
    expect(summary.errors.map((e) => formatRowError(e))).toEqual([
      'line 3, field login: required to create login 2, but the source has no such field',
    ]);
    expect(await rowsOf(database.db, sql`select id, login, online from logins`)).toEqual([
      { id: 1, login: 'ana', online: 'N' },
    ]);
  });

  it('refuses an unknown zone, format or file before reading anything', async () => {
    const path = files.file('logins.csv', `${header}\n`);
    const run = (options: Partial<Parameters<typeof importFile>[1]>) =>
      importFile(database.db, { entity: 'logins', path, timezone: TZ, ...options });
    await expect(run({ timezone: 'Mars/Olympus' })).rejects.toThrow(/unknown time zone "Mars\/Olympus"/);
    await expect(run({ path: files.file('logins.xlsx', 'x') })).rejects.toBeInstanceOf(AppError);
    await expect(run({ path: '/nonexistent/logins.csv' })).rejects.toThrow(/cannot read/);
  });
});
