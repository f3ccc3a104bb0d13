/** Schemas every capability's contract uses: the error body and an `:id` path parameter (browser-safe). */
import { z } from 'zod';
import { rowIdParam } from './ids.js';

/** Every failure: `{ error: { code, message, field? } }`; `code` is stable, `message` is for logs and scripts. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export const idParams = z.object({ id: rowIdParam });
