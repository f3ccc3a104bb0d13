/** Calls of the status-logins report (POST /api/report/logins/…, options, saved filters) and their query keys. */
import { api } from '../api.js';
import { filterKey, readFilter } from './filter.js';
import type { LoginPage, ReportFilter, ReportOptions, ReportSort, ReportSummary, SavedFilter } from './types.js';

export interface RowsRequest {
  filter: ReportFilter;
  sort: ReportSort;
  page: number;
  pageSize: number;
}

const savedFiltersPath = '/api/report/saved-filters';

/**
 * Names of FTTH boxes seen in any answer. The box list is searched on the server, so a box chosen earlier (or
 * arriving in a shared link) is named from here; unknown ones show as "#id".
 */
const ftthBoxNames = new Map<number, string>();

function rememberBoxes(boxes: { id: number | null; name: string | null }[]): void {
  for (const box of boxes) if (box.id !== null && box.name) ftthBoxNames.set(box.id, box.name);
}

export function ftthBoxName(id: number): string {
  return ftthBoxNames.get(id) ?? `#${id}`;
}

export const reportApi = {
  rows: async ({ filter, ...rest }: RowsRequest, signal?: AbortSignal) => {
    const body = { filter: readFilter(filter), ...rest };
    const page = await api.post<LoginPage>('/api/report/logins/query', body, { signal });
    rememberBoxes(page.rows.map((row) => ({ id: row.ftthBoxId, name: row.ftthBoxName })));
    return page;
  },
  summary: async (filter: ReportFilter, signal?: AbortSignal) => {
    const body = { filter: readFilter(filter) };
    const summary = await api.post<ReportSummary>('/api/report/logins/summary', body, { signal });
    rememberBoxes(summary.byFtthBox);
    return summary;
  },
  options: () => api.get<ReportOptions>('/api/report/options'),
  ftthBoxes: (q: string, signal?: AbortSignal) =>
    api
      .get<{ ftthBoxes: { id: number; name: string }[] }>(
        `/api/report/options/ftth-boxes?q=${encodeURIComponent(q)}&limit=50`,
        { signal },
      )
      .then((r) => {
        rememberBoxes(r.ftthBoxes);
        return r.ftthBoxes;
      }),
  savedFilters: () => api.get<{ savedFilters: SavedFilter[] }>(savedFiltersPath).then((r) => r.savedFilters),
  saveFilter: (name: string, filter: ReportFilter) =>
    api
      .post<{ savedFilter: SavedFilter }>(savedFiltersPath, { name, filter: readFilter(filter) })
      .then((r) => r.savedFilter),
  replaceFilter: (id: number, filter: ReportFilter) =>
    api
      .put<{ savedFilter: SavedFilter }>(`${savedFiltersPath}/${id}`, { filter: readFilter(filter) })
      .then((r) => r.savedFilter),
  deleteFilter: (id: number) => api.delete(`${savedFiltersPath}/${id}`),
};

/** The CSV download of the whole result (every page), same filter and order as on screen. */
export function exportCsvUrl(filter: ReportFilter, sort: ReportSort): string {
  const f = encodeURIComponent(JSON.stringify(readFilter(filter)));
  const s = encodeURIComponent(JSON.stringify(sort));
  return `/api/report/logins/export.csv?filter=${f}&sort=${s}`;
}

export const reportKeys = {
  /** Rows and summaries: live data, refreshed together when Filtrar is pressed on the view already shown. */
  results: ['report', 'results'] as const,
  rows: ({ filter, sort, page, pageSize }: RowsRequest) =>
    ['report', 'results', 'rows', filterKey(filter), sort.column, sort.dir, page, pageSize] as const,
  summary: (filter: ReportFilter) => ['report', 'results', 'summary', filterKey(filter)] as const,
  options: ['report', 'options'] as const,
  ftthBoxes: (q: string) => ['report', 'ftth-boxes', q] as const,
  savedFilters: ['report', 'saved-filters'] as const,
};
