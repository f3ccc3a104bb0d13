import { describe, expect, it } from 'vitest';
import { afterPage, minusSeconds, nextQuery, PagingError, startFull, startIncremental } from './pager.js';

const rec = (id: number, ua = '2026-01-01 10:00:00') => ({ id: String(id), ultima_atualizacao: ua });

describe('keyset paging', () => {
  it('full: id > afterId sorted by id, ending on a page that holds all of total', () => {
    expect(nextQuery('cliente', { ...startFull(null), afterId: 40 }, 20)).toEqual({
      qtype: 'cliente.id',
      query: '40',
      oper: '>',
      page: 1,
      rp: 20,
      sortname: 'cliente.id',
      sortorder: 'asc',
    });
    const first = afterPage('cliente', startFull(null), [rec(3), rec(7)], 5);
    expect(first.next).toMatchObject({ afterId: 7, done: false });
    expect(afterPage('cliente', first.next, [rec(9), rec(12), rec(20)], 3).next).toMatchObject({ afterId: 20, done: true });
    expect(afterPage('cliente', first.next, [], 0).next.done).toBe(true);
    // garbage ids do not move the cursor, but do not stop it either
    expect(afterPage('cliente', startFull(null), [rec(4), { id: 'x' }, rec(5)], 9).next).toMatchObject({ afterId: 5 });
  });

  it('stops on a server that ignores the filter or the order', () => {
    const at7 = { ...startFull(null), afterId: 7 };
    expect(() => afterPage('cliente', at7, [rec(1), rec(2)], 10)).toThrow(new PagingError('cliente: IXC returned id 1, not after 7 as asked'));
    expect(() => afterPage('cliente', at7, [rec(9), rec(8)], 10)).toThrow(/did not sort by id/);
    expect(() => afterPage('cliente', at7, [{ id: 'a' }], 10)).toThrow(/without a usable id/);
  });

  it('incremental: drains the second `since` by id, then advances by ultima_atualizacao', () => {
    const start = startIncremental('2026-01-01 10:00:00');
    expect(nextQuery('radusuarios', start, 3)).toMatchObject({
      qtype: 'radusuarios.ultima_atualizacao',
      oper: '=',
      query: '2026-01-01 10:00:00',
      sortname: 'radusuarios.id',
      grid: [{ TB: 'radusuarios.id', OP: '>', P: '0' }],
    });
    const drained = afterPage('radusuarios', start, [rec(5)], 1).next;
    expect(drained).toMatchObject({ phase: 'advance', newest: '2026-01-01 10:00:00' });
    expect(nextQuery('radusuarios', drained, 3)).toMatchObject({ oper: '>', sortname: 'radusuarios.ultima_atualizacao', sortorder: 'asc' });

    // a full advance page: rows of its newest second are left for the drain of that second
    const page = [rec(9, '2026-01-01 10:05:00'), rec(2, '2026-01-01 10:07:00'), rec(4, '2026-01-01 10:07:00')];
    const step = afterPage('radusuarios', drained, page, 50);
    expect(step.keep).toEqual([page[0]]);
    expect(step.next).toMatchObject({ phase: 'drain', since: '2026-01-01 10:07:00', afterId: 0, newest: '2026-01-01 10:07:00' });
    // the last advance page is kept whole
    expect(afterPage('radusuarios', drained, page, 3)).toMatchObject({ keep: page, next: { done: true } });
    expect(() => afterPage('radusuarios', drained, [rec(1, '2025-12-31 00:00:00'), rec(2, '2026-01-02 00:00:00')], 9)).toThrow(/not after/);
    expect(() => afterPage('radusuarios', drained, [rec(1, '2026-01-03 00:00:00'), rec(2, '2026-01-02 00:00:00')], 9)).toThrow(/did not sort/);
  });

  it('subtracts seconds from wall-clock text across days', () => {
    expect(minusSeconds('2026-03-01 00:01:00', 120)).toBe('2026-02-28 23:59:00');
    expect(minusSeconds('2026-03-01 00:01:00', -60)).toBe('2026-03-01 00:02:00');
  });
});
