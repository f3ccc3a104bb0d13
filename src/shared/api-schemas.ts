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
