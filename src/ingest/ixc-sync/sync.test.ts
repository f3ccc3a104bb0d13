import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../db/database.js';
import { backends } from '../../test-support/databases.js';
import { entities } from '../ixc-fields.js';
import { createSource, getRun, getSource, listRuns } from '../sources.js';
import { parseSourceConfig, prepareSourceInput } from './config.js';
import { type IxcSourceCursor, runIxcSync } from './engine.js';
import type { TableProgress } from './pager.js';
import type { IxcRecord, IxcTables } from './sim-seed.js';
import { type IxcSimulator, startIxcSimulator } from './simulator.js';
import { storeEntityPage } from './store.js';
import { ixcSyncTaskOptionsSchema, ixcSyncTaskType } from './task.js';
import { type TaskProgress, taskTypes } from '../../tasks/types.js';
import { noticesText } from '../../shared/notice-text.js';

const TZ = 'America/Sao_Paulo';
const NOW = new Date('2026-03-10T15:00:00Z');
const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 };

/** Small hand-made tables: 10 clients, no contracts, 7 logins, empty lookups. */
function smallTables(): IxcTables {
  const client = (id: number): IxcRecord => ({ id: String(id), razao: `Cliente ${id}`, ativo: 'S', ultima_atualizacao: `2026-01-0${1 + (id % 3)} 10:00:00` });
  const login = (id: number): IxcRecord => ({
    id: String(100 + id),
    login: `login${id}`,
    id_cliente: String(1 + (id % 10)),
    id_contrato: '0',
    online: 'S',
    senha: 'segredo',
    ultima_atualizacao: '2026-01-05 08:00:00',
  });
  const empty = ['filial', 'cidade', 'vd_contratos', 'radgrupos', 'radpop_radio', 'rad_caixa_ftth', 'cliente_condominio'];
  return {
    uf: [{ id: '1', sigla: 'SC' }],
    ...Object.fromEntries(empty.map((t) => [t, []])),
    cliente: Array.from({ length: 10 }, (_, i) => client(i + 1)),
    cliente_contrato: [],
    radusuarios: Array.from({ length: 7 }, (_, i) => login(i + 1)),
  };
}

describe.each(backends)('IXC sync against the simulator on $name', (backend) => {
  let database: Database;
  let sim: IxcSimulator;
  const key = randomBytes(32);
  let sourceId = 0;
  const rows = <T>(query: SQL) => queryRows<T>(database.db, query);
  const sync = (mode: 'full' | 'incremental', id = sourceId) =>
    runIxcSync(database.db, { sourceId: id, mode, secretKey: key, timezone: TZ, retry: fast });

  beforeAll(async () => {
    database = await backend.open();
    sim = await startIxcSimulator({ seed: { logins: 150, seed: 5, now: NOW } });
    const source = await createSource(
      database.db,
      key,
      { kind: 'ixc', description: 'IXC teste', config: { url: `${sim.url}/webservice/v1`, userId: sim.userId, pageSize: 40 }, secret: sim.token },
      { parseConfig: parseSourceConfig },
    );
    sourceId = source.id;
  });
  afterAll(async () => {
    await sim?.close();
    await database?.close();
  });

  it('a full sync reproduces the simulator data, never copies passwords, and changes nothing when repeated', async () => {
    const result = await sync('full');
    expect(result).toMatchObject({ status: 'succeeded', rejected: [] });
    expect(result.error).toBeUndefined();
    for (const table of ['cliente', 'cliente_contrato', 'radusuarios', 'cidade', 'rad_caixa_ftth', 'radgrupos']) {
      const count = sim.records(table).length;
      expect(result.counts[table], table).toEqual({ read: count, written: count, rejected: 0 });
    }

    const logins = await rows<Record<string, unknown>>(sql`
      select id, login, client_id, contract_id, online, nas_id, pop_id, ftth_box_id, radius_group_id, disconnect_reason,
        to_char(session_ended_at at time zone ${TZ}, 'YYYY-MM-DD HH24:MI:SS') as ended,
        to_char(source_updated_at at time zone ${TZ}, 'YYYY-MM-DD HH24:MI:SS') as updated
      from logins order by id`);
    const orNull = (v: string | undefined) => (v && v !== '0' && !v.startsWith('0000') ? v : null);
    expect(logins).toEqual(
      sim.records('radusuarios').map((r) => ({
        id: Number(r.id),
        login: r.login,
        client_id: Number(r.id_cliente),
        contract_id: Number(r.id_contrato),
        online: r.online,
        nas_id: Number(r.id_concentrador),
        pop_id: Number(r.id_transmissor),
        ftth_box_id: orNull(r.id_caixa_ftth) === null ? null : Number(r.id_caixa_ftth),
        radius_group_id: Number(r.id_grupo),
        disconnect_reason: r.motivo_desconexao || null,
        ended: orNull(r.ultima_conexao_final),
        updated: r.ultima_atualizacao,
      })),
    );
    const clients = await rows<{ id: number; name: string; city_id: number }>(sql`select id, name, city_id from clients order by id`);
    expect(clients).toEqual(sim.records('cliente').map((c) => ({ id: Number(c.id), name: c.razao, city_id: Number(c.cidade) })));
    const contracts = await rows<{ n: number }>(sql`select count(*)::int as n from contracts`);
    expect(contracts[0]!.n).toBe(sim.records('cliente_contrato').length);

    // lookups carry IXC's names (the state from IXC's uf table); NAS names come from the logins
    const city = sim.records('cidade')[0]!;
    const uf = sim.records('uf').find((u) => u.id === city.uf)!;
    expect(await rows(sql`select name, state from cities where id = ${Number(city.id)}`)).toEqual([{ name: city.nome, state: uf.sigla }]);
    const box = sim.records('rad_caixa_ftth')[0]!;
    expect(await rows(sql`select name, pop_id from ftth_boxes where id = ${Number(box.id)}`)).toEqual([
      { name: box.descricao, pop_id: Number(box.id_transmissor) },
    ]);
    const login = sim.records('radusuarios')[0]!;
    expect(await rows(sql`select name from nas where id = ${Number(login.id_concentrador)}`)).toEqual([{ name: login.concentrador }]);
    expect(await rows(sql`select count(*)::int as n from plans where name like '#%'`)).toEqual([{ n: 0 }]);

    const dump = await rows<{ t: string }>(sql`select json_agg(l)::text as t from logins l`);
    expect(dump[0]!.t).not.toMatch(/pw-\d|router-\d/);
    expect(sim.requests.every((r) => r.listar && Number((r.body as { rp: string }).rp) <= 1000)).toBe(true);

    const again = await sync('full');
    expect(again.status).toBe('succeeded');
    expect(again.counts.radusuarios).toEqual({ read: 150, written: 0, rejected: 0 });
    expect(again.counts.cliente!.written + again.counts.cidade!.written).toBe(0);
  });

  it('an incremental sync reads only what changed since the last run (a mass update of one second included)', async () => {
    const since = (await getSource(database.db, sourceId)).cursor as IxcSourceCursor;
    expect(since.tables.radusuarios?.since).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    sim.setNow('2026-03-10 12:30:00');
    sim.update('radusuarios', 3, { online: 'N', motivo_desconexao: 'Lost-Carrier', ultima_conexao_final: '2026-03-10 12:29:40' });
    sim.update('cliente', 2, { razao: 'Cliente Renomeado' });
    sim.put('cliente', { ...sim.records('cliente')[0]!, id: '5000', razao: 'Cliente Novo' });
    sim.put('cliente_contrato', { ...sim.records('cliente_contrato')[0]!, id: '6000', id_cliente: '5000' });
    sim.put('radusuarios', { ...sim.records('radusuarios')[0]!, id: '7000', login: 'novo@isp', id_cliente: '5000', id_contrato: '6000' });
    sim.requests.length = 0;

    const result = await sync('incremental');
    expect(result.status).toBe('succeeded');
    const window = (table: string) => sim.records(table).filter((r) => r.ultima_atualizacao! >= since.tables[table]!.since).length;
    expect(result.counts.radusuarios).toEqual({ read: window('radusuarios'), written: 2, rejected: 0 });
    expect(result.counts.cliente).toMatchObject({ read: window('cliente'), written: 2 });
    expect(result.counts.radusuarios!.read).toBeLessThan(10);
    // lookups without ultima_atualizacao are small and read whole
    expect(result.counts.cidade!.read).toBe(sim.records('cidade').length);
    const loginRequests = sim.requests.filter((r) => r.table === 'radusuarios').map((r) => r.body as Record<string, string>);
    expect(loginRequests.every((b) => b.qtype === 'radusuarios.ultima_atualizacao')).toBe(true);
    expect(await rows(sql`select online, disconnect_reason from logins where id = 3`)).toEqual([{ online: 'N', disconnect_reason: 'Lost-Carrier' }]);
    expect(await rows(sql`select login, client_id from logins where id = 7000`)).toEqual([{ login: 'novo@isp', client_id: 5000 }]);
    expect(await rows(sql`select name from clients where id = 2`)).toEqual([{ name: 'Cliente Renomeado' }]);

    // 150 logins changed within the same second, pages of 40: none is lost at a page boundary
    sim.setNow('2026-03-10 12:45:00');
    for (const r of sim.records('radusuarios')) sim.update('radusuarios', r.id!, { online: 'N', motivo_desconexao: 'NAS-Reboot' });
    const mass = await sync('incremental');
    expect(mass.counts.radusuarios).toMatchObject({ read: 151, rejected: 0 });
    expect(await rows(sql`select count(*)::int as n from logins where online = 'N' and disconnect_reason = 'NAS-Reboot'`)).toEqual([{ n: 151 }]);

    const quiet = await sync('incremental');
    expect(quiet.counts.radusuarios).toEqual({ read: 151, written: 0, rejected: 0 }); // the overlap (120 s) re-reads 12:45:00
    expect(quiet.counts.cliente).toEqual({ read: 2, written: 0, rejected: 0 }); // 12:30:00 is within the overlap too
  });

  it('rejects garbage records naming table, id and field, and keeps what was stored for them', async () => {
    sim.setNow('2026-03-10 13:00:00');
    sim.update('cliente', 4, { razao: '', ativo: 'talvez' });
    sim.update('cliente', 6, { razao: 'Cliente Seis Alterado' });
    sim.update('radusuarios', 8, { online: 'X', ultima_conexao_final: '2026-13-45 99:00:00' });
    sim.put('radusuarios', { ...sim.records('radusuarios')[1]!, id: '7001', id_cliente: '999999' });
    const before = await rows(sql`select name, active from clients where id = 4`);
    const result = await sync('incremental');

    expect(result.status).toBe('succeeded');
    expect(result.counts.cliente).toMatchObject({ rejected: 1 });
    expect(result.counts.radusuarios).toMatchObject({ rejected: 2 });
    expect(result.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'cliente', id: '4', field: 'razao' }),
        expect.objectContaining({ table: 'radusuarios', id: '8', field: 'online' }),
        expect.objectContaining({ table: 'radusuarios', id: '7001', field: 'id_cliente', message: 'client 999999 does not exist' }),
      ]),
    );
    expect(result.error).toMatch(/cliente id 4, field razao/);
    expect((await listRuns(database.db, sourceId, { limit: 1 }))[0]).toMatchObject({ status: 'succeeded', error: result.error });
    expect(await rows(sql`select name, active from clients where id = 4`)).toEqual(before);
    expect(await rows(sql`select name from clients where id = 6`)).toEqual([{ name: 'Cliente Seis Alterado' }]);
    expect(await rows(sql`select online from logins where id = 8`)).toEqual([{ online: 'N' }]);
    expect(await rows(sql`select count(*)::int as n from logins where id = 7001`)).toEqual([{ n: 0 }]);
  });

  it('runs as the "Sincroniza IXC" task of the Agenda de tarefas (every active IXC source by default)', async () => {
    expect(taskTypes([ixcSyncTaskType]).label('sync_ixc')).toBe('Sincroniza IXC'); // the catalogue's checks: name, options accepting {}
    const progress: TaskProgress[] = [];
    const ctx = {
      db: database.db,
      runId: 1,
      secretKey: key,
      owner: 'test',
      timezone: TZ,
      signal: new AbortController().signal,
      progress: (p: TaskProgress) => progress.push(p),
    };
    const result = await ixcSyncTaskType.run(ctx, ixcSyncTaskOptionsSchema.parse({}));
    // the garbage of the previous test is still within the overlap: read again, rejected again
    expect(result).toMatchObject({ failed: 3, details: { mode: 'incremental', runs: [{ sourceId, status: 'succeeded' }] } });
    expect(result.errors).toBeUndefined();
    expect(result.processed).toBeGreaterThan(result.failed);
    expect(progress.at(-1)).toEqual({ processed: result.processed, sent: result.sent, failed: 3 });
    const missing = await ixcSyncTaskType.run(ctx, { mode: 'full', restart: false, sourceId: 9999 });
    expect(missing.errors).toEqual([{ code: 'sync_refused', params: { source: 9999 }, detail: expect.stringMatching(/No source 9999/) }]);
  });

  describe('edge cases', () => {
    const sims: IxcSimulator[] = [];
    const count = async (table: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

    async function setup(seed: Parameters<typeof startIxcSimulator>[0], pageSize: number) {
      const sim = await startIxcSimulator(seed);
      sims.push(sim);
      const source = await createSource(
        database.db,
        key,
        // pasted as IXC shows it, `<id>:<token>`: the id goes to the config
        prepareSourceInput('ixc', { kind: 'ixc' as const, description: `IXC ${sims.length}`, config: { url: sim.url, pageSize }, secret: `${sim.userId}:${sim.token}` }),
        { parseConfig: parseSourceConfig },
      );
      const sync = (mode: 'full' | 'incremental', signal?: AbortSignal, onProgress?: (p: { table: string }) => void) =>
        runIxcSync(database.db, { sourceId: source.id, mode, secretKey: key, timezone: TZ, retry: fast, signal, onProgress });
      return { sim, sourceId: source.id, sync };
    }

    beforeAll(async () => {
      // a clean database: these scenarios count rows
      await database.db.execute(sql`truncate clients, contracts, logins, cities, branches, plans, radius_groups, nas, pops, ftth_boxes,
        condominiums, status_sources cascade`);
    });
    afterAll(() => Promise.all(sims.map((s) => s.close())));

    it('a run that fails mid-table resumes where it stopped (also when asked for incremental), reading nothing twice', async () => {
      const { sim, sourceId, sync } = await setup({ seed: { logins: 150, seed: 9, now: new Date('2026-02-01T12:00:00Z') } }, 40);
      sim.setFaults({ failAfter: 12 }); // the lookups, then a page or two of clients: the next request fails
      const failed = await sync('full');
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/HTTP 503/);
      const saved = (await getRun(database.db, failed.runId)).cursor as { tables: Record<string, TableProgress> };
      expect(saved.tables.filial).toMatchObject({ done: true });
      expect(saved.tables.cliente).toMatchObject({ mode: 'full', done: false, afterId: expect.any(Number) });
      const stopAt = (saved.tables.cliente as { afterId: number }).afterId;
      expect(stopAt).toBeGreaterThan(0);
      expect(await count('clients')).toBe(failed.counts.cliente!.written);
      expect(failed.counts.cliente!.read % 40).toBe(0);
      expect(failed.counts.cliente!.read).toBeGreaterThan(0);

      sim.setFaults({ failAfter: null });
      sim.requests.length = 0;
      const resumed = await sync('incremental');
      expect(resumed).toMatchObject({ status: 'succeeded', resumedFrom: failed.runId });
      expect(sim.requests.some((r) => r.table === 'filial')).toBe(false);
      expect(sim.requests.find((r) => r.table === 'cliente')!.body).toMatchObject({ qtype: 'cliente.id', oper: '>', query: String(stopAt) });
      expect(failed.counts.cliente!.read + resumed.counts.cliente!.read).toBe(sim.records('cliente').length);
      expect(await count('clients')).toBe(sim.records('cliente').length);
      expect(await count('logins')).toBe(150);
      const runs = await listRuns(database.db, sourceId);
      expect(runs.map((r) => [r.mode, r.status])).toEqual([['full', 'succeeded'], ['full', 'failed']]);
    });

    it('a cancelled run stops between pages and is resumed by the next one', async () => {
      const { sim, sync } = await setup({ seed: { logins: 60, seed: 2, now: new Date('2026-02-01T12:00:00Z') } }, 20);
      const abort = new AbortController();
      const cancelled = await sync('full', abort.signal, (p) => p.table === 'cliente' && abort.abort());
      expect(cancelled).toMatchObject({ status: 'failed', error: 'Sync cancelled' });
      const resumed = await sync('full');
      expect(resumed).toMatchObject({ status: 'succeeded', resumedFrom: cancelled.runId });
      expect(cancelled.counts.cliente!.read + resumed.counts.cliente!.read).toBe(sim.records('cliente').length);
    });

    it('pages: exact multiples end without an extra request, empty tables, a server capping rp, retries of 429/5xx', async () => {
      const { sim, sync } = await setup({ seed: smallTables() }, 5);
      sim.setFaults({ maxRp: 3, burst429: 1, retryAfterSeconds: 0 });
      const result = await sync('full');
      expect(result.status).toBe('succeeded');
      expect(result.counts.cliente).toEqual({ read: 10, written: 10, rejected: 0 });
      expect(result.counts.cliente_contrato).toEqual({ read: 0, written: 0, rejected: 0 });
      expect(result.counts.radusuarios).toEqual({ read: 7, written: 7, rejected: 0 });
      const pages = (table: string) => sim.requests.filter((r) => r.table === table && (r.body as { rp: string }).rp === '5');
      expect(pages('radusuarios')).toHaveLength(3); // 3 + 3 + 1 rows although rp was 5
      expect(pages('cliente_contrato')).toHaveLength(1);
      expect(await rows(sql`select login from logins where id = 107`)).toEqual([{ login: 'login7' }]);

      sim.setFaults({ maxRp: null });
      sim.requests.length = 0;
      await sync('full');
      expect(pages('cliente')).toHaveLength(2); // 5 + 5 of 10: the second page holds all of `total`

      sim.setFaults({ errorRate: 1 });
      const down = await sync('incremental');
      expect(down).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 503/) });
      sim.setFaults({ errorRate: 0 });
    });

    it('stops instead of looping or skipping when the server ignores the filter, keeping what was stored', async () => {
      const { sim, sync } = await setup({ seed: smallTables() }, 4);
      sim.setFaults({ ignoreFilter: true });
      const result = await sync('full');
      expect(result).toMatchObject({ status: 'failed', error: expect.stringMatching(/not after \d+ as asked/) });
      expect(await count('clients')).toBeGreaterThanOrEqual(10);
    });

    it('refuses IXC errors: the {type:"error"} envelope and the HTML fragment stop the run with IXC\'s words', async () => {
      const { sim, sync } = await setup({ seed: smallTables() }, 50);
      sim.setFaults({ errorEnvelope: 'Permissão negada' });
      const refused = await sync('full');
      // lookup tables IXC refuses are skipped and reported; subscribers cannot be
      expect(refused).toMatchObject({
        status: 'failed',
        error: 'IXC refused to list cliente: Permissão negada',
        notice: { code: 'ixc_refused_listing', params: { table: 'cliente' }, detail: 'Permissão negada' },
      });
      expect(refused.rejected).toEqual(expect.arrayContaining([{ table: 'filial', id: null, field: null, message: expect.stringMatching(/table skipped/) }]));
      sim.setFaults({ errorEnvelope: null, htmlError: true });
      expect((await sync('full')).error).toMatch(/Erro: sessão do webservice expirada/);
    });

    it('a failed sync in the Agenda names the source and why, in the reader\'s language (IXC\'s own words verbatim)', async () => {
      const { sim, sourceId } = await setup({ seed: smallTables() }, 50);
      sim.setFaults({ errorEnvelope: 'Permissão negada' });
      const ctx = { db: database.db, runId: 1, secretKey: key, owner: 'test', timezone: TZ, signal: new AbortController().signal, progress: () => {} };
      const result = await ixcSyncTaskType.run(ctx, { mode: 'full', restart: true, sourceId });
      expect(result.errors).toEqual([
        { code: 'sync_failed', params: { source: sourceId } },
        { code: 'ixc_refused_listing', params: { table: 'cliente' }, detail: 'Permissão negada' },
      ]);
      expect(noticesText(result.errors!, 'pt-BR')).toContain(`A sincronização da fonte #${sourceId} falhou`);
      expect(noticesText(result.errors!, 'pt-BR')).toContain('O IXC recusou listar cliente: Permissão negada');
      expect(noticesText(result.errors!, 'pt-BR')).not.toMatch(/IXC error|refused/);
      sim.setFaults({ errorEnvelope: null });
      // a source switched off meanwhile: refused before a run opens, and said so
      await database.db.execute(sql`update status_sources set active = false where id = ${sourceId}`);
      const off = await ixcSyncTaskType.run(ctx, { mode: 'full', restart: false, sourceId });
      expect(noticesText(off.errors!, 'pt-BR')).toMatch(/^A sincronização da fonte #\d+ não pôde começar.*A fonte “IXC \d+” está inativa$/);
    });

    it('stores a page with non-record garbage: each bad record named, the good ones kept', async () => {
      const result = await storeEntityPage(
        database.db,
        'cliente',
        entities.clientes,
        ['garbage', null, { id: 'x1', razao: 'Sem id numérico' }, { id: '77', razao: { nested: true } }, { id: '78', razao: 'Boa' }],
        TZ,
      );
      expect(result).toMatchObject({ read: 5, written: 1, rejected: 4 });
      expect(result.errors).toEqual([
        { table: 'cliente', id: null, field: null, message: 'not a record: expected an object of fields' },
        { table: 'cliente', id: null, field: null, message: 'not a record: expected an object of fields' },
        { table: 'cliente', id: 'x1', field: 'id', message: 'expected a positive integer id, got "x1"' },
        { table: 'cliente', id: '77', field: 'razao', message: expect.stringMatching(/expected a string/) },
      ]);
    });
  });
});
