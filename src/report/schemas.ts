/**
 * The Relatório de status logins as the API and the UI see it (browser-safe): a page of rows, the summary, the
 * filter form's options, saved filters, the home dashboard's counts, and the filter as applied (names resolved).
 * The filter itself is in filter.ts.
 */
import { z } from 'zod';
import { reportFilterSchema } from './filter.js';

const nullableText = z.string().nullable();
const nullableId = z.number().int().nullable();

const mobileProblems = ['missing', 'invalid', 'landline'] as const;

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
  /** IXC's flag: S online, N offline, SS never authenticated, I (undocumented, shown as no status). */
  online: z.enum(['S', 'N', 'SS', 'I']),
  sessionStartedAt: nullableText.describe('ISO 8601'),
  sessionEndedAt: nullableText.describe('ISO 8601'),
  /** Seconds since the last session ended, for offline logins (`online = 'N'`) only. */
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
    problem: z.enum(mobileProblems).nullable(),
  }),
});
export type LoginRow = z.output<typeof loginRowSchema>;

/** A reference row the filter restricts to: an id and its name (null for an id no row has). */
export const lookupSchema = z.object({ id: z.number().int(), name: nullableText });
export type Lookup = z.output<typeof lookupSchema>;

const lookups = z.array(lookupSchema);

/**
 * The filter as it ran: names merged into the id lists (`filter`, which the SQL used), and for each of those
 * lists the rows it stands for with their names (`lookups`) — ids and names, whichever the caller gave.
 */
export const appliedFilterSchema = z.object({
  filter: reportFilterSchema,
  lookups: z.object({
    nasIds: lookups.optional(),
    popIds: lookups.optional(),
    planIds: lookups.optional(),
    cityIds: lookups.optional(),
    ftthBoxIds: lookups.optional(),
  }),
});
export type AppliedFilter = z.output<typeof appliedFilterSchema>;

export const loginPageSchema = z.object({
  rows: z.array(loginRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type LoginPage = z.output<typeof loginPageSchema>;

const counts = { total: z.number().int(), online: z.number().int(), offline: z.number().int(), never: z.number().int() };
export const summaryGroupSchema = z.object({ id: nullableId, name: nullableText, ...counts });
export type SummaryGroup = z.output<typeof summaryGroupSchema>;

export const summarySchema = z.object({
  ...counts,
  byNas: z.array(summaryGroupSchema),
  byPop: z.array(summaryGroupSchema),
  byFtthBox: z.array(summaryGroupSchema),
});
export type Summary = z.output<typeof summarySchema>;

export const optionSchema = z.object({ id: z.number().int(), name: z.string() });
export type Option = z.output<typeof optionSchema>;

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
export type ReportOptions = z.output<typeof optionsSchema>;

export const ftthBoxQuerySchema = z.object({
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A saved filter stores the filter as given: names stay names, resolved each time it is used. */
export const savedFilterInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  filter: reportFilterSchema,
});
export const savedFilterPatchSchema = savedFilterInputSchema.partial();
export type SavedFilterInput = z.infer<typeof savedFilterInputSchema>;
export type SavedFilterPatch = z.infer<typeof savedFilterPatchSchema>;

export const savedFilterSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  filter: reportFilterSchema,
  /** Username of its creator ('' once that user is deleted). */
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SavedFilter = z.output<typeof savedFilterSchema>;

/** The home dashboard's counts: subscribers, logins by live state, the NAS with most logins offline. */
/** A network element (NAS, POP, FTTH box) with its offline and total logins, for the home page. */
const offlineElement = z.object({ id: z.number(), name: z.string(), offline: z.number(), total: z.number() });

export const overviewCountsSchema = z.object({
  clients: z.number(),
  contracts: z.number(),
  logins: z.object({ total: z.number(), online: z.number(), offline: z.number(), neverAuthenticated: z.number() }),
  topOfflineNas: z.array(offlineElement),
  topOfflinePops: z.array(offlineElement),
  topOfflineBoxes: z.array(offlineElement),
});
export type OverviewCounts = z.output<typeof overviewCountsSchema>;

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
