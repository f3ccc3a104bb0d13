/**
 * The trigger that copies a login's report columns is skipped only by a transaction that says it gives them
 * (the demo's fresh path); every other write still gets them from the client and contract. The demo's own
 * columns are checked against the trigger's in src/ingest/demo/generate.test.ts (fresh vs merge).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, inTransaction, queryRows } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { loginReportColumns, parentsById, REPORT_COLUMNS_GIVEN } from './report-columns.js';

const report = async (database: Database, id: number) =>
  (
    await queryRows<{ city: number | null; status: string | null }>(
      database.db,
      sql`select effective_city_id as city, contract_status as status from logins where id = ${id}`,
    )
  )[0];

describe.each(backends)('report columns given on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
    await database.db.execute(sql`insert into clients (id, name, name_search, city_id) values (1, 'Cliente', 'cliente', 1)`);
    await database.db.execute(sql`insert into contracts (id, client_id, status) values (1, 1, 'A')`);
  });
  afterAll(async () => database?.close());

  const insertLogin = (db: Database['db'], id: number) =>
    db.execute(sql`insert into logins (id, login, client_id, contract_id, effective_city_id, contract_status)
                   values (${id}, ${`l${id}`}, 1, 1, 2, 'D')`);

  it('keeps the columns a transaction gives, and only in that transaction', async () => {
    await inTransaction(database.db, async (tx) => {
      await tx.execute(sql`select set_config(${REPORT_COLUMNS_GIVEN.name}, ${REPORT_COLUMNS_GIVEN.value}, true)`);
      await insertLogin(tx, 1);
    });
    expect(await report(database, 1)).toEqual({ city: 2, status: 'D' });
    await insertLogin(database.db, 2); // a later write without the setting: the trigger looks them up
    expect(await report(database, 2)).toEqual({ city: 1, status: 'A' });
    await database.db.execute(sql`update logins set contract_id = 1, uses_client_address = true where id = 1`);
    expect(await report(database, 1)).toEqual({ city: 1, status: 'A' });
  });

  it('refuses to work out a login whose client or contract is not among the parents given', () => {
    const row = (values: Record<string, string | number | boolean | null>, line = 1) => ({ line, values });
    const parents = parentsById([row({ id: 1, cidade: 5, bairro: 'Centro' })], [row({ id: 7, status: 'A', status_internet: 'A', id_vd_contrato: 3 })]);
    const columns = loginReportColumns([row({ id: 1, id_cliente: 1, id_contrato: 7 }), row({ id: 2, id_cliente: 1, endereco_padrao_cliente: false, cidade: 9, bairro: 'São José' })], parents);
    expect(Object.fromEntries(columns.map((c) => [c.column, c.values]))).toEqual({
      effective_city_id: [5, 9],
      effective_neighbourhood: ['Centro', 'São José'],
      effective_neighbourhood_search: ['centro', 'sao jose'],
      contract_status: ['A', null],
      contract_access_status: ['A', null],
      contract_plan_id: [3, null],
    });
    expect(() => loginReportColumns([row({ id: 3, id_cliente: 2 }, 12)], parents)).toThrow(/line 12: its client 2/);
    expect(() => loginReportColumns([row({ id: 3, id_cliente: 1, id_contrato: 8 }, 13)], parents)).toThrow(/line 13: its contract 8/);
  });
});
