/**
 * The filter form's state (what the inputs hold, strings included) and its way to and from a ReportFilter.
 * `validateDraft` mirrors the server's rules so most mistakes are caught before a request; whatever the server
 * still refuses comes back as a dotted field path, which `fieldOfServerError` maps to the input to mark.
 */
import { MAX_TEXT, readFilter } from './filter.js';
import {
  type AccessStatus,
  type AuthType,
  type ContractStatus,
  DEFAULT_SORT,
  type DurationUnit,
  type FilterKey,
  type LoginMatch,
  type NameKey,
  nameKeys,
  type OnlineState,
  type ReportFilter,
  type ReportSort,
} from './types.js';
import { isoToLocalInput, localInputToIso } from './zonedTime.js';

/** A yes/no filter that may be left out: '' is "Todos". */
export type Tri = '' | 'yes' | 'no';

const triKeys = [
  'clientActive',
  'hasValidMobile',
  'hasEmail',
  'optedOutWhatsapp',
  'optedOutEmail',
  'optedOutSms',
  'loginActive',
] as const satisfies readonly FilterKey[];
type TriKey = (typeof triKeys)[number];

const textKeys = [
  'clientName',
  'cpfCnpj',
  'neighbourhood',
  'login',
  'ftthPort',
  'ipContains',
  'macContains',
] as const;
type TextKey = (typeof textKeys)[number];

const dateKeys = ['sessionEndedFrom', 'sessionEndedTo', 'sessionStartedFrom', 'sessionStartedTo'] as const;
type DateKey = (typeof dateKeys)[number];

export const idListKeys = [
  'branchIds',
  'cityIds',
  'condominiumIds',
  'planIds',
  'nasIds',
  'popIds',
  'ftthBoxIds',
  'radiusGroupIds',
] as const;
export type IdListKey = (typeof idListKeys)[number];

export type Draft = Record<TriKey, Tri> &
  Record<TextKey | DateKey, string> &
  Record<IdListKey, number[]> & {
    clientId: string;
    contractStatus: ContractStatus[];
    accessStatus: AccessStatus[];
    online: OnlineState[];
    authTypes: AuthType[];
    disconnectReasons: string[];
    loginMatch: LoginMatch;
    offlineValue: string;
    offlineUnit: DurationUnit;
    sortColumn: ReportSort['column'];
    sortDir: ReportSort['dir'];
    /**
     * NAS, POPs, plans, cities and boxes given by name (a filter saved through the API): the form has no inputs for
     * them, but carries them — dropping them would silently widen the filter — and shows them for removal.
     */
    names: ByName;
    /**
     * The incident or maintenance window the filter is scoped to (a link from Incidentes or Manutenções): no inputs
     * either, carried the same way — dropping it would turn "the 40 logins of INC-12" into every login.
     */
    scope: Scope;
  };

export type ByName = Partial<Record<NameKey, string[]>>;
export type Scope = Pick<ReportFilter, 'incident' | 'maintenance'>;
const nameKeyList = Object.keys(nameKeys) as NameKey[];

/** Form-level names: the filter's keys plus the sort (one error slot each). */
export type DraftField = FilterKey | 'sort';

export type DraftErrors = Partial<Record<DraftField, DraftError>>;
export type DraftError =
  | 'positiveInt'
  | 'tooLarge'
  | 'dateInvalid'
  | 'dateOrder'
  | 'ipChars'
  | 'macChars'
  | 'cpfCnpjChars'
  | 'tooLong';

export function emptyDraft(sort: ReportSort = DEFAULT_SORT): Draft {
  const draft: Record<string, unknown> = {
    clientId: '',
    contractStatus: [],
    accessStatus: [],
    online: [],
    authTypes: [],
    disconnectReasons: [],
    loginMatch: 'contains',
    offlineValue: '',
    offlineUnit: 'hours',
    sortColumn: sort.column,
    sortDir: sort.dir,
    names: {},
    scope: {},
  };
  for (const key of triKeys) draft[key] = '';
  for (const key of [...textKeys, ...dateKeys]) draft[key] = '';
  for (const key of idListKeys) draft[key] = [];
  return draft as Draft;
}

export function draftFromFilter(filter: ReportFilter, sort: ReportSort = DEFAULT_SORT): Draft {
  const draft = emptyDraft(sort);
  const clean = readFilter(filter);
  for (const key of triKeys) draft[key] = clean[key] === undefined ? '' : clean[key] ? 'yes' : 'no';
  for (const key of textKeys) draft[key] = clean[key] ?? '';
  for (const key of dateKeys) draft[key] = clean[key] ? isoToLocalInput(clean[key]) : '';
  for (const key of idListKeys) draft[key] = clean[key] ?? [];
  draft.clientId = clean.clientId === undefined ? '' : String(clean.clientId);
  draft.contractStatus = clean.contractStatus ?? [];
  draft.accessStatus = clean.accessStatus ?? [];
  draft.online = clean.online ?? [];
  draft.authTypes = clean.authTypes ?? [];
  draft.disconnectReasons = clean.disconnectReasons ?? [];
  draft.loginMatch = clean.loginMatch ?? 'contains';
  draft.offlineValue = clean.offlineForAtLeast ? String(clean.offlineForAtLeast.value) : '';
  draft.offlineUnit = clean.offlineForAtLeast?.unit ?? 'hours';
  for (const key of nameKeyList) if (clean[key]) draft.names[key] = clean[key];
  if (clean.incident) draft.scope.incident = clean.incident;
  if (clean.maintenance) draft.scope.maintenance = clean.maintenance;
  return draft;
}

const textRules: Partial<Record<TextKey, { pattern: RegExp; error: DraftError }>> = {
  cpfCnpj: { pattern: /^[\d.\-/\s]+$/, error: 'cpfCnpjChars' },
  ipContains: { pattern: /^[\da-fA-F.:]+$/, error: 'ipChars' },
  macContains: { pattern: /^[\da-fA-F:.-]+$/, error: 'macChars' },
};

/** The server's ceiling for "offline for at least" (in any unit). */
const MAX_OFFLINE_VALUE = 1_000_000;

const positiveInt = (value: string) => (/^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

/** The draft as the filter to send, or the errors that stop it (keyed by the input to mark). */
export function validateDraft(draft: Draft): { filter: ReportFilter; sort: ReportSort } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const raw: Record<string, unknown> = {};

  for (const key of triKeys) if (draft[key]) raw[key] = draft[key] === 'yes';
  for (const key of textKeys) {
    const value = draft[key].trim();
    if (!value) continue;
    const rule = textRules[key];
    if (value.length > MAX_TEXT) errors[key] = 'tooLong';
    else if (rule && !rule.pattern.test(value)) errors[key] = rule.error;
    else raw[key] = value;
  }
  if (draft.clientId.trim()) {
    raw.clientId = positiveInt(draft.clientId.trim());
    if (raw.clientId === undefined) errors.clientId = 'positiveInt';
  }
  if (draft.offlineValue.trim()) {
    const value = positiveInt(draft.offlineValue.trim());
    if (value === undefined) errors.offlineForAtLeast = 'positiveInt';
    else if (value > MAX_OFFLINE_VALUE) errors.offlineForAtLeast = 'tooLarge';
    else raw.offlineForAtLeast = { value, unit: draft.offlineUnit };
  }
  for (const key of dateKeys) {
    if (!draft[key]) continue;
    raw[key] = localInputToIso(draft[key]);
    if (raw[key] === undefined) errors[key] = 'dateInvalid';
  }
  for (const [from, to] of [
    ['sessionEndedFrom', 'sessionEndedTo'],
    ['sessionStartedFrom', 'sessionStartedTo'],
  ] as const) {
    const start = raw[from];
    const end = raw[to];
    if (typeof start === 'string' && typeof end === 'string' && Date.parse(start) > Date.parse(end)) {
      errors[from] = 'dateOrder';
    }
  }
  for (const key of idListKeys) raw[key] = draft[key];
  raw.contractStatus = draft.contractStatus;
  raw.accessStatus = draft.accessStatus;
  raw.online = draft.online;
  raw.authTypes = draft.authTypes;
  raw.disconnectReasons = draft.disconnectReasons;
  raw.loginMatch = draft.loginMatch;
  for (const key of nameKeyList) raw[key] = draft.names[key];
  Object.assign(raw, draft.scope);

  if (Object.keys(errors).length > 0) return { errors };
  return { filter: readFilter(raw), sort: { column: draft.sortColumn, dir: draft.sortDir } };
}

const draftFields = new Set<string>([...Object.keys(emptyDraft()).filter((k) => k !== 'names'), 'offlineForAtLeast', 'sort']);

/**
 * The input a server VALIDATION error is about: `filter.sessionEndedFrom` → sessionEndedFrom,
 * `filter.offlineForAtLeast.value` → offlineForAtLeast, `filter.nasIds.3` → nasIds, `sort.column` → sort.
 */
export function fieldOfServerError(path: string | undefined): DraftField | undefined {
  if (!path) return undefined;
  const parts = path.split('.');
  const name = parts[0] === 'filter' ? parts[1] : parts[0];
  return name && draftFields.has(name) && !['sortColumn', 'sortDir', 'offlineValue', 'offlineUnit'].includes(name)
    ? (name as DraftField)
    : undefined;
}

/** Which form section holds each field (to badge a collapsed section and open the one with an error). */
export const sections = {
  client: [
    'clientId',
    'clientName',
    'cpfCnpj',
    'branchIds',
    'cityIds',
    'neighbourhood',
    'condominiumIds',
    'clientActive',
    'contractStatus',
    'accessStatus',
    'planIds',
    'hasValidMobile',
    'hasEmail',
    'optedOutWhatsapp',
    'optedOutEmail',
    'optedOutSms',
  ],
  login: [
    'login',
    'loginMatch',
    'online',
    'offlineForAtLeast',
    'sessionEndedFrom',
    'sessionEndedTo',
    'sessionStartedFrom',
    'sessionStartedTo',
    'disconnectReasons',
    'nasIds',
    'popIds',
    'ftthBoxIds',
    'ftthPort',
    'radiusGroupIds',
    'authTypes',
    'loginActive',
    'ipContains',
    'macContains',
  ],
  sort: ['sort'],
} as const satisfies Record<string, readonly DraftField[]>;
export type SectionName = keyof typeof sections;

export function sectionOf(field: DraftField): SectionName {
  const names = Object.keys(sections) as SectionName[];
  return names.find((name) => (sections[name] as readonly string[]).includes(field)) ?? 'login';
}

/** How many filters of a section the form has filled in (loginMatch alone does not count). */
export function countSet(draft: Draft, section: SectionName): number {
  return sections[section].filter((field) => {
    if (field === 'sort' || field === 'loginMatch') return false;
    const value = field === 'offlineForAtLeast' ? draft.offlineValue : draft[field];
    return Array.isArray(value) ? value.length > 0 : String(value).trim() !== '';
  }).length;
}
