/** The bulk path's edge cases: staged rows merged batch by batch (src/db/bulk.ts, upsert.ts mergeStatement). */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { csv, fixtureDir, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';
import { formatRowError } from './validate.js';

const TZ = 'America/Sao_Paulo';
const files = fixtureDir();
afterAll(() => files.remove());

describe.each(backends)('bulk import on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate logins, contracts, clients, nas, cities`);
    await database.db.execute(sql`insert into clients (id, name, name_search, whatsapp, mobile_e164, mobile_problem)
                                  values (1, 'Ana', 'ana', '48 99912-3456', '+5548999123456', null)`);
    await database.db.execute(sql`insert into contracts (id, client_id, status) values (10, 1, 'A')`);
  });

  const importLogins = (header: string[], rows: string[][], batchSize = 3) =>
    importFile(database.db, { entity: 'logins', path: files.file('logins.csv', csv(header, rows)), timezone: TZ, batchSize });

  it('rejects the bad rows of every batch by line and field, and stores the others of the same batches', async () => {
    const header = ['id', 'login', 'id_cliente', 'online'];
    const rows = Array.from({ length: 10 }, (_, i) => [String(i + 1), `login${i + 1}`, '1', 'S']);
    (rows[1] as string[])[3] = 'X'; // line 3, batch 1
    (rows[4] as string[])[2] = '77'; // line 6, batch 2: no such client
    (rows[8] as string[])[1] = ''; // line 10, batch 3
    const summary = await importLogins(header, rows);
    expect(summary.errors.map((e) => formatRowError(e))).toEqual([
      'line 3, field online: expected one of S, N, SS, I, got "X"',
      'line 6, field id_cliente: client 77 does not exist',
      'line 10, field login: required, got an empty value',
    ]);
    expect([summary.read, summary.inserted, summary.rejected]).toEqual([10, 7, 3]);
    const stored = await rowsOf<{ id: number }>(database.db, sql`select id from logins order by id`);
    expect(stored.map((r) => r.id)).toEqual([1, 3, 4, 6, 7, 8, 10]);
  });

  it('keeps the stored value of every column the file lacks, derived and search columns included', async () => {
    await importLogins(
      ['id', 'login', 'id_cliente', 'id_contrato', 'online', 'bairro', 'ip'],
      [['1', 'ana', '1', '10', 'S', 'Kobrasol', '100.64.0.1']],
    );
    const partial = await importLogins(['id', 'online'], [['1', 'N']]);
    expect([partial.updated, partial.unchanged]).toEqual([1, 0]);
    expect(
      await rowsOf(database.db, sql`select login, contract_id, online, neighbourhood, neighbourhood_search, ip_address from logins`),
    ).toEqual([
      { login: 'ana', contract_id: 10, online: 'N', neighbourhood: 'Kobrasol', neighbourhood_search: 'kobrasol', ip_address: '100.64.0.1' },
    ]);
    // A client's best mobile is computed from the file's phones and the stored ones it lacks (whatsapp first).
    const path = files.file('clientes.csv', csv(['id', 'fone'], [['1', '(48) 3333-4444']]));
    await importFile(database.db, { entity: 'clientes', path, timezone: TZ });
    expect(await rowsOf(database.db, sql`select name, phone, whatsapp, mobile_e164 from clients`)).toEqual([
      { name: 'Ana', phone: '(48) 3333-4444', whatsapp: '48 99912-3456', mobile_e164: '+5548999123456' },
    ]);
  });

  it('updates the rows a second file changes, leaves identical ones unwritten, and says which', async () => {
    const header = ['id', 'login', 'id_cliente', 'online', 'ultima_conexao_final'];
    const first = [
      ['1', 'ana', '1', 'S', '2026-01-15 08:30:00'],
      ['2', 'bia', '1', 'S', ''],
      ['3', 'caio', '1', 'N', '2026-01-14 20:00:00'],
    ];
    await importLogins(header, first);
    await database.db.execute(sql`update logins set updated_at = '2020-01-01T00:00:00Z'`);
    const second = [first[0] as string[], ['2', 'bia', '1', 'N', '2026-01-15 09:00:00'], ['4', 'davi', '1', 'SS', '']];
    const summary = await importLogins(header, second, 2);
    expect([summary.inserted, summary.updated, summary.unchanged]).toEqual([1, 2, 1]);
    const stored = await rowsOf<{ id: number; online: string; ended: string | null; touched: boolean }>(
      database.db,
      sql`select id, online, to_char(session_ended_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as ended,
                 updated_at > '2020-01-02T00:00:00Z' as touched
            from logins order by id`,
    );
    expect(stored).toEqual([
      { id: 1, online: 'S', ended: '2026-01-15 11:30', touched: false },
      { id: 2, online: 'N', ended: '2026-01-15 12:00', touched: true },
      { id: 3, online: 'N', ended: '2026-01-14 23:00', touched: false },
      { id: 4, online: 'SS', ended: null, touched: true },
    ]);
  });

  it('stores quotes, delimiters, line breaks, tabs, backslashes and accents exactly', async () => {
    const values = {
      login: 'josé.d\'ávila"zé"',
      endereco: 'Rua São João, 12\nBloco B\tapto 3 \\ fundos',
      bairro: 'Saco dos Limões',
      motivo_desconexao: 'User-Request; "idle" \\N',
    };
    const header = ['id', 'id_cliente', 'endereco_padrao_cliente', ...Object.keys(values)];
    const summary = await importLogins(header, [['1', '1', 'N', ...Object.values(values)]]);
    expect([summary.inserted, summary.rejected]).toEqual([1, 0]);
    expect(
      await rowsOf(database.db, sql`select login, address, neighbourhood, neighbourhood_search, disconnect_reason from logins`),
    ).toEqual([
      {
        login: values.login,
        address: values.endereco,
        neighbourhood: values.bairro,
        neighbourhood_search: 'saco dos limoes',
        disconnect_reason: values.motivo_desconexao,
      },
    ]);
  });

  it('keeps the last occurrence of an id across batches, and counts every batch', async () => {
    const header = ['id', 'login', 'id_cliente'];
    const rows = [
      ['1', 'first', '1'],
      ['2', 'b', '1'],
      ['3', 'c', '1'], // end of batch 1
      ['1', 'second', '1'],
      ['1', 'third', '1'], // batch 2: 'second' superseded within its batch
      ['4', 'd', '1'],
      ['5', 'e', '1'], // batch 3
    ];
    const summary = await importLogins(header, rows);
    expect([summary.read, summary.inserted, summary.updated, summary.superseded]).toEqual([7, 5, 1, 1]);
    expect(await rowsOf(database.db, sql`select login from logins where id = 1`)).toEqual([{ login: 'third' }]);
  });
});
