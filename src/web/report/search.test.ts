import { describe, expect, it } from 'vitest';
import { pageRange } from '../components/paging.js';
import { nextSort, parseSort, searchOf, validateReportSearch, viewOf } from './search.js';

describe('report search params', () => {
  it('keeps a valid filter, sort, page and size', () => {
    const input = { f: { nasIds: [3], online: ['offline'] }, sort: 'sessionEndedAt.desc', page: 2, size: 100 };
    const search = validateReportSearch(input);
    expect(search).toEqual(input);
    expect(viewOf(search)).toEqual({
      filter: { nasIds: [3], online: ['offline'] },
      sort: { column: 'sessionEndedAt', dir: 'desc' },
      page: 2,
      pageSize: 100,
    });
  });

  it('drops invalid or default values, so the URL stays short', () => {
    expect(validateReportSearch({ sort: 'login.asc', page: 1, size: 50 })).toEqual({});
    expect(validateReportSearch({ sort: 'password.asc', page: -3, size: 70, x: 1 })).toEqual({});
    expect(validateReportSearch({ page: '4', size: '500' })).toEqual({ page: 4, size: 500 });
  });

  it('tells "not filtered yet" (no f) from "filtered with no conditions" (f={})', () => {
    expect(viewOf(validateReportSearch({})).filter).toBeNull();
    expect(viewOf(validateReportSearch({ f: {} })).filter).toEqual({});
    expect(viewOf(validateReportSearch({ f: '{"colour":"blue"}' })).filter).toEqual({});
  });

  it('round-trips a view through its search params', () => {
    const view = {
      filter: { login: 'ana' },
      sort: { column: 'nasName', dir: 'asc' },
      page: 3,
      pageSize: 1000,
    } as const;
    expect(viewOf(searchOf(view))).toEqual(view);
    expect(parseSort('nasName.sideways')).toBeUndefined();
  });

  it('flips the direction on the current column, and starts a new one in its first direction', () => {
    const current = { column: 'login', dir: 'asc' } as const;
    expect(nextSort(current, 'login')).toEqual({ column: 'login', dir: 'desc' });
    expect(nextSort(current, 'sessionEndedAt', 'desc')).toEqual({ column: 'sessionEndedAt', dir: 'desc' });
    expect(nextSort({ column: 'sessionEndedAt', dir: 'desc' }, 'sessionEndedAt', 'desc')).toEqual({
      column: 'sessionEndedAt',
      dir: 'asc',
    });
  });

  it('computes the rows shown and the page count', () => {
    expect(pageRange(1, 50, 12345)).toEqual({ from: 1, to: 50, pages: 247 });
    expect(pageRange(247, 50, 12345)).toEqual({ from: 12301, to: 12345, pages: 247 });
    expect(pageRange(1, 50, 0)).toEqual({ from: 0, to: 0, pages: 1 });
    expect(pageRange(9, 50, 100)).toEqual({ from: 101, to: 100, pages: 2 }); // past the end: nothing shown
  });
});
