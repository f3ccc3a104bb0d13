/** Calls of Configurações › Logs and their query keys. */
import { logsContract } from '../../logs/contract.js';
import { type Channel, channels } from '../../shared/vocabulary.js';
import { avisa, pathOf } from '../client.js';
import type { LogFilter } from './types.js';

interface LogsListOptions {
  signal?: AbortSignal;
  knownTotal?: number | undefined;
  countAll?: boolean;
}

export const logsApi = {
  /**
   * `knownTotal`: the total this filter was counted at (another page of it); the server does not count again.
   * `countAll`: count every line, not only up to 10,000.
   */
  list: (filter: LogFilter, page: number, pageSize: number, opts: LogsListOptions = {}) =>
    avisa.logs.list({
      query: {
        ...filter,
        page,
        pageSize,
        ...(opts.knownTotal === undefined ? {} : { knownTotal: opts.knownTotal }),
        ...(opts.countAll ? { countAll: 'true' as const } : {}),
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    }),
  delivery: (id: number, signal?: AbortSignal) => avisa.logs.delivery({ params: { id }, ...(signal ? { signal } : {}) }),
};

/** The same filter, every row, as CSV. */
export const logsCsvUrl = (filter: LogFilter) => pathOf(logsContract.exportCsv, { query: filter });

export const logKeys = {
  all: ['logs'] as const,
  list: (filter: LogFilter, page: number, pageSize: number, countAll = false) => ['logs', filter, page, pageSize, countAll] as const,
  delivery: (id: number) => ['logs', 'delivery', id] as const,
};

export interface LogsSearch {
  canal?: Channel;
  lote?: number;
}

/** `validateSearch` of /configuracoes/logs: the tab (`canal`) and, from the Fila, a batch (`lote`). */
export function validateLogsSearch(search: Record<string, unknown>): LogsSearch {
  const out: LogsSearch = {};
  const canal = channels.find((c) => c === search.canal);
  if (canal) out.canal = canal;
  const raw = typeof search.lote === 'string' ? Number(search.lote) : search.lote;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) out.lote = raw;
  return out;
}
