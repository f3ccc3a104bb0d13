/** Calls of the status-logins report (POST /api/report/logins/…, options, saved filters) and their query keys. */
import { hashKey, type QueryClient } from '@tanstack/react-query';
import { reportContract } from '../../report/contract.js';
import { KNOWN_TOTAL_MS } from '../../shared/api-schemas.js';
import { avisa, pathOf } from '../client.js';
import { filterKey, readFilter } from './filter.js';
import type { ReportFilter, ReportSort } from './types.js';

export interface RowsRequest {
  filter: ReportFilter;
  sort: ReportSort;
  page: number;
  pageSize: number;
  /** The total this filter was counted at (another page or order of it): the server does not count again. */
  knownTotal?: number;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

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
    const page = await avisa.report.query({ body: { filter: readFilter(filter), ...rest }, ...withSignal(signal) });
    rememberBoxes(page.rows.map((row) => ({ id: row.ftthBoxId, name: row.ftthBoxName })));
    return page;
  },
  summary: async (filter: ReportFilter, signal?: AbortSignal) => {
    const summary = await avisa.report.summary({ body: { filter: readFilter(filter) }, ...withSignal(signal) });
    rememberBoxes(summary.byFtthBox);
    return summary;
  },
  options: () => avisa.report.options(),
  ftthBoxes: (q: string, signal?: AbortSignal) =>
    avisa.report.ftthBoxes({ query: { q, limit: 50 }, ...withSignal(signal) }).then((r) => {
      rememberBoxes(r.ftthBoxes);
      return r.ftthBoxes;
    }),
  savedFilters: () => avisa.savedFilters.list().then((r) => r.savedFilters),
  saveFilter: (name: string, filter: ReportFilter) =>
    avisa.savedFilters.create({ body: { name, filter: readFilter(filter) } }).then((r) => r.savedFilter),
  replaceFilter: (id: number, filter: ReportFilter) =>
    avisa.savedFilters.update({ params: { id }, body: { filter: readFilter(filter) } }).then((r) => r.savedFilter),
  deleteFilter: (id: number) => avisa.savedFilters.remove({ params: { id } }),
};

/** The CSV download of the whole result (every page), same filter and order as on screen. */
export function exportCsvUrl(filter: ReportFilter, sort: ReportSort): string {
  return pathOf(reportContract.exportCsv, { query: { filter: JSON.stringify(readFilter(filter)), sort: JSON.stringify(sort) } });
}

/**
 * The total another page or order of this filter was answered with, when the cache holds one that is less than
 * KNOWN_TOTAL_MS old and not invalidated (Filtrar on the view already shown invalidates every result: it counts
 * anew). The view itself is never its own source: its refetch is a new count.
 */
export function knownTotal(client: QueryClient, request: RowsRequest, now = Date.now()): number | undefined {
  const own = hashKey(reportKeys.rows(request));
  let best: { total: number; at: number } | undefined;
  for (const query of client.getQueryCache().findAll({ queryKey: reportKeys.sameFilter(request.filter) })) {
    const { data, dataUpdatedAt, isInvalidated } = query.state;
    const total = (data as { total?: unknown } | undefined)?.total;
    if (query.queryHash === own || isInvalidated || typeof total !== 'number') continue;
    if (now - dataUpdatedAt > KNOWN_TOTAL_MS || (best && best.at >= dataUpdatedAt)) continue;
    best = { total, at: dataUpdatedAt };
  }
  return best?.total;
}

export const reportKeys = {
  /** Rows and summaries: live data, refreshed together when Filtrar is pressed on the view already shown. */
  results: ['report', 'results'] as const,
  rows: ({ filter, sort, page, pageSize }: RowsRequest) => [...reportKeys.sameFilter(filter), sort.column, sort.dir, page, pageSize] as const,
  /** Every page and order of one filter. */
  sameFilter: (filter: ReportFilter) => ['report', 'results', 'rows', filterKey(filter)] as const,
  summary: (filter: ReportFilter) => ['report', 'results', 'summary', filterKey(filter)] as const,
  options: ['report', 'options'] as const,
  ftthBoxes: (q: string) => ['report', 'ftth-boxes', q] as const,
  savedFilters: ['report', 'saved-filters'] as const,
};
