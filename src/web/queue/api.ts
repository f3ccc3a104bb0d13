/** Calls of Sistema › CRM › Fila de envio (batches, their rows, Cancelar, Reenviar) and their query keys. */
import { queueContract } from '../../queue/contract.js';
import { avisa, pathOf } from '../client.js';
import type { ItemQuery } from './types.js';

export const queueApi = {
  batches: (page: number, pageSize: number) => avisa.queue.batches({ query: { page, pageSize } }),
  batch: (id: number) => avisa.queue.batch({ params: { id } }).then((r) => r.batch),
  items: (id: number, q: ItemQuery) => avisa.queue.items({ params: { id }, query: q }),
  cancel: (id: number) => avisa.queue.cancel({ params: { id } }),
  requeue: (id: number, status: 'failed' | 'uncertain') => avisa.queue.requeue({ params: { id }, body: { status } }),
};

/** The batch's skipped recipients as CSV. */
export const skippedCsvUrl = (id: number) => pathOf(queueContract.skippedCsv, { params: { id } });

export const queueKeys = {
  all: ['batches'] as const,
  list: (page: number, pageSize: number) => ['batches', 'list', page, pageSize] as const,
  batch: (id: number) => ['batches', id] as const,
  items: (id: number, q: ItemQuery) => ['batches', id, 'items', q] as const,
};
