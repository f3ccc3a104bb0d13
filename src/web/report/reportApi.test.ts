import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api.js';
import { exportCsvUrl, reportApi, reportKeys } from './reportApi.js';

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
