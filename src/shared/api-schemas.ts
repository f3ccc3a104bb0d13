/** Schemas every capability's contract uses: the error body and an `:id` path parameter (browser-safe). */
import { z } from 'zod';
import { rowIdParam } from './ids.js';
import { noticeSchema } from './notice.js';

/**
 * Every failure: `{ error: { code, message, field?, notice? } }`; `code` is stable, `message` is for logs and scripts,
 * and `notice`, when there is one, is what went wrong as a notice code with its params (the screens render it).
 */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), notice: noticeSchema.optional() }),
});

export const idParams = z.object({ id: rowIdParam });

/**
 * `knownTotal` of a paged list in a query string (the Logs; the report has it in its JSON body): the total an earlier
 * page of the same filter was answered with. The server answers with it instead of counting again; the web pages
 * send it for KNOWN_TOTAL_MS after a count.
 */
export const knownTotalParam = z.coerce.number().int().min(0).optional();

/** How long the web pages reuse a counted total for the other pages and orders of the same filter. */
export const KNOWN_TOTAL_MS = 60_000;
