/**
 * The report's address: `?f=<filter as compact JSON>&sort=<column>.<dir>&page=<n>&size=<n>`. The router parses
 * JSON values itself; `validateReportSearch` accepts what it gets (object or string) and keeps only valid parts,
 * so a hand-edited or stale link opens with whatever still makes sense. Defaults are left out of the URL.
 */
import { DEFAULT_PAGE_SIZE, type PageSize, pageSizes } from '../components/paging.js';
import { readFilter } from './filter.js';
import {
  DEFAULT_SORT,
  type ReportFilter,
  type ReportSort,
  type SortColumn,
  type SortDir,
  sortColumns,
} from './types.js';

/** What the route keeps in its search params; a missing `f` means "not filtered yet" (no results shown). */
export interface ReportSearch {
  f?: ReportFilter;
  sort?: string;
  page?: number;
  size?: number;
}

/** The same, resolved: defaults filled in, ready for the API. */
export interface ReportView {
  filter: ReportFilter | null;
  sort: ReportSort;
  page: number;
  pageSize: PageSize;
}

const MAX_PAGE = 100_000;

export function parseSort(value: unknown): ReportSort | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\w+)\.(asc|desc)$/.exec(value);
  if (!match || !(sortColumns as readonly string[]).includes(match[1] ?? '')) return undefined;
  return { column: match[1] as SortColumn, dir: match[2] as ReportSort['dir'] };
}

export function formatSort(sort: ReportSort): string {
  return `${sort.column}.${sort.dir}`;
}

function readPage(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 1 && n <= MAX_PAGE ? n : undefined;
}

function readSize(value: unknown): PageSize | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return (pageSizes as readonly unknown[]).includes(n) && n !== DEFAULT_PAGE_SIZE ? (n as PageSize) : undefined;
}

/** `validateSearch` of the route: unknown or invalid parameters are dropped, defaults are omitted. */
export function validateReportSearch(search: Record<string, unknown>): ReportSearch {
  const out: ReportSearch = {};
  if (search.f !== undefined && search.f !== null && search.f !== '') out.f = readFilter(search.f);
  const sort = parseSort(search.sort);
  if (sort && formatSort(sort) !== formatSort(DEFAULT_SORT)) out.sort = formatSort(sort);
  const page = readPage(search.page);
  if (page !== undefined) out.page = page;
  const size = readSize(search.size);
  if (size !== undefined) out.size = size;
  return out;
}

export function viewOf(search: ReportSearch): ReportView {
  return {
    filter: search.f ?? null,
    sort: parseSort(search.sort) ?? DEFAULT_SORT,
    page: search.page ?? 1,
    pageSize: readSize(search.size) ?? DEFAULT_PAGE_SIZE,
  };
}

/** The search params for a view (the inverse of `viewOf`, through the same validation). */
export function searchOf(view: Partial<ReportView>): ReportSearch {
  return validateReportSearch({
    f: view.filter ?? undefined,
    sort: view.sort ? formatSort(view.sort) : undefined,
    page: view.page,
    size: view.pageSize,
  });
}

/** The sort after a click on `column`'s header: the other direction if it is the current one. */
export function nextSort(current: ReportSort, column: SortColumn, firstDir: SortDir = 'asc'): ReportSort {
  if (current.column !== column) return { column, dir: firstDir };
  return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

