/**
 * Enviar (CRM tab of the report) as the UI sees it: the server's schemas (src/queue/send-schemas.ts,
 * src/queue/send-contract.ts) and vocabulary (src/shared/vocabulary.ts). Only the priorities offered are the UI's.
 */
import type { OpaDailyLimit } from '../../providers/schemas.js';
import type { sendContract } from '../../queue/send-contract.js';
import type { SendRequest as ServerSendRequest } from '../../queue/send-schemas.js';
import type { ResponseOf } from '../../shared/contract.js';

export type { Channel } from '../../shared/vocabulary.js';

/** Body of POST /api/sends/plan (and of POST /api/sends, plus the idempotency key). */
export type SendRequest = Omit<ServerSendRequest, 'idempotencyKey'>;

/** Answer of POST /api/sends. */
export type EnqueueResult = ResponseOf<typeof sendContract.send>;

/** An Opa! Suite channel's daily template quota (src/providers/schemas.ts); null when the channel has none. */
export type DailyLimit = NonNullable<OpaDailyLimit>;

export const priorities = { routine: 0, urgent: 5 } as const;
export type PriorityName = keyof typeof priorities;
