/**
 * A local IXC Provedor webservice for tests, the demo and `avisa ixc-sim`: a real HTTP server (on
 * src/providers/sim/server.ts, so latency, 5xx, 429 bursts, hangs and resets can be switched on) answering
 * `POST|GET /webservice/v1/<table>` with header `ixcsoft: listar` and HTTP Basic `<userId>:<token>`, seeded with
 * the demo ISP (sim-seed.ts). Records can be changed while it runs (each change stamps `ultima_atualizacao` with
 * the simulator's clock, which moves only when told), so incremental reads can be tested.
 *
 * Beyond the shared faults: `errorEnvelope` (HTTP 200 `{type:"error", message}`), `htmlError` (IXC's HTML error
 * fragment), `failAfter` (N more list answers, then 503 until cleared), `maxRp` (a server cap on `rp`) and
 * `ignoreFilter` (a server that ignores filters). A request without `ixcsoft: listar` would be an insert for
 * IXC: it is refused and recorded.
 *
 * Control API (besides `/__sim/faults`): `GET|POST /__sim/ixc-faults`, `GET|DELETE /__sim/requests`,
 * `GET|POST /__sim/records/<table>` (a record or an array; upserts, stamping the clock), `GET|POST /__sim/clock
 * {now?, advanceSeconds?}`.
 */
import { type Faults, noFaults, type SimReply, type SimRequest, startSimServer } from '../../providers/sim/server.js';
import { createWallClock } from '../demo/clock.js';
import { minusSeconds } from './pager.js';
import { demoIxcTables, type IxcRecord, type IxcTables, type SimSeedOptions } from './sim-seed.js';
import { listRecords } from './sim-query.js';

export const DEFAULT_IXC_SIM_USER = '1';
const DEFAULT_IXC_SIM_TOKEN = 'a3f1c9e07b2d4c6a8e5f1b3d7c9a0e2f4b6d8c1a3e5f7b9d0c2e4a6f8b1d3c5e';

export interface IxcSimFaults extends Faults {
  errorEnvelope: string | null;
  htmlError: boolean;
  failAfter: number | null;
  maxRp: number | null;
  ignoreFilter: boolean;
}

const noIxcFaults: Omit<IxcSimFaults, keyof Faults> = { errorEnvelope: null, htmlError: false, failAfter: null, maxRp: null, ignoreFilter: false };

export interface RecordedIxcRequest {
  method: string;
  table: string;
  listar: boolean;
  /** The body as sent (never the Authorization header). */
  body: unknown;
}

export interface IxcSimulatorOptions {
  port?: number;
  host?: string;
  userId?: string;
  token?: string;
  /** Tables to serve, or how to generate the demo ones (default: 200 logins, seed 1). */
  seed?: IxcTables | SimSeedOptions;
  /** Zone of the clock's wall-clock text; default America/Sao_Paulo. */
  timezone?: string;
  random?: () => number;
}

export interface IxcSimulator {
  /** `http://host:port`, what a user enters as the IXC address. */
  url: string;
  userId: string;
  token: string;
  /** Webservice requests seen, oldest first, the last 1,000. */
  requests: RecordedIxcRequest[];
  readonly faults: IxcSimFaults;
  setFaults(patch: Partial<IxcSimFaults>): void;
  tables(): string[];
  /** A table's records by id (copies). */
  records(table: string): IxcRecord[];
  /** Inserts or replaces a record; `touch` (default true) stamps `ultima_atualizacao` where the table has it. */
  put(table: string, record: IxcRecord, options?: { touch?: boolean }): IxcRecord;
  /** Changes some fields of a record, stamping it. Throws for an unknown id. */
  update(table: string, id: string | number, patch: IxcRecord, options?: { touch?: boolean }): IxcRecord;
  remove(table: string, id: string | number): boolean;
  /** The simulator's wall clock (`YYYY-MM-DD HH:MM:SS`); it moves only with `setNow`/`advance`. */
  now(): string;
  setNow(wallClock: string): void;
  advance(seconds: number): string;
  close(): Promise<void>;
}

const STAMP = 'ultima_atualizacao';
/** Tables that have `ultima_atualizacao` even when the seed gives them no rows. */
const STAMPED_TABLES = new Set(['cliente', 'cliente_contrato', 'radusuarios', 'rad_caixa_ftth']);
const MAX_RECORDED = 1000;

export async function startIxcSimulator(options: IxcSimulatorOptions = {}): Promise<IxcSimulator> {
  const userId = options.userId ?? DEFAULT_IXC_SIM_USER;
  const token = options.token ?? DEFAULT_IXC_SIM_TOKEN;
  const expectedAuth = `Basic ${Buffer.from(`${userId}:${token}`).toString('base64')}`;
  const seed = options.seed;
  const tables: IxcTables = isTables(seed) ? seed : demoIxcTables({ ...seed, timezone: options.timezone ?? seed?.timezone });
  const store = new Map<string, Map<string, IxcRecord>>();
  const fields = new Map<string, Set<string>>();
  for (const [table, records] of Object.entries(tables)) {
    store.set(table, new Map(records.map((r) => [String(r.id), { ...r }])));
    fields.set(table, new Set(['id', ...(STAMPED_TABLES.has(table) ? [STAMP] : []), ...records.flatMap((r) => Object.keys(r))]));
  }
  let clock = createWallClock(options.timezone ?? 'America/Sao_Paulo', new Date()).format(Date.now());
  const ixcFaults = { ...noIxcFaults };
  const requests: RecordedIxcRequest[] = [];

  const tableOf = (table: string) => {
    const found = store.get(table);
    if (!found) throw new Error(`Unknown table ${table}`);
    return found;
  };
  const put = (table: string, record: IxcRecord, { touch = true } = {}) => {
    const stored: IxcRecord = { ...record, id: String(record.id) };
    if (touch && fields.get(table)?.has(STAMP)) stored[STAMP] = clock;
    tableOf(table).set(String(stored.id), stored);
    for (const key of Object.keys(stored)) fields.get(table)?.add(key);
    return { ...stored };
  };

  const router = (request: SimRequest): SimReply => {
    const match = /^\/webservice\/v1\/([a-z0-9_]+)\/?$/i.exec(request.path);
    if (!match) return { status: 404, body: '<html><body>Not Found</body></html>' };
    const table = match[1] as string;
    const listar = String(request.headers.ixcsoft ?? '').toLowerCase() === 'listar';
    requests.push({ method: request.method, table, listar, body: request.body instanceof Error ? request.rawBody : request.body });
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    if (request.headers.authorization !== expectedAuth) {
      return { status: 401, body: { type: 'error', message: 'Usuário ou token do webservice inválido' } };
    }
    if (!listar || !['GET', 'POST'].includes(request.method)) {
      return { status: 200, body: { type: 'error', message: 'Simulador: somente listagem (header ixcsoft: listar)' } };
    }
    if (ixcFaults.failAfter !== null) {
      if (ixcFaults.failAfter <= 0) return { status: 503, body: '<html><body>503 Service Unavailable</body></html>' };
      ixcFaults.failAfter -= 1;
    }
    if (ixcFaults.htmlError) return { status: 200, body: '<div style="color:red">Erro: sessão do webservice expirada</div>' };
    if (ixcFaults.errorEnvelope !== null) return { status: 200, body: { type: 'error', message: ixcFaults.errorEnvelope } };
    const records = store.get(table);
    if (!records) return { status: 200, body: { type: 'error', message: `Tabela ${table} não encontrada` } };
    const answer = listRecords(table, [...records.values()], fields.get(table) as Set<string>, request.body, ixcFaults);
    return { status: 200, body: answer };
  };

  const control = (request: SimRequest): SimReply => {
    const body = request.body as Record<string, unknown> | undefined;
    if (request.path === '/__sim/ixc-faults') {
      if (request.method !== 'GET') setIxcFaults(body);
      return { status: 200, body: ixcFaults };
    }
    if (request.path === '/__sim/requests') {
      if (request.method === 'DELETE') requests.length = 0;
      return { status: 200, body: requests };
    }
    if (request.path === '/__sim/clock') {
      if (request.method !== 'GET' && typeof body?.now === 'string') sim.setNow(body.now);
      if (request.method !== 'GET' && typeof body?.advanceSeconds === 'number') sim.advance(body.advanceSeconds);
      return { status: 200, body: { now: clock } };
    }
    const records = /^\/__sim\/records\/([a-z0-9_]+)$/i.exec(request.path);
    if (records && store.has(records[1] as string)) {
      const table = records[1] as string;
      if (request.method === 'GET') return { status: 200, body: sim.records(table) };
      const items = Array.isArray(body) ? body : [body];
      if (!items.every((r) => typeof r === 'object' && r !== null && 'id' in r)) return { status: 400, body: { error: 'records need an id' } };
      return { status: 200, body: items.map((r) => put(table, r as IxcRecord)) };
    }
    return { status: 404, body: { error: 'unknown control route' } };
  };

  function setIxcFaults(patch: unknown): void {
    if (typeof patch !== 'object' || patch === null) return;
    const p = patch as Record<string, unknown>;
    if (p.errorEnvelope === null || typeof p.errorEnvelope === 'string') ixcFaults.errorEnvelope = p.errorEnvelope;
    if (typeof p.htmlError === 'boolean') ixcFaults.htmlError = p.htmlError;
    if (p.failAfter === null || typeof p.failAfter === 'number') ixcFaults.failAfter = p.failAfter;
    if (p.maxRp === null || typeof p.maxRp === 'number') ixcFaults.maxRp = p.maxRp;
    if (typeof p.ignoreFilter === 'boolean') ixcFaults.ignoreFilter = p.ignoreFilter;
  }

  const server = await startSimServer(router, { port: options.port, host: options.host, random: options.random, control });
  const sim: IxcSimulator = {
    url: server.url,
    userId,
    token,
    requests,
    get faults() {
      return { ...server.faults, ...ixcFaults };
    },
    setFaults(patch) {
      const shared: Partial<Faults> = {};
      for (const key of Object.keys(noFaults) as (keyof Faults)[]) if (key in patch) (shared as Record<string, unknown>)[key] = patch[key];
      server.setFaults(shared);
      setIxcFaults(patch);
    },
    tables: () => [...store.keys()],
    records: (table) => [...tableOf(table).values()].map((r) => ({ ...r })).sort((a, b) => Number(a.id) - Number(b.id)),
    put,
    update(table, id, patch, opts) {
      const current = tableOf(table).get(String(id));
      if (!current) throw new Error(`No ${table} ${id}`);
      return put(table, { ...current, ...patch, id: String(id) }, opts);
    },
    remove: (table, id) => tableOf(table).delete(String(id)),
    now: () => clock,
    setNow(wallClock) {
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(wallClock)) throw new Error('expected YYYY-MM-DD HH:MM:SS');
      clock = wallClock;
    },
    advance(seconds) {
      clock = minusSeconds(clock, -seconds);
      return clock;
    },
    close: () => server.close(),
  };
  return sim;
}

function isTables(seed: IxcTables | SimSeedOptions | undefined): seed is IxcTables {
  return seed !== undefined && Object.values(seed).some((v) => Array.isArray(v));
}
