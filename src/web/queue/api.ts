/** Calls of Sistema › CRM › Fila de envio (batches, their rows, Cancelar, Reenviar) and their query keys. */
import { api } from '../api.js';
import type { Batch, ItemQuery, QueueItem } from './types.js';

const base = '/api/batches';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const queueApi = {
  batches: (page: number, pageSize: number) =>
    api.get<{ total: number; batches: Batch[] }>(`${base}${query({ page, pageSize })}`),
  batch: (id: number) => api.get<{ batch: Batch }>(`${base}/${id}`).then((r) => r.batch),
  items: (id: number, q: ItemQuery) =>
    api.get<{ total: number; items: QueueItem[] }>(`${base}/${id}/items${query({ ...q })}`),
  cancel: (id: number) => api.post<{ cancelled: number; batch: Batch }>(`${base}/${id}/cancel`),
  requeue: (id: number, status: 'failed' | 'uncertain') =>
    api.post<{ requeued: number; kept: number; batch: Batch }>(`${base}/${id}/requeue`, { status }),
};

export const queueKeys = {
  all: ['batches'] as const,
  list: (page: number, pageSize: number) => ['batches', 'list', page, pageSize] as const,
  batch: (id: number) => ['batches', id] as const,
  items: (id: number, q: ItemQuery) => ['batches', id, 'items', q] as const,
};
