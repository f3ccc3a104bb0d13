/** Descadastros (opt-out list) as the API takes and gives them (browser-safe). */
import { z } from 'zod';
import { pageParam } from '../shared/ids.js';
import { channels } from '../shared/vocabulary.js';

export const suppressionSources = ['keyword', 'button', 'admin', 'import'] as const;
export type SuppressionSource = (typeof suppressionSources)[number];

export const suppressionSchema = z.object({
  id: z.number().int(),
  channel: z.enum(channels),
  /** E.164 or the lower-cased e-mail address. */
  contact: z.string(),
  /** `+55 (DD) 9XXXX-XXXX` for phones. */
  contactDisplay: z.string(),
  source: z.enum(suppressionSources),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  removedAt: z.date().nullable(),
  removedBy: z.string().nullable(),
});
export type Suppression = z.output<typeof suppressionSchema>;

/** What both lists (descadastros, consentimentos) are filtered by. */
const listQuery = {
  channel: z.enum(channels).optional(),
  /** Part of the number or address. */
  contact: z.string().trim().min(1).max(200).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const suppressionListQuerySchema = z.strictObject({
  ...listQuery,
  /** Also the entries removed (kept for the record). */
  removed: flag,
});

export const consentListQuerySchema = z.strictObject({
  ...listQuery,
  /** Also the consents revoked (kept for the record). */
  revoked: flag,
});
export type ConsentListQuery = z.output<typeof consentListQuerySchema>;

/** One entry to add: a phone in any format (WhatsApp, SMS) or an e-mail address. */
export const suppressionInputSchema = z.strictObject({
  channel: z.enum(channels),
  contact: z.string().trim().min(3, 'is required').max(200),
  note: z.string().trim().max(300).optional(),
});
export type SuppressionInput = z.input<typeof suppressionInputSchema>;

/** Importar: many entries at once; a bad one is named by its row and nothing is stored. */
export const suppressionImportSchema = z.strictObject({
  entries: z.array(suppressionInputSchema).min(1).max(50_000),
});

export const consentSchema = z.object({
  id: z.number().int(),
  channel: z.enum(channels),
  contact: z.string(),
  contactDisplay: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  revokedBy: z.string().nullable(),
});
