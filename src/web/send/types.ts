/**
 * Enviar (CRM tab of the report) as the UI sees it: the server's schemas (src/queue/send-schemas.ts,
 * src/queue/send-contract.ts) and vocabulary (src/shared/vocabulary.ts). Only the priorities offered are the UI's.
 */
import type { OpaDailyLimit } from '../../providers/schemas.js';
import type { sendContract } from '../../queue/send-contract.js';
import type { SendPreview, SendResult, SendRequest as ServerSendRequest } from '../../queue/send-schemas.js';
import type { ResponseOf } from '../../shared/contract.js';

export type { Channel } from '../../shared/vocabulary.js';

/** Body of POST /api/sends/plan (and of POST /api/sends, plus the idempotency key). */
export type SendRequest = Omit<ServerSendRequest, 'idempotencyKey'>;

/** Answer of POST /api/sends: the batch's counts and whether its rows will leave. */
export type EnqueueResult = SendResult;
/** Answer of POST /api/sends/plan: counts, samples, length, readiness. */
export type { SendPreview };
/** Answer of GET /api/settings/send (dates as the JSON carries them). */
export type SendSettings = ResponseOf<typeof sendContract.settings>;
export type { MessagePurpose, RecentNoticeScope } from '../../shared/vocabulary.js';

/** An Opa! Suite channel's daily template quota (src/providers/schemas.ts); null when the channel has none. */
export type DailyLimit = NonNullable<OpaDailyLimit>;
