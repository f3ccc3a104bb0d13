/**
 * One reader for a ReportFilter from anywhere untrusted (the address bar, a saved filter, the form): keeps the
 * known keys with valid values, drops the rest, and omits empty strings and lists — the server rejects them.
 * Keys come out in one fixed order, so the same filter always gives the same URL and cache key.
 */
import { channels, incidentAudiences } from '../../shared/vocabulary.js';
import {
  accessStatuses,
  authTypes,
  contractStatuses,
  durationUnits,
  type FilterKey,
  loginMatches,
  onlineStates,
  type ReportFilter,
} from './types.js';

/** Longest text the UI sends in one field; the inputs carry the same maxLength. */
export const MAX_TEXT = 200;
const MAX_LIST = 1000;

type Reader<T> = (value: unknown) => T | undefined;

const text: Reader<string> = (value) => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= MAX_TEXT ? trimmed : undefined;
};

const positiveInt: Reader<number> = (value) => {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

const bool: Reader<boolean> = (value) => (typeof value === 'boolean' ? value : undefined);

/** Instants carry their offset (`2025-01-15T08:00:00-03:00` or `…Z`), as the server requires. */
const isoInstant: Reader<string> = (value) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value))
    ? value
    : undefined;

function listOf<T>(item: Reader<T>): Reader<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return undefined;
    const out: T[] = [];
    for (const raw of value.slice(0, MAX_LIST)) {
      const parsed = item(raw);
      if (parsed !== undefined && !out.includes(parsed)) out.push(parsed);
    }
    return out.length > 0 ? out : undefined;
  };
}

function oneOf<const T extends string>(allowed: readonly T[]): Reader<T> {
  const set = new Set<string>(allowed);
  return (value) => (typeof value === 'string' && set.has(value) ? (value as T) : undefined);
}

const duration: Reader<NonNullable<ReportFilter['offlineForAtLeast']>> = (value) => {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const amount = positiveInt(record.value);
  const unit = oneOf(durationUnits)(record.unit);
  return amount !== undefined && unit ? { value: amount, unit } : undefined;
};

const incident: Reader<NonNullable<ReportFilter['incident']>> = (value) => {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const id = positiveInt(record.id);
  const audience = oneOf(incidentAudiences)(record.audience ?? 'affected');
  const channel = oneOf(channels)(record.channel);
  return id !== undefined && audience ? { id, audience, ...(channel ? { channel } : {}) } : undefined;
};

const maintenance: Reader<NonNullable<ReportFilter['maintenance']>> = (value) => {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const id = positiveInt(record.id);
  const audience = oneOf(['on_elements', 'told'] as const)(record.audience ?? 'on_elements');
  return id !== undefined && audience ? { id, audience } : undefined;
};

const fallbackOf: Reader<NonNullable<ReportFilter['fallbackOf']>> = (value) => {
  const batchId = value && typeof value === 'object' ? positiveInt((value as Record<string, unknown>).batchId) : undefined;
  return batchId === undefined ? undefined : { batchId };
};

const ids = listOf(positiveInt);
/** Names of NAS, POPs, plans, cities and boxes (the API accepts them; the server resolves them to ids). */
const names = listOf(text);

const readers: { [K in FilterKey]-?: Reader<NonNullable<ReportFilter[K]>> } = {
  clientId: positiveInt,
  clientName: text,
  cpfCnpj: text,
  branchIds: ids,
  cityIds: ids,
  cities: names,
  neighbourhood: text,
  condominiumIds: ids,
  clientActive: bool,
  contractStatus: listOf(oneOf(contractStatuses)),
  accessStatus: listOf(oneOf(accessStatuses)),
  planIds: ids,
  plans: names,
  hasValidMobile: bool,
  hasEmail: bool,
  optedOutWhatsapp: bool,
  optedOutEmail: bool,
  optedOutSms: bool,
  login: text,
  loginMatch: oneOf(loginMatches),
  online: listOf(oneOf(onlineStates)),
  offlineForAtLeast: duration,
  sessionEndedFrom: isoInstant,
  sessionEndedTo: isoInstant,
  sessionStartedFrom: isoInstant,
  sessionStartedTo: isoInstant,
  disconnectReasons: listOf(text),
  nasIds: ids,
  nas: names,
  popIds: ids,
  pops: names,
  ftthBoxIds: ids,
  ftthBoxes: names,
  ftthPort: text,
  radiusGroupIds: ids,
  authTypes: listOf(oneOf(authTypes)),
  loginActive: bool,
  ipContains: text,
  macContains: text,
  incident,
  maintenance,
  fallbackOf,
};

export const filterKeys = Object.keys(readers) as FilterKey[];

/** The valid part of `value` as a ReportFilter (an empty object when nothing is usable). */
export function readFilter(value: unknown): ReportFilter {
  let source = value;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      return {};
    }
  }
  if (!source || typeof source !== 'object' || Array.isArray(source)) return {};
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of filterKeys) {
    const parsed = readers[key](record[key]);
    if (parsed !== undefined) out[key] = parsed;
  }
  // How to match the login means nothing without a login to match.
  if (out.login === undefined) delete out.loginMatch;
  return out as ReportFilter;
}

/** Same filter, same string: the cache key and the `f` search parameter. */
export function filterKey(filter: ReportFilter): string {
  return JSON.stringify(readFilter(filter));
}

/** `filter` with `id` added to one of its id lists (from a click in the summary tables). */
export function withIds(filter: ReportFilter, key: 'nasIds' | 'popIds' | 'ftthBoxIds', id: number): ReportFilter {
  const current = filter[key] ?? [];
  return current.includes(id) ? filter : readFilter({ ...filter, [key]: [...current, id] });
}
