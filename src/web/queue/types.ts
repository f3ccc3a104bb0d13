/** The Fila as the UI sees it: the server's schemas (src/queue/schemas.ts, contract.ts), dates as ISO strings. */
import type { z } from 'zod';
import type { queueContract } from '../../queue/contract.js';
import type { itemListSchema } from '../../queue/schemas.js';
import type { ResponseOf } from '../../shared/contract.js';

export { type QueueState, queueStates } from '../../shared/vocabulary.js';

export type Batch = ResponseOf<typeof queueContract.batch>['batch'];

/** The rows' filter and page, as the detail screen keeps it. */
export type ItemQuery = Omit<z.input<typeof itemListSchema>, 'page' | 'pageSize'> & { page: number; pageSize: number };
