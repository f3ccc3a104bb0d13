/**
 * fast-check arbitraries of login report filters: valid ones built from the data (ids, names, fragments of text
 * the rows hold, so a filter selects some rows and leaves others), the same with one key broken, and any JSON at
 * all. Names resolve through `idsOfNames`, the test's own reading of the reference rows.
 */
import fc from 'fast-check';
import { foldForSearch } from '../shared/fold.js';
import { channels, incidentAudiences } from '../shared/vocabulary.js';
import {
  accessStatuses,
  authTypes,
  contractStatuses,
  durationUnits,
  loginMatches,
  type NameKey,
  nameKeys,
  onlineStates,
  type ReportFilter,
  reportFilterSchema,
  sortColumns,
} from './filter.js';
import type { RefLogin } from './reference.test-support.js';

/** A reference row's name of each kind, with the id it stands for. */
const NAME_OF: Record<NameKey, (r: RefLogin) => [string | null, number | null]> = {
  nas: (r) => [r.nasName, r.nasId],
  pops: (r) => [r.popName, r.popId],
  plans: (r) => [r.planName, r.planId],
  cities: (r) => [r.cityName, r.cityId],
  ftthBoxes: (r) => [r.ftthBoxName, r.ftthBoxId],
};

/** The ids each name stands for (folded as the report folds them), from the rows the test loaded. */
function idsOfNames(ref: readonly RefLogin[], key: NameKey): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const r of ref) {
    const [name, id] = NAME_OF[key](r);
    if (name === null || id === null) continue;
    const folded = foldForSearch(name);
    if (!out.has(folded)) out.set(folded, new Set());
    out.get(folded)!.add(id);
  }
  return out;
}

/** The filter with its names replaced by the ids they stand for (what the SQL sees). */
export function resolveNames(ref: readonly RefLogin[], filter: ReportFilter): ReportFilter {
  const out: Record<string, unknown> = { ...filter };
  for (const key of Object.keys(nameKeys) as NameKey[]) {
    const names = filter[key];
    delete out[key];
    if (!names?.length) continue;
    const byName = idsOfNames(ref, key);
    const ids = new Set(filter[nameKeys[key]] ?? []);
    for (const name of names) for (const id of byName.get(foldForSearch(name)) ?? []) ids.add(id);
    out[nameKeys[key]] = [...ids];
  }
  return out as ReportFilter;
}

const TEXT = ['a', 'E', 'é', 'Ç', 'ã', ' ', '%', '_', '\\', "'", '"', '.', ':', '-', '1', '9'];
/** Text a person may type: a piece of what the rows hold, changed in case, or anything with LIKE's specials. */
function typed(values: readonly string[]): fc.Arbitrary<string> {
  const random = fc.string({ unit: fc.constantFrom(...TEXT), maxLength: 6 });
  if (values.length === 0) return random;
  const piece = fc
    .tuple(fc.constantFrom(...values), fc.nat(), fc.integer({ min: 1, max: 8 }), fc.boolean())
    .map(([v, at, n, upper]) => {
      const s = v.slice(at % Math.max(1, v.length), (at % Math.max(1, v.length)) + n);
      return upper ? s.toUpperCase() : s;
    });
  return fc.oneof(piece, piece.map((s) => `  ${s} `), random);
}

const distinct = <T>(values: readonly (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];
const instant = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom('Z', '-03:00', '+05:30').map((offset) => {
      if (offset === 'Z') return d.toISOString();
      const minutes = offset === '-03:00' ? -180 : 330;
      return `${new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
    }),
  );

/** A range [from, to] in order, or one end only. */
function range(from: string, to: string) {
  return fc.option(fc.tuple(instant, instant), { freq: 2 }).chain((pair) => {
    if (!pair) return fc.constant({});
    const [a, b] = Date.parse(pair[0]) <= Date.parse(pair[1]) ? pair : [pair[1], pair[0]];
    return fc.constantFrom({ [from]: a, [to]: b }, { [from]: a }, { [to]: b });
  });
}

/**
 * A valid filter over the loaded rows. Without `related`, it leaves out the keys that select through other tables
 * (incident, maintenance, fallbackOf): the reference cannot judge them.
 */
export function validFilter(ref: readonly RefLogin[], { related = false } = {}): fc.Arbitrary<ReportFilter> {
  const ids = (values: readonly (number | null)[]) =>
    fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...distinct(values), 1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) }), {
      maxLength: 4,
    });
  const names = (key: NameKey) => {
    const known = distinct(ref.map((r) => NAME_OF[key](r)[0]));
    if (known.length === 0) return fc.constant([]);
    return fc.uniqueArray(fc.constantFrom(...known, ...known.map((n) => n.toUpperCase())), { minLength: 1, maxLength: 3 });
  };
  const keys = {
    clientId: fc.constantFrom(...distinct(ref.map((r) => r.clientId))),
    clientName: typed(ref.map((r) => r.clientName)),
    cpfCnpj: typed(distinct(ref.map((r) => r.cpfCnpj))),
    branchIds: ids(ref.map((r) => r.branchId)),
    cityIds: ids(ref.map((r) => r.cityId)),
    cities: names('cities'),
    neighbourhood: typed(distinct(ref.map((r) => r.neighbourhood))),
    condominiumIds: ids(ref.map((r) => r.condominiumId)),
    clientActive: fc.boolean(),
    contractStatus: fc.subarray([...contractStatuses]),
    accessStatus: fc.subarray([...accessStatuses]),
    planIds: ids(ref.map((r) => r.planId)),
    plans: names('plans'),
    hasValidMobile: fc.boolean(),
    hasEmail: fc.boolean(),
    optedOutWhatsapp: fc.boolean(),
    optedOutEmail: fc.boolean(),
    optedOutSms: fc.boolean(),
    login: typed(ref.map((r) => r.login)),
    loginMatch: fc.constantFrom(...loginMatches),
    online: fc.subarray([...onlineStates]),
    offlineForAtLeast: fc.record({ value: fc.double({ min: 0.001, max: 1_000_000, noNaN: true }), unit: fc.constantFrom(...durationUnits) }),
    disconnectReasons: fc.subarray([...distinct(ref.map((r) => r.disconnectReason)), 'Nunca'], { maxLength: 3 }),
    nasIds: ids(ref.map((r) => r.nasId)),
    nas: names('nas'),
    popIds: ids(ref.map((r) => r.popId)),
    pops: names('pops'),
    ftthBoxIds: ids(ref.map((r) => r.ftthBoxId)),
    ftthBoxes: names('ftthBoxes'),
    ftthPort: typed(distinct(ref.map((r) => r.ftthPort))),
    radiusGroupIds: ids(ref.map((r) => r.radiusGroupId)),
    authTypes: fc.subarray([...authTypes]),
    loginActive: fc.boolean(),
    ipContains: typed(distinct(ref.map((r) => r.ip))),
    macContains: typed(distinct(ref.map((r) => r.mac))),
    ...(related
      ? {
          incident: fc.record({ id: fc.integer({ min: 1, max: 5 }), audience: fc.constantFrom(...incidentAudiences), channel: fc.constantFrom(...channels) }, { requiredKeys: ['id'] }),
          maintenance: fc.record({ id: fc.integer({ min: 1, max: 5 }), audience: fc.constantFrom('on_elements', 'told') }, { requiredKeys: ['id'] }),
          fallbackOf: fc.record({ batchId: fc.integer({ min: 1, max: 5 }) }),
        }
      : {}),
  };
  return fc
    .tuple(fc.record(keys, { requiredKeys: [] }), range('sessionEndedFrom', 'sessionEndedTo'), range('sessionStartedFrom', 'sessionStartedTo'))
    .map(([f, ended, started]) => {
      const filter = { ...f, ...ended, ...started } as ReportFilter;
      reportFilterSchema.parse(filter); // valid as given (blanks and spaces included): a test that is wrong fails here
      return filter;
    });
}

/** Values that break whichever key they are given to (wrong type, out of range, unknown code…). */
const BAD_VALUES: readonly unknown[] = [
  -1,
  0,
  2_147_483_648,
  1.5,
  'x',
  '',
  null,
  true,
  {},
  [0],
  [-5],
  ['X'],
  [null],
  ['  '],
  'a'.repeat(201),
  '2026-01-01T10:00:00',
  '2026-13-01T00:00:00Z',
  { value: 0, unit: 'minutes' },
  { value: 5, unit: 'weeks' },
  { id: 0 },
  { id: 1, audience: 'everyone' },
  { batchId: 'one' },
];

const FILTER_KEYS = Object.keys(reportFilterSchema.shape);

/** A valid filter with one key broken, a filter of known keys and any values, or any JSON. */
export function invalidFilter(ref: readonly RefLogin[]): fc.Arbitrary<unknown> {
  const broken = fc
    .tuple(validFilter(ref, { related: true }), fc.constantFrom(...FILTER_KEYS, 'colour', '__proto__'), fc.constantFrom(...BAD_VALUES))
    .map(([f, key, value]) => ({ ...f, [key]: value }));
  const json = fc.jsonValue({ maxDepth: 3 });
  return fc.oneof(broken, fc.dictionary(fc.constantFrom(...FILTER_KEYS), json, { maxKeys: 4 }), json);
}

/** A sort as the API takes it, or (now and then) something else. */
export const anySort = fc.oneof(
  { weight: 4, arbitrary: fc.record({ column: fc.constantFrom(...sortColumns), dir: fc.constantFrom('asc', 'desc') }, { requiredKeys: ['column'] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
