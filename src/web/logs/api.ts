/** Calls of Configurações › Logs and their query keys. */
import { api } from '../api.js';
import { logQueryString } from './filter.js';
import type { LogFilter, LogRow } from './types.js';

export const logsApi = {
  list: (filter: LogFilter, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<{ total: number; rows: LogRow[] }>(`/api/logs?${logQueryString(filter, { page, pageSize })}`, { signal }),
};

/** The same filter, every row, as CSV. */
export const logsCsvUrl = (filter: LogFilter) => `/api/logs/export.csv?${logQueryString(filter)}`;

export const logKeys = {
  all: ['logs'] as const,
  list: (filter: LogFilter, page: number, pageSize: number) => ['logs', filter, page, pageSize] as const,
};

export interface LogsSearch {
  canal?: 'whatsapp' | 'email' | 'sms';
  lote?: number;
}

/** `validateSearch` of /configuracoes/logs: the tab (`canal`) and, from the Fila, a batch (`lote`). */
export function validateLogsSearch(search: Record<string, unknown>): LogsSearch {
  const out: LogsSearch = {};
  if (search.canal === 'whatsapp' || search.canal === 'email' || search.canal === 'sms') out.canal = search.canal;
  const raw = typeof search.lote === 'string' ? Number(search.lote) : search.lote;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) out.lote = raw;
  return out;
}
