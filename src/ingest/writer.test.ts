import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { rowsOf } from './fixtures.test-support.js';
import { entities } from './ixc-fields.js';
import { createRecordSink } from './sink.js';

const TZ = 'America/Sao_Paulo';

describe.each(backends)('the bulk writer, fresh rows, on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate clients, contracts, logins`);
  });

  const store = async (entity: keyof typeof entities, records: Record<string, unknown>[], fresh: boolean) => {
    const sink = createRecordSink(database.db, entities[entity], { timezone: TZ, fresh });
    for (const [i, record] of records.entries()) await sink.add(record, i + 1);
    await sink.flush();
    return sink.totals;
  };
  const client = { id: 1, razao: 'Maria da Silva', telefone_celular: '(48) 99988-7766' };
  const login = { id: 10, login: 'maria', id_cliente: 1, online: 'N', ultima_conexao_final: '2026-01-15 12:00:00' };

  it('copies rows straight in, wall-clock times read in the zone, derived columns and references filled', async () => {
    expect(await store('clientes', [client], true)).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await store('logins', [{ ...login, id_concentrador: 7 }], true)).toMatchObject({ inserted: 1, rejected: 0 });
    const [row] = await rowsOf<{ ended: string; e164: string; nas: string }>(
      database.db,
      sql`select to_char(l.session_ended_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as ended, c.mobile_e164 as e164,
                 n.name as nas
            from logins l join clients c on c.id = l.client_id join nas n on n.id = l.nas_id`,
    );
    expect(row).toEqual({ ended: '2026-01-15 15:00', e164: '+5548999887766', nas: '#7' });
  });

  it('fails the batch on an id that exists, keeping what was stored; the merge updates it', async () => {
    await store('clientes', [client], true);
    await expect(store('clientes', [{ id: 2, razao: 'Novo' }, { ...client, razao: 'Outra' }], true)).rejects.toThrow();
    const names = async () => (await rowsOf<{ name: string }>(database.db, sql`select name from clients order by id`)).map((r) => r.name);
    expect(await names()).toEqual(['Maria da Silva']);
    expect(await store('clientes', [{ ...client, razao: 'Outra' }], false)).toMatchObject({ updated: 1 });
    expect(await names()).toEqual(['Outra']);
  });

  it('rejects by line a row that lacks a required field (it has nothing to update)', async () => {
    const totals = await store('clientes', [client, { id: 3, fantasia: 'Sem razão' }], true);
    expect(totals).toMatchObject({ inserted: 1, rejected: 1 });
    expect(totals.errors[0]).toMatchObject({ line: 2, field: 'razao' });
  });
});
