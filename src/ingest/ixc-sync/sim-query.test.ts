import { describe, expect, it } from 'vitest';
import { listRecords } from './sim-query.js';
import { demoIxcTables } from './sim-seed.js';

const records = [
  { id: '1', razao: 'Ana Souza', ativo: 'S', ultima_atualizacao: '2026-01-02 08:00:00' },
  { id: '2', razao: 'BRUNO LIMA', ativo: 'N', ultima_atualizacao: '2026-01-01 09:00:00' },
  { id: '10', razao: 'Carla Souza', ativo: 'S', ultima_atualizacao: '2026-01-02 08:00:00' },
];
const fields = new Set(['id', 'razao', 'ativo', 'ultima_atualizacao']);
const list = (body: Record<string, unknown>, limits = {}) => listRecords('cliente', records, fields, body, limits);
const ids = (answer: ReturnType<typeof list>) => ('registros' in answer ? (answer.registros ?? []).map((r) => r.id) : answer);

describe('IXC simulator listing', () => {
  it('filters numerically on ids, by text on dates, LIKE with L, ANDs grid_param, sorts with ties by id', () => {
    expect(ids(list({ qtype: 'cliente.id', query: '2', oper: '>', rp: '10' }))).toEqual(['10']);
    expect(ids(list({ qtype: 'id', query: '', oper: '>', rp: '10' }))).toEqual(['1', '2', '10']);
    expect(ids(list({ qtype: 'cliente.razao', query: 'souza', oper: 'L', rp: '10' }))).toEqual(['1', '10']);
    expect(ids(list({ qtype: 'cliente.razao', query: 'B%', oper: 'L', rp: '10' }))).toEqual(['2']);
    const grid = JSON.stringify([{ TB: 'cliente.ultima_atualizacao', OP: '>=', P: '2026-01-02 00:00:00' }, { TB: 'cliente.id', OP: '!=', P: '1' }]);
    expect(ids(list({ qtype: 'cliente.ativo', query: 'S', oper: '=', grid_param: grid, rp: '10' }))).toEqual(['10']);
    expect(ids(list({ sortname: 'cliente.ultima_atualizacao', sortorder: 'desc', rp: '10' }))).toEqual(['1', '10', '2']);
  });

  it('pages with page/rp, answers total as text and leaves registros out when nothing matches', () => {
    expect(list({ page: '2', rp: '2' })).toEqual({ page: '2', total: '3', registros: [records[2]] });
    expect(list({ rp: '3' }, { maxRp: 1 })).toMatchObject({ total: '3', registros: [records[0]] });
    expect(list({ qtype: 'cliente.id', query: '99', oper: '>=' })).toEqual({ page: '1', total: 0 });
  });

  it('answers errors as IXC does: {type:"error", message}', () => {
    expect(list({ qtype: 'cliente.senha', query: 'x' })).toEqual({ type: 'error', message: 'Campo cliente.senha não existe na tabela cliente' });
    expect(list({ qtype: 'id', oper: '~' })).toMatchObject({ type: 'error' });
    expect(list({ grid_param: '[{' })).toEqual({ type: 'error', message: 'grid_param inválido' });
    expect(list({ rp: '0' })).toMatchObject({ type: 'error' });
  });

  it('seeds the demo ISP as IXC tables: strings only, logins with password columns, parents present', () => {
    const tables = demoIxcTables({ logins: 30, seed: 4, now: new Date('2026-01-01T12:00:00Z') });
    expect(tables.radusuarios).toHaveLength(30);
    expect(Object.values(tables).flat().every((r) => Object.values(r).every((v) => typeof v === 'string'))).toBe(true);
    expect(tables.radusuarios!.every((r) => r.senha && r.senha_router1)).toBe(true);
    const clients = new Set(tables.cliente!.map((c) => c.id));
    expect(tables.cliente_contrato!.every((c) => clients.has(c.id_cliente))).toBe(true);
    expect(demoIxcTables({ logins: 30, seed: 4, now: new Date('2026-01-01T12:00:00Z') })).toEqual(tables);
  });
});
