import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { derivations } from './derivations.js';
import { fillClientContacts } from './derived.js';
import { csv, fixtureDir, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';

const TZ = 'America/Sao_Paulo';
const files = fixtureDir();
afterAll(() => files.remove());

describe.each(backends)('derived and copied report columns on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());

  const load = (entity: 'clientes' | 'contratos' | 'logins', header: string[], rows: string[][]) =>
    importFile(database.db, { entity, path: files.file(`${entity}.csv`, csv(header, rows)), timezone: TZ });
  const clients = () =>
    rowsOf<{ id: number; mobile_e164: string | null; mobile_problem: string | null; email_valid: boolean }>(
      database.db,
      sql`select id, mobile_e164, mobile_problem, email_valid from clients order by id`,
    );
  const logins = () =>
    rowsOf<Record<string, unknown>>(
      database.db,
      sql`select id, effective_city_id, effective_neighbourhood, effective_neighbourhood_search, contract_status,
                 contract_access_status, contract_plan_id from logins order by id`,
    );

  it('stores each client’s best mobile and e-mail validity at import, and keeps them on a partial update', async () => {
    await load('clientes', ['id', 'razao', 'whatsapp', 'telefone_celular', 'fone', 'email', 'bairro', 'cidade'], [
      ['1', 'Ana', '', '(48) 9912-3456 / (48) 3333-4444', '', 'ana@example.com', 'Centro', '4205'],
      ['2', 'Bruno', 'não tem', '(48) 3333-4444', '', 'bruno@gmail', 'Trindade', '4205'],
      ['3', 'Carla', '', '', '', '', 'São José', '4216'],
      ['4', 'Davi', '99999', '0', '', 'DAVI@UOL.COM.BR', 'Centro', '4216'],
    ]);
    expect(await clients()).toEqual([
      { id: 1, mobile_e164: '+5548999123456', mobile_problem: null, email_valid: true },
      { id: 2, mobile_e164: null, mobile_problem: 'landline', email_valid: false },
      { id: 3, mobile_e164: null, mobile_problem: 'missing', email_valid: false },
      { id: 4, mobile_e164: null, mobile_problem: 'invalid', email_valid: true },
    ]);
    // Only `fone` arrives: the stored whatsapp and celular still count, in their order.
    await load('clientes', ['id', 'fone'], [
      ['1', '(48) 98888-7777'],
      ['2', '48 9 8888-6666'],
    ]);
    const [ana, bruno] = await clients();
    expect(ana).toMatchObject({ mobile_e164: '+5548999123456', email_valid: true });
    expect(bruno).toMatchObject({ mobile_e164: '+5548988886666', mobile_problem: null, email_valid: false });
  });

  it('fills the contact columns of clients stored without them, once', async () => {
    await database.db.execute(
      sql`update clients set mobile_e164 = null, mobile_problem = null, email_valid = false where id in (1, 3)`,
    );
    expect(await fillClientContacts(database.db, 1)).toBe(2);
    expect(await fillClientContacts(database.db)).toBe(0);
    const [ana, , carla] = await clients();
    expect(ana).toMatchObject({ mobile_e164: '+5548999123456', email_valid: true });
    expect(carla).toMatchObject({ mobile_e164: null, mobile_problem: 'missing' });
    expect(derivations.clientes?.flatMap((d) => d.from)).toEqual(['whatsapp', 'telefone_celular', 'fone', 'email']);
  });

  it('copies the effective address and the contract’s codes onto logins, and follows their changes', async () => {
    await load('contratos', ['id', 'id_cliente', 'status', 'status_internet', 'id_vd_contrato'], [
      ['10', '1', 'A', 'A', '3'],
      ['11', '2', 'A', 'CA', '4'],
    ]);
    await load('logins', ['id', 'login', 'id_cliente', 'id_contrato', 'endereco_padrao_cliente', 'bairro', 'cidade'], [
      ['100', 'ana', '1', '10', 'S', '', ''],
      ['101', 'bruno', '2', '11', 'N', 'Jardim Atlântico', '4209'],
      ['102', 'carla', '3', '', 'S', '', ''],
    ]);
    const at = (city: number | null, bairro: string | null, search: string | null) => ({
      effective_city_id: city,
      effective_neighbourhood: bairro,
      effective_neighbourhood_search: search,
    });
    const codes = (status: string | null, access: string | null, plan: number | null) => ({
      contract_status: status,
      contract_access_status: access,
      contract_plan_id: plan,
    });
    expect(await logins()).toEqual([
      { id: 100, ...at(4205, 'Centro', 'centro'), ...codes('A', 'A', 3) },
      { id: 101, ...at(4209, 'Jardim Atlântico', 'jardim atlantico'), ...codes('A', 'CA', 4) },
      { id: 102, ...at(4216, 'São José', 'sao jose'), ...codes(null, null, null) },
    ]);
    await load('clientes', ['id', 'bairro', 'cidade'], [
      ['1', 'Kobrasol', '4216'],
      ['2', 'Kobrasol', '4216'],
    ]);
    await load('contratos', ['id', 'status', 'status_internet'], [['11', 'N', 'FA']]);
    await load('logins', ['id', 'endereco_padrao_cliente', 'id_contrato'], [['102', 'S', '10']]);
    expect(await logins()).toEqual([
      { id: 100, ...at(4216, 'Kobrasol', 'kobrasol'), ...codes('A', 'A', 3) },
      { id: 101, ...at(4209, 'Jardim Atlântico', 'jardim atlantico'), ...codes('N', 'FA', 4) },
      { id: 102, ...at(4216, 'São José', 'sao jose'), ...codes('A', 'A', 3) },
    ]);
    await load('logins', ['id', 'endereco_padrao_cliente'], [['101', 'S']]);
    expect((await logins())[1]).toMatchObject(at(4216, 'Kobrasol', 'kobrasol'));
  });
});
