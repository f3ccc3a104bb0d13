/**
 * The load bench's operators (load-child.ts): what one person at the web UI does, as HTTP requests. Each step is
 * followed by a think time (uniform between half and one and a half times `thinkMs`):
 *  - 35 % a new report filter: its first page and its summary at once, as the Relatório page asks for them;
 *  - 25 % page 2–5 of the current filter;
 *  - 10 % another order of the current filter, first page;
 *  - 10 % the home page (overview);
 *  - 15 % a page of Logs Omnichannel with a filter;
 *  -  5 % a FTTH box search (the filter form's box picker).
 * Paging and re-sorting send the total the filter was counted at (`knownTotal`, for up to a minute), as the web report
 * does, and are not counted again. Operators start after up to one think time, not all at once.
 * Filters: NAS offline, NAS offline for at least 15 min–4 h, city + contract active + offline, plan online,
 * three FTTH boxes, login contains, client name contains, POP offline, NAS + disconnect reason, none. Every request
 * is timed from its start to its last byte; anything but a 2xx is an error.
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { logsContract } from '../logs/contract.js';
import { reportContract } from '../report/contract.js';
import type { ReportFilter, ReportSort } from '../report/filter.js';
import { CountedTotal } from '../shared/counted-total.js';
import { systemContract } from '../system/contract.js';

/** Ids and texts of the base to build filters from (chosen by the bench from the database). */
export interface Material {
  nasIds: number[];
  cityIds: number[];
  planIds: number[];
  popIds: number[];
  boxIds: number[];
  loginFragments: string[];
  nameFragments: string[];
  reasons: string[];
  boxQueries: string[];
  contacts: string[];
  batchIds: number[];
  clientIds: number[];
}

export interface Sample {
  kind: string;
  /** Which filter (report) or Logs filter, for finding the slow ones. */
  detail: string;
  ms: number;
  ok: boolean;
  /** Start, ms after the measured phase began. */
  at: number;
}

export interface OperatorRun {
  pool: Dispatcher;
  headers: Record<string, string>;
  material: Material;
  thinkMs: number;
  seed: number;
  /** Stop starting steps at this `performance.now()`. */
  until: number;
  /** The phase's start (`Sample.at` is relative to it). */
  origin: number;
  record: (sample: Sample) => void;
  onError: (message: string) => void;
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

type NamedFilter = [name: string, filter: ReportFilter];

function reportFilter(rnd: () => number, m: Material): NamedFilter {
  const makers: (() => NamedFilter)[] = [
    () => ['NAS offline', { nasIds: [pick(rnd, m.nasIds)], online: ['offline'] }],
    () => ['NAS offline since', { nasIds: [pick(rnd, m.nasIds)], offlineForAtLeast: { value: pick(rnd, [15, 60, 240]), unit: 'minutes' } }],
    () => ['city + contract A + offline', { cityIds: [pick(rnd, m.cityIds)], contractStatus: ['A'], online: ['offline'] }],
    () => ['plan online', { planIds: [pick(rnd, m.planIds)], online: ['online'] }],
    () => ['FTTH boxes', { ftthBoxIds: [pick(rnd, m.boxIds), pick(rnd, m.boxIds), pick(rnd, m.boxIds)] }],
    () => ['login contains', { login: pick(rnd, m.loginFragments) }],
    () => ['client name contains', { clientName: pick(rnd, m.nameFragments) }],
    () => ['POP offline', { popIds: [pick(rnd, m.popIds)], online: ['offline'] }],
    () => ['NAS + disconnect reason', { nasIds: [pick(rnd, m.nasIds)], disconnectReasons: [pick(rnd, m.reasons)] }],
    () => ['no filter', {}],
  ];
  return pick(rnd, makers)();
}

const SORTS: [string, ReportSort][] = [
  ['login', { column: 'login', dir: 'asc' }],
  ['offline time', { column: 'offlineSeconds', dir: 'desc' }],
  ['session ended', { column: 'sessionEndedAt', dir: 'desc' }],
  ['client name', { column: 'clientName', dir: 'asc' }],
  ['NAS name', { column: 'nasName', dir: 'asc' }],
];

function logsQuery(rnd: () => number, m: Material): [string, Record<string, string | number>] {
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const makers: (() => [string, Record<string, string | number>])[] = [
    () => ['newest', { page: 1 + Math.floor(rnd() * 3) }],
    () => ['failures', { status: 'failure' }],
    () => ['last 7 days', { from: week }],
    () => ['contact', { contact: pick(rnd, m.contacts) }],
    () => ['message contains', { message: 'whatsapp' }],
    () => ['read', { delivery: 'read' }],
    () => ['batch', { batchId: pick(rnd, m.batchIds) }],
    () => ['client', { clientId: pick(rnd, m.clientIds) }],
  ];
  const [name, query] = pick(rnd, makers)();
  return [name, { channel: 'whatsapp', pageSize: 50, ...query }];
}

/** One timed request; the body is read to the end and returned (undefined on an error). */
async function timed(run: OperatorRun, kind: string, detail: string, options: Dispatcher.RequestOptions): Promise<string | undefined> {
  const t0 = performance.now();
  let ok = false;
  let body: string | undefined;
  try {
    const res = await run.pool.request({ ...options, headers: { ...run.headers, ...(options.headers as Record<string, string>) } });
    body = await res.body.text();
    ok = res.statusCode >= 200 && res.statusCode < 300;
    if (!ok) run.onError(`${kind} (${detail}): ${res.statusCode} ${body.slice(0, 200)}`);
  } catch (err) {
    run.onError(`${kind} (${detail}): ${(err as Error).message}`);
  }
  run.record({ kind, detail, ms: performance.now() - t0, ok, at: t0 - run.origin });
  return ok ? body : undefined;
}

const post = (path: string, body: object): Dispatcher.RequestOptions => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const get = (path: string, query: Record<string, string | number> = {}): Dispatcher.RequestOptions => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { method: 'GET', path: qs ? `${path}?${qs}` : path };
};

/** One operator until `run.until`: steps and think times. */
export async function operate(run: OperatorRun): Promise<void> {
  const rnd = generator(run.seed);
  const m = run.material;
  let [filterName, filter] = reportFilter(rnd, m);
  let sort = SORTS[0]!;
  const counted = new CountedTotal(); // of the current filter
  const page = async (p: number) => {
    const key = JSON.stringify(filter);
    const knownTotal = counted.known(key);
    const body = { filter, sort: sort[1], page: p, pageSize: 50, ...(knownTotal === undefined ? {} : { knownTotal }) };
    const at = Date.now();
    const answer = await timed(run, 'report page', `${filterName}, by ${sort[0]}`, post(reportContract.query.path, body));
    if (knownTotal === undefined && answer !== undefined) counted.remember(key, (JSON.parse(answer) as { total: number }).total, at);
  };
  // operators do not all start at the same instant: the first step comes after up to one think time
  await new Promise((r) => setTimeout(r, run.thinkMs * rnd()));
  while (performance.now() < run.until) {
    const dice = rnd();
    if (dice < 0.35) {
      [filterName, filter] = reportFilter(rnd, m);
      sort = SORTS[0]!;
      counted.forget();
      await Promise.all([page(1), timed(run, 'report summary', filterName, post(reportContract.summary.path, { filter }))]);
    } else if (dice < 0.6) await page(2 + Math.floor(rnd() * 4));
    else if (dice < 0.7) {
      sort = pick(rnd, SORTS);
      await page(1);
    } else if (dice < 0.8) await timed(run, 'overview', '', get(systemContract.overview.path));
    else if (dice < 0.95) {
      const [name, query] = logsQuery(rnd, m);
      await timed(run, 'logs page', name, get(logsContract.list.path, query));
    } else await timed(run, 'FTTH box search', '', get(reportContract.ftthBoxes.path, { q: pick(rnd, m.boxQueries), limit: 50 }));
    const think = run.thinkMs * (0.5 + rnd());
    if (think > 0) await new Promise((r) => setTimeout(r, think));
  }
}

/**
 * CSV exports one after another until `until`, each of a NAS's logins (all states), read to the end and thrown
 * away as a download to /dev/null would; returns each export's seconds and rows.
 */
export async function exportLoop(
  client: Dispatcher,
  headers: Record<string, string>,
  nasIds: readonly number[],
  until: number,
  onError: (message: string) => void,
): Promise<{ seconds: number; rows: number; ok: boolean }[]> {
  const done: { seconds: number; rows: number; ok: boolean }[] = [];
  for (let k = 0; performance.now() < until; k++) {
    const filter = JSON.stringify({ nasIds: [nasIds[k % nasIds.length]] });
    const t0 = performance.now();
    let rows = -1;
    let ok = false;
    try {
      const res = await client.request({ ...get(reportContract.exportCsv.path, { filter }), headers });
      for await (const chunk of res.body) {
        const bytes = chunk as Buffer;
        for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) rows++;
      }
      ok = res.statusCode === 200;
      if (!ok) onError(`export: ${res.statusCode}`);
    } catch (err) {
      onError(`export: ${(err as Error).message}`);
    }
    done.push({ seconds: (performance.now() - t0) / 1000, rows, ok });
    if (!ok) await new Promise((r) => setTimeout(r, 1_000)); // a failing export is not retried in a tight loop
  }
  return done;
}
