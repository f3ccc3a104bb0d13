import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api.js';
import { QueryClient } from '@tanstack/react-query';
import { KNOWN_TOTAL_MS } from '../../shared/api-schemas.js';
import { exportCsvUrl, knownTotal, reportApi, reportKeys } from './reportApi.js';
import type { ReportFilter, ReportSort } from './types.js';

describe('report API calls', () => {
  const fetchMock = vi.fn<(path: string, init: RequestInit) => Promise<Response>>();
  beforeEach(() => {
    fetchMock.mockReset();
    fetchMock.mockImplementation(async () => Response.json({ rows: [], total: 0, page: 1, pageSize: 50 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('csrf-1');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('posts a clean filter: empty strings and lists are never sent', async () => {
    const filter = { login: '', nasIds: [], online: ['offline'] } as never;
    await reportApi.rows({ filter, sort: { column: 'login', dir: 'asc' }, page: 2, pageSize: 100 });
    const [path, init] = fetchMock.mock.calls[0] ?? [];
    expect(path).toBe('/api/report/logins/query');
    expect(JSON.parse(String(init?.body))).toEqual({
      filter: { online: ['offline'] },
      sort: { column: 'login', dir: 'asc' },
      page: 2,
      pageSize: 100,
    });
    expect(init?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1' });
  });

  it('builds the CSV link with the filter and sort as encoded JSON', () => {
    const url = exportCsvUrl({ nasIds: [3], clientName: 'São & Cia' }, { column: 'sessionEndedAt', dir: 'desc' });
    const params = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/api/report/logins/export.csv?filter=')).toBe(true);
    expect(JSON.parse(params.get('filter') ?? '')).toEqual({ clientName: 'São & Cia', nasIds: [3] });
    expect(JSON.parse(params.get('sort') ?? '')).toEqual({ column: 'sessionEndedAt', dir: 'desc' });
  });

  it('keys equal filters alike whatever their key order', () => {
    const sort = { column: 'login', dir: 'asc' } as const;
    expect(reportKeys.rows({ filter: { nasIds: [1], popIds: [2] }, sort, page: 1, pageSize: 50 })).toEqual(
      reportKeys.rows({ filter: { popIds: [2], nasIds: [1] }, sort, page: 1, pageSize: 50 }),
    );
  });
});

describe('the total a page of a counted filter reuses', () => {
  const sort = { column: 'login', dir: 'asc' } as const;
  const view = (filter: ReportFilter, page: number, s: ReportSort = sort) => ({ filter, sort: s, page, pageSize: 50 });
  const answer = (total: number) => ({ rows: [], total, page: 1, pageSize: 50 });

  it('is the newest total of another page or order of the same filter, younger than a minute and not invalidated', async () => {
    const client = new QueryClient();
    const filter = { nasIds: [3], online: ['offline'] } as ReportFilter;
    expect(knownTotal(client, view(filter, 2))).toBeUndefined();
    client.setQueryData(reportKeys.rows(view(filter, 1)), answer(120), { updatedAt: 1_000 });
    client.setQueryData(reportKeys.rows(view(filter, 3, { column: 'nasName', dir: 'desc' })), answer(118), { updatedAt: 2_000 });
    client.setQueryData(reportKeys.rows(view({ nasIds: [4] }, 1)), answer(9), { updatedAt: 3_000 });
    expect(knownTotal(client, view(filter, 2), 5_000)).toBe(118);
    // the view itself is counted anew when it is fetched again (a refresh)
    expect(knownTotal(client, view(filter, 3, { column: 'nasName', dir: 'desc' }), 5_000)).toBe(120);
    // key order does not make another filter
    expect(knownTotal(client, view({ online: ['offline'], nasIds: [3] } as ReportFilter, 2), 5_000)).toBe(118);
    // older than a minute: counted again
    expect(knownTotal(client, view(filter, 2), 1_000 + KNOWN_TOTAL_MS + 1)).toBe(118);
    expect(knownTotal(client, view(filter, 2), 2_000 + KNOWN_TOTAL_MS + 1)).toBeUndefined();
    // Filtrar on the view shown invalidates every result: counted again
    await client.invalidateQueries({ queryKey: reportKeys.results, refetchType: 'none' });
    expect(knownTotal(client, view(filter, 2), 5_000)).toBeUndefined();
  });
});
