import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { backends } from '../test-support/databases.js';
import { count, csv, dump, fixtureDir, objects, rowsOf } from './fixtures.test-support.js';
import { importFile } from './import.js';
import { formatImportSummary } from './summary.js';

const TZ = 'America/Sao_Paulo';
const files = fixtureDir();
afterAll(() => files.remove());

const clientHeader = ['id', 'razao', 'fantasia', 'tipo_pessoa', 'cnpj_cpf', 'email', 'telefone_celular', 'whatsapp',
  'bairro', 'cidade', 'filial_id', 'id_condominio', 'ativo', 'cob_envia_email', 'cob_envia_sms', 'regua_cobranca_wpp',
  'ultima_atualizacao', 'senha', 'hotsite_senha', 'obs'];
const clientRows = [
  ['1', 'José  da Silva', '', 'F', '123.456.789-09', 'jose@example.com', '(48) 99912-3456', '', 'Kobrasol', '4510', '1', '0', 'S', 'S', 'N', 'S', '2026-01-15 08:30:00', 'S3cr3t!', 'S3cr3t!', 'nota'],
  ['2', 'MERCADO SÃO JOÃO LTDA', 'Mercadão', 'J', '11.222.333/0001-81', '', '4832221234', '48999990000', 'Centro', '4510', '1', '7', 'S', 'N', 'S', 'N', '0000-00-00 00:00:00', 'S3cr3t!', '', ''],
];
const contractHeader = ['id', 'id_cliente', 'id_vd_contrato', 'contrato', 'status', 'status_internet', 'id_filial',
  'data_ativacao', 'data_cancelamento', 'endereco_padrao_cliente', 'cidade', 'ultima_atualizacao'];
const contractRows = [
  ['10', '1', '3', 'Fibra 300 Mega', 'A', 'A', '1', '2024-03-01', '0000-00-00', 'S', '4510', '2026-01-15 08:30:00'],
  ['11', '2', '3', 'Fibra 300 Mega', 'A', 'CA', '1', '2023-07-10', '', 'N', '4511', ''],
];
const loginHeader = ['id', 'login', 'id_cliente', 'id_contrato', 'ativo', 'online', 'ultima_conexao_inicial',
  'ultima_conexao_final', 'motivo_desconexao', 'count_desconexao', 'ip', 'mac', 'id_concentrador', 'concentrador',
  'id_transmissor', 'id_caixa_ftth', 'ftth_porta', 'id_grupo', 'autenticacao', 'tipo_conexao_mapa', 'latitude',
  'longitude', 'senha', 'senha_router1'];
const loginRows = [
  ['100', 'jose@fibra', '1', '10', 'S', 'N', '2026-01-14 20:00:00', '2026-01-15 08:30:00', 'Lost-Carrier', '3', '100.64.0.10', 'AA:BB:CC:00:00:01', '5', 'BRAS-FLN-01', '8', '900', '4', '2', 'L', 'F', '-27,5969', '-48.6356', 'S3cr3t!', 'S3cr3t!'],
  ['101', 'mercado', '2', '11', 'S', 'S', '2026-01-15 09:00:00', '', '', '0', '', '', '5', 'BRAS-FLN-01', '0', '0', '', '2', 'L', 'F', '', '', 'S3cr3t!', ''],
];

const ALL_TABLES = ['clients', 'contracts', 'logins', 'cities', 'branches', 'plans', 'nas', 'pops', 'ftth_boxes',
  'radius_groups', 'condominiums'];

describe.each(backends)('importFile on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql.raw(`truncate ${ALL_TABLES.join(', ')}`));
  });

  async function importAll(format: 'csv' | 'json' | 'jsonl' | 'envelope') {
    const write = (name: string, header: string[], rows: string[][]) => {
      if (format === 'csv') return files.file(`${name}.csv`, csv(header, rows));
      const records = objects(header, rows);
      if (format === 'jsonl') return files.file(`${name}.jsonl`, records.map((r) => JSON.stringify(r)).join('\n'));
      const body = format === 'json' ? records : { page: '1', total: String(records.length), registros: records };
      return files.file(`${name}.json`, JSON.stringify(body, null, 1));
    };
    const db = database.db;
    return [
      await importFile(db, { entity: 'clientes', path: write('clientes', clientHeader, clientRows), timezone: TZ }),
      await importFile(db, { entity: 'contratos', path: write('contratos', contractHeader, contractRows), timezone: TZ }),
      await importFile(db, { entity: 'logins', path: write('logins', loginHeader, loginRows), timezone: TZ }),
    ];
  }

  it('imports a good CSV set: values mapped, folded, opt-outs inverted, times converted with the zone', async () => {
    const summaries = await importAll('csv');
    expect(summaries.map((s) => [s.read, s.inserted, s.updated, s.rejected])).toEqual([
      [2, 2, 0, 0],
      [2, 2, 0, 0],
      [2, 2, 0, 0],
    ]);
    const [jose, mercado] = await rowsOf(database.db, sql`select * from clients order by id`);
    expect(jose).toMatchObject({
      name: 'José  da Silva',
      name_search: 'jose da silva',
      fantasy_name: null,
      person_type: 'F',
      mobile: '(48) 99912-3456',
      neighbourhood_search: 'kobrasol',
      city_id: 4510,
      condominium_id: null,
      active: true,
      opt_out_email: false,
      opt_out_sms: true,
      opt_out_whatsapp: false,
    });
    expect(new Date(jose?.source_updated_at as string).toISOString()).toBe('2026-01-15T11:30:00.000Z');
    expect(mercado).toMatchObject({ name_search: 'mercado sao joao ltda', email: null, opt_out_email: true,
      opt_out_whatsapp: true, source_updated_at: null, condominium_id: 7 });
    const [contract] = await rowsOf(database.db, sql`select *, activated_on::text as act from contracts where id = 10`);
    expect(contract).toMatchObject({ client_id: 1, plan_id: 3, status: 'A', access_status: 'A', act: '2024-03-01',
      cancelled_on: null, uses_client_address: true });
    const [login] = await rowsOf(
      database.db,
      sql`select *, to_char(session_ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as ended from logins where id = 100`,
    );
    expect(login).toMatchObject({ login: 'jose@fibra', client_id: 1, contract_id: 10, online: 'N',
      ended: '2026-01-15T11:30', disconnect_reason: 'Lost-Carrier', disconnect_count: 3, nas_id: 5, pop_id: 8,
      ftth_box_id: 900, ftth_port: '4', radius_group_id: 2, auth_type: 'L', connection_type: 'F',
      latitude: -27.5969, longitude: -48.6356 });
    const [other] = await rowsOf(database.db, sql`select pop_id, ftth_box_id, session_ended_at from logins where id = 101`);
    expect(other).toEqual({ pop_id: null, ftth_box_id: null, session_ended_at: null });
  });

  it('creates placeholder lookup rows, naming the NAS from concentrador', async () => {
    await importAll('csv');
    expect(await rowsOf(database.db, sql`select id, name from nas`)).toEqual([{ id: 5, name: 'BRAS-FLN-01' }]);
    expect(await rowsOf(database.db, sql`select id, name, name_search from cities order by id`)).toEqual([
      { id: 4510, name: '#4510', name_search: '#4510' },
      { id: 4511, name: '#4511', name_search: '#4511' },
    ]);
    expect(await rowsOf(database.db, sql`select id, name from condominiums`)).toEqual([{ id: 7, name: '#7' }]);
    expect(await count(database.db, 'plans')).toBe(1);
    expect(await count(database.db, 'pops')).toBe(1);
  });

  it('never overwrites a lookup name with a placeholder, but names a placeholder when a file does', async () => {
    await database.db.execute(sql`insert into cities (id, name, state, name_search) values (4510, 'São José', 'SC', 'sao jose')`);
    await database.db.execute(sql`insert into nas (id, name) values (5, '#5')`);
    await importAll('csv');
    expect(await rowsOf(database.db, sql`select name, state from cities where id = 4510`)).toEqual([
      { name: 'São José', state: 'SC' },
    ]);
    expect(await rowsOf(database.db, sql`select name from nas where id = 5`)).toEqual([{ name: 'BRAS-FLN-01' }]);
    const renamed = loginRows.map((r) => r.map((v) => (v === 'BRAS-FLN-01' ? 'Outro nome' : v)));
    await importFile(database.db, {
      entity: 'logins',
      path: files.file('logins.csv', csv(loginHeader, renamed)),
      timezone: TZ,
    });
    expect(await rowsOf(database.db, sql`select name from nas where id = 5`)).toEqual([{ name: 'BRAS-FLN-01' }]);
  });

  it('stores the same rows from CSV, a JSON array, JSON Lines and the IXC envelope', async () => {
    await importAll('csv');
    const fromCsv = await dump(database.db, ALL_TABLES);
    for (const format of ['json', 'jsonl', 'envelope'] as const) {
      await database.db.execute(sql.raw(`truncate ${ALL_TABLES.join(', ')}`));
      const summaries = await importAll(format);
      expect(summaries.map((s) => s.inserted)).toEqual([2, 2, 2]);
      expect(await dump(database.db, ALL_TABLES)).toEqual(fromCsv);
    }
  });

  it('is idempotent: a second import updates the same rows and rewrites none', async () => {
    await importAll('csv');
    const first = await dump(database.db, ALL_TABLES);
    const stamps = await rowsOf(database.db, sql`select id, updated_at from logins order by id`);
    const again = await importAll('csv');
    expect(again.map((s) => [s.inserted, s.updated, s.unchanged])).toEqual([
      [0, 2, 2],
      [0, 2, 2],
      [0, 2, 2],
    ]);
    expect(await dump(database.db, ALL_TABLES)).toEqual(first);
    expect(await rowsOf(database.db, sql`select id, updated_at from logins order by id`)).toEqual(stamps);
  });

  it('never wipes a column the file does not have', async () => {
    await importAll('csv');
    const path = files.file('clientes.csv', csv(['id', 'razao'], [['1', 'José da Silva Jr.']]));
    const summary = await importFile(database.db, { entity: 'clientes', path, timezone: TZ });
    expect([summary.updated, summary.unchanged]).toEqual([1, 0]);
    expect(await rowsOf(database.db, sql`select name, name_search, email, mobile, opt_out_sms from clients where id = 1`))
      .toEqual([{ name: 'José da Silva Jr.', name_search: 'jose da silva jr.', email: 'jose@example.com',
        mobile: '(48) 99912-3456', opt_out_sms: true }]);
  });

  it('never stores a password column, and reports it as ignored', async () => {
    const [clients, , logins] = await importAll('csv');
    expect(clients?.ignoredColumns).toEqual(['hotsite_senha', 'obs', 'senha']);
    expect(clients?.secretColumns).toEqual(['hotsite_senha', 'senha']);
    expect(logins?.secretColumns).toEqual(['senha', 'senha_router1']);
    for (const table of ALL_TABLES) {
      const found = await rowsOf(
        database.db,
        sql`select 1 from ${sql.identifier(table)} t where to_jsonb(t)::text like '%S3cr3t%'`,
      );
      expect(found, table).toEqual([]);
    }
    expect(formatImportSummary(clients!)).toContain('ignored columns: hotsite_senha (secret, never read), obs, senha');
  });

  it('keeps the last occurrence of an id repeated in one batch', async () => {
    const path = files.file('c.csv', csv(['id', 'razao'], [['1', 'First'], ['2', 'Other'], ['1', 'Last']]));
    const summary = await importFile(database.db, { entity: 'clientes', path, timezone: TZ });
    expect([summary.read, summary.inserted, summary.superseded]).toEqual([3, 2, 1]);
    expect(await rowsOf(database.db, sql`select name from clients where id = 1`)).toEqual([{ name: 'Last' }]);
  });

  it('commits batch by batch, and reports progress', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [String(i + 1), `Cliente ${i + 1}`]);
    const progress: number[] = [];
    const path = files.file('c.csv', csv(['id', 'razao'], rows));
    const summary = await importFile(database.db, {
      entity: 'clientes',
      path,
      timezone: TZ,
      batchSize: 10,
      onProgress: (n) => progress.push(n),
    });
    expect(summary.inserted).toBe(25);
    expect(progress).toEqual([10, 20, 25]);
  });

  it('renders the summary the CLI prints', async () => {
    const [clients] = await importAll('csv');
    const text = formatImportSummary({ ...clients!, durationMs: 2000, read: 12345, inserted: 12345 }, 'pt-BR');
    expect(text).toMatch(/^Imported clientes from .*clientes\.csv \(csv\) in 2\.0 s \(6\.173 rows\/s\)/);
    expect(text).toContain('inserted   12.345');
  });
});
