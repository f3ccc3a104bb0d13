/**
 * The login report's filter: one JSON object, validated here, that drives the page, the count, the summary, the
 * CSV export, saved filters and the send. Every key is optional; an absent key, an empty list or a blank text
 * does not restrict. Unknown keys, wrong types and impossible ranges are rejected naming the field.
 * NAS, POP, plan, city and FTTH box may be given by id (`nasIds`) or by name (`nas: ["BRAS-ITJ-01"]`), or both
 * (either matches); names are resolved to ids once per request (src/report/resolve-names.ts) and the SQL sees ids
 * only. Browser-safe: the web UI derives its filter type from this schema.
 */
import { z } from 'zod';
import { rowId } from '../shared/ids.js';
import { channels, incidentAudiences } from '../shared/vocabulary.js';
import { sortColumns } from './sort-columns.js';

const ids = z.array(rowId).max(10_000);
const text = z.string().trim().max(200);
/** Names of reference rows, compared case- and accent-insensitively with the stored names. */
const names = z.array(z.string().trim().min(1).max(200)).max(1_000);
const instant = z.iso.datetime({ offset: true });

export const contractStatuses = ['A', 'I', 'P', 'N', 'D'] as const;
export const accessStatuses = ['A', 'D', 'CM', 'CA', 'FA', 'AA', 'CE'] as const;
export const authTypes = ['L', 'H', 'M', 'V', 'D', 'I', 'E'] as const;
export const onlineStates = ['online', 'offline', 'never'] as const;
export const durationUnits = ['minutes', 'hours', 'days'] as const;
export const loginMatches = ['contains', 'exact'] as const;

/** The filter keys that name reference rows, each with the id key it stands for. */
export const nameKeys = { nas: 'nasIds', pops: 'popIds', plans: 'planIds', cities: 'cityIds', ftthBoxes: 'ftthBoxIds' } as const;
export type NameKey = keyof typeof nameKeys;

/** Stored `online` codes of each state: never authenticated = `SS` and IXC's undocumented `I`. */
export const ONLINE_CODES: Readonly<Record<(typeof onlineStates)[number], readonly string[]>> = {
  online: ['S'],
  offline: ['N'],
  never: ['SS', 'I'],
};

export const UNIT_SECONDS: Readonly<Record<(typeof durationUnits)[number], number>> = {
  minutes: 60,
  hours: 3_600,
  days: 86_400,
};

const RANGES = [
  ['sessionEndedFrom', 'sessionEndedTo'],
  ['sessionStartedFrom', 'sessionStartedTo'],
] as const;

export const reportFilterSchema = z
  .strictObject({
    // Informações Cliente-Contrato
    clientId: rowId,
    /** Contains, accent- and case-insensitive. */
    clientName: text,
    /** Digits compared: a whole CPF (11) or CNPJ (14) matches exactly, fewer digits match anywhere. */
    cpfCnpj: text,
    branchIds: ids,
    /** The login's installation city: its own address, else its client's. */
    cityIds: ids,
    /** City names (either of `cityIds` and `cities` matches); a name shared by cities of several states is all of them. */
    cities: names,
    /** Contains, accent- and case-insensitive; the same address as `cityIds`. */
    neighbourhood: text,
    condominiumIds: ids,
    clientActive: z.boolean(),
    contractStatus: z.array(z.enum(contractStatuses)),
    accessStatus: z.array(z.enum(accessStatuses)),
    planIds: ids,
    plans: names,
    hasValidMobile: z.boolean(),
    hasEmail: z.boolean(),
    optedOutWhatsapp: z.boolean(),
    optedOutEmail: z.boolean(),
    optedOutSms: z.boolean(),
    // Informações Login
    login: text,
    /** Default `contains` (case-insensitive); `exact` is case-sensitive, as RADIUS is. */
    loginMatch: z.enum(loginMatches),
    online: z.array(z.enum(onlineStates)),
    /** Offline (`online = 'N'`) with the last session ended at least this long before now. */
    offlineForAtLeast: z.strictObject({
      value: z.number().positive().max(1_000_000),
      unit: z.enum(durationUnits),
    }),
    sessionEndedFrom: instant,
    sessionEndedTo: instant,
    sessionStartedFrom: instant,
    sessionStartedTo: instant,
    disconnectReasons: z.array(z.string().max(200)).max(1_000),
    nasIds: ids,
    nas: names,
    popIds: ids,
    pops: names,
    ftthBoxIds: ids,
    ftthBoxes: names,
    ftthPort: text,
    radiusGroupIds: ids,
    authTypes: z.array(z.enum(authTypes)),
    loginActive: z.boolean(),
    ipContains: text,
    /** Compared ignoring separators and case: `aabb` finds `AA:BB:…`. */
    macContains: text,
    /**
     * The logins of an incident (src/incidents): all it affected, those still offline or back, or — what its notices
     * go to — those told of it that are still offline, or back and not yet told so, or not yet told of it at all.
     */
    incident: z.strictObject({
      id: rowId,
      audience: z.enum(incidentAudiences).default('affected'),
      /** For the notified_* and unnotified_* audiences: told (or not) by a notice on this channel. */
      channel: z.enum(channels).optional(),
    }),
    /**
     * A manutenção programada's logins: those on its elements (NAS, POP, caixa) — who its reminders go to — or those
     * a reminder of it reached (`told`: who hears it was cancelled).
     */
    maintenance: z.strictObject({ id: rowId, audience: z.enum(['on_elements', 'told']).default('on_elements') }),
    /**
     * The recipients of a send batch its channel did not reach — refused for good (not on WhatsApp…), reported
     * failed, or not delivered within its message's fallback time — and not yet sent a fallback: who the message's
     * fallback (src/queue/fallback.ts) goes to.
     */
    fallbackOf: z.strictObject({ batchId: rowId }),
  })
  .partial()
  .superRefine((filter, ctx) => {
    for (const [from, to] of RANGES) {
      const a = filter[from];
      const b = filter[to];
      if (a && b && Date.parse(a) > Date.parse(b)) {
        ctx.addIssue({ code: 'custom', path: [from], message: `must not be after ${to}` });
      }
    }
  });

export type ReportFilter = z.infer<typeof reportFilterSchema>;
/** Whether `filter` names any reference row (rather than giving ids only). */
export function hasNames(filter: ReportFilter): boolean {
  return (Object.keys(nameKeys) as NameKey[]).some((key) => (filter[key]?.length ?? 0) > 0);
}

/** A filter whose names were resolved into its id lists: what the SQL builder takes. */
export type IdFilter = Omit<ReportFilter, NameKey> & { [K in NameKey]?: never };

export { type SortColumn, sortColumns } from './sort-columns.js';

/** Nulls last in both directions; ties broken by login id in the same direction. */
export const reportSortSchema = z.strictObject({
  column: z.enum(sortColumns),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type ReportSort = z.infer<typeof reportSortSchema>;
export const DEFAULT_SORT: ReportSort = { column: 'login', dir: 'asc' };

const MAX_PAGE_SIZE = 1_000;

export const reportQuerySchema = z.strictObject({
  filter: reportFilterSchema.default({}),
  sort: reportSortSchema.default(DEFAULT_SORT),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /**
   * The total an earlier page of this same filter was answered with: the server does not count again and answers
   * with it. The web report sends it when it pages or re-sorts a view it has counted; Filtrar counts anew.
   */
  knownTotal: z.number().int().min(0).optional(),
});
