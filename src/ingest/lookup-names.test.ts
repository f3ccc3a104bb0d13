import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { noticeText } from '../shared/notice-text.js';
import { backends } from '../test-support/databases.js';
import { csv, fixtureDir, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';
import { formatRowError } from './validate.js';

const TZ = 'America/Sao_Paulo';
const files = fixtureDir();
afterAll(() => files.remove());

describe.each(backends)('logins naming their NAS, POP and plan on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate logins, contracts, clients, nas, pops, radius_groups`);
    await database.db.execute(sql`insert into clients (id, name, name_search) values (1, 'Ana', 'ana')`);
    await database.db.execute(sql`insert into nas (id, name) values (5, 'BRAS-FLN-01'), (6, 'BRAS-SJ'), (7, 'bras-sj')`);
    await database.db.execute(sql`insert into pops (id, name) values (8, 'OLT Centro')`);
    await database.db.execute(sql`insert into radius_groups (id, name) values (2, 'Fibra 300M')`);
  });

  it('resolves names case-insensitively, and rejects a row whose name is unknown or ambiguous', async () => {
    const path = files.file(
      'logins.csv',
      csv(
        ['id', 'login', 'id_cliente', 'concentrador', 'transmissor', 'grupo'],
        [
          ['100', 'ana', '1', 'bras-fln-01', 'OLT CENTRO', 'fibra 300m'],
          ['101', 'bia', '1', 'BRAS-XYZ', 'OLT Centro', 'Fibra 300M'],
          ['102', 'caio', '1', 'BRAS-SJ', '', ''],
          ['103', 'davi', '1', '', 'OLT Norte', ''],
          ['104', 'eva', '1', '', '', ''],
        ],
      ),
    );
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ });
    expect(summary.errors.map((e) => formatRowError(e))).toEqual([
      'line 3, field concentrador: no NAS named "BRAS-XYZ"; give id_concentrador to create it',
      'line 4, field concentrador: 2 NAS rows are named "BRAS-SJ" (ids 6, 7); give id_concentrador instead',
      'line 5, field transmissor: no POP named "OLT Norte"; give id_transmissor to create it',
    ]);
    expect(summary.errors.map((e) => noticeText(e.notice, 'pt-BR'))).toEqual([
      'nenhum registro de NAS com o nome "BRAS-XYZ"; informe id_concentrador para criá-lo',
      '2 registros de NAS têm o nome "BRAS-SJ" (ids 6, 7); informe id_concentrador',
      'nenhum registro de POP com o nome "OLT Norte"; informe id_transmissor para criá-lo',
    ]);
    expect([summary.inserted, summary.rejected, summary.ignoredColumns]).toEqual([2, 3, []]);
    expect(await rowsOf(database.db, sql`select id, nas_id, pop_id, radius_group_id from logins order by id`)).toEqual([
      { id: 100, nas_id: 5, pop_id: 8, radius_group_id: 2 },
      { id: 104, nas_id: null, pop_id: null, radius_group_id: null },
    ]);
    expect(await rowsOf(database.db, sql`select id, name from nas order by id`)).toEqual([
      { id: 5, name: 'BRAS-FLN-01' },
      { id: 6, name: 'BRAS-SJ' },
      { id: 7, name: 'bras-sj' },
    ]);
  });

  it('takes the id over the name when the file has both, naming only placeholders', async () => {
    const path = files.file(
      'logins.csv',
      csv(['id', 'login', 'id_cliente', 'id_concentrador', 'concentrador'], [['100', 'ana', '1', '9', 'BRAS-NOVO']]),
    );
    const summary = await importFile(database.db, { entity: 'logins', path, timezone: TZ });
    expect(summary.rejected).toBe(0);
    expect(await rowsOf(database.db, sql`select nas_id from logins`)).toEqual([{ nas_id: 9 }]);
    expect(await rowsOf(database.db, sql`select name from nas where id = 9`)).toEqual([{ name: 'BRAS-NOVO' }]);
  });
});
