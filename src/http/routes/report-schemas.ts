/** Response schemas of the login report's routes (they also document the API in /api/openapi.json). */
import { z } from 'zod';
import { reportFilterSchema } from '../../report/filter.js';

const nullableText = z.string().nullable();
const nullableId = z.number().int().nullable();

export const loginRowSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  active: z.boolean(),
  clientId: z.number().int(),
  clientName: z.string(),
  clientActive: z.boolean(),
  contractId: nullableId,
  contractStatus: nullableText,
  accessStatus: nullableText,
  planName: nullableText,
  online: z.enum(['S', 'N', 'SS', 'I']),
  sessionStartedAt: nullableText.describe('ISO 8601'),
  sessionEndedAt: nullableText.describe('ISO 8601'),
  offlineSeconds: z.number().int().nullable().describe("only when online = 'N'"),
  disconnectReason: nullableText,
  nasId: nullableId,
  nasName: nullableText,
  popId: nullableId,
  popName: nullableText,
  ftthBoxId: nullableId,
  ftthBoxName: nullableText,
  ftthPort: nullableText,
  cityName: nullableText,
  state: nullableText,
  neighbourhood: nullableText,
  ipAddress: nullableText,
  macAddress: nullableText,
  email: nullableText,
  mobile: z.object({
    e164: nullableText,
    display: nullableText.describe('+55 (48) 99912-3456'),
    problem: z.enum(['missing', 'invalid', 'landline']).nullable(),
  }),
});

export const loginPageSchema = z.object({
  rows: z.array(loginRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const counts = { total: z.number().int(), online: z.number().int(), offline: z.number().int(), never: z.number().int() };
const groupSchema = z.object({ id: nullableId, name: nullableText, ...counts });

export const summarySchema = z.object({
  ...counts,
  byNas: z.array(groupSchema),
  byPop: z.array(groupSchema),
  byFtthBox: z.array(groupSchema),
});

const optionSchema = z.object({ id: z.number().int(), name: z.string() });

export const optionsSchema = z.object({
  branches: z.array(optionSchema),
  cities: z.array(optionSchema.extend({ state: nullableText })),
  plans: z.array(optionSchema),
  radiusGroups: z.array(optionSchema),
  nas: z.array(optionSchema),
  pops: z.array(optionSchema),
  condominiums: z.array(optionSchema),
  disconnectReasons: z.array(z.string()),
});

export const ftthBoxesSchema = z.object({ ftthBoxes: z.array(optionSchema) });

export const savedFilterSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  filter: reportFilterSchema,
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A query-string parameter holding URL-encoded JSON, parsed and then validated by `schema`. */
export function jsonParam<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
