/** Logs Omnichannel / E-mail / SMS as the UI sees them: the server's schemas (src/logs/schemas.ts), dates as strings. */
import type { z } from 'zod';
import type { logsContract } from '../../logs/contract.js';
import type { logFilterSchema } from '../../logs/schemas.js';
import type { ResponseOf } from '../../shared/contract.js';
import type { Channel } from '../../shared/vocabulary.js';

export type { Channel };

export type LogRow = ResponseOf<typeof logsContract.list>['rows'][number];

/** GET /api/logs/:id/delivery: a line's receipts and its fallback chain. */
export type DeliveryTimeline = ResponseOf<typeof logsContract.delivery>['timeline'];

/** Query of GET /api/logs and /api/logs/export.csv (every key optional; instants ISO with offset). */
export type LogFilter = z.input<typeof logFilterSchema>;
