/** The Fila's address: `/crm/fila?lote=<id>` opens one batch. */
export interface QueueSearch {
  lote?: number;
}

/** `validateSearch` of the route: a positive batch id, or nothing. */
export function validateQueueSearch(search: Record<string, unknown>): QueueSearch {
  const raw = search.lote;
  const id = typeof raw === 'string' ? Number(raw) : raw;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { lote: id } : {};
}
