/**
 * The demo's subscribers, chunk by chunk: a chunk of clients with their contracts and logins (and the FTTH boxes
 * they opened), generated deterministically for a seed and `now` (the rows do not depend on the chunks' size).
 * `recordChunks` gives the IXC records (for the bulk writer's merge, into tables that have rows); `preparedChunks`
 * validates them and makes them ready to be copied into empty tables (src/ingest/fresh-prepare.ts,
 * src/ingest/fresh.ts). Neither touches the database, so the second can run in a worker thread
 * (producer-worker.ts) while the main thread writes.
 */
import { type FreshBatch, createFreshPreparer, joinFreshBatches } from '../fresh-prepare.js';
import { entities } from '../ixc-fields.js';
import { loginReportColumns, parentsById, REPORT_COLUMNS_GIVEN } from '../report-columns.js';
import { createValidator, type ValidRow } from '../validate.js';
import { createWallClock } from './clock.js';
import { CITY_WEIGHTS, type FtthBox } from './network.js';
import { demoClient, type IxcRecord } from './people.js';
import { createContext, subscriptions } from './subscriptions.js';

export interface ProducerOptions {
  /** Logins to make. */
  total: number;
  seed: number;
  timezone: string;
  /** The demo's "now", in epoch milliseconds. */
  nowMs: number;
  /** Logins per chunk. */
  batchSize: number;
}

export interface RecordChunk<T = IxcRecord> {
  clients: T[];
  contracts: T[];
  logins: T[];
  /** FTTH boxes opened by this chunk's logins. */
  boxes: FtthBox[];
  /** Logins made up to the end of this chunk. */
  upTo: number;
  /** FTTH boxes opened up to the end of this chunk. */
  boxesTotal: number;
  /** Records `keep` refused. */
  refused: number;
}

/** Which of a chunk's lists a record goes to. */
export type RecordKind = 0 | 1 | 2; // clients, contracts, logins

/**
 * Yielded now and then while a chunk is made (every `TICK_EVERY` records): a caller in the thread that writes lets
 * the database's answers in (without them, 300,000 logins on PostgreSQL took 31.9–37.1 s instead of 25.8–30.5 s);
 * a worker thread skips them.
 */
export const TICK = Symbol('tick');
const TICK_EVERY = 256;

/**
 * The chunks of records. `keep` turns each record into what the chunk holds, as soon as it is made (undefined:
 * refused), so the record itself dies young instead of outliving its chunk.
 */
export function* recordChunks<T = IxcRecord>(
  options: ProducerOptions,
  keep: (kind: RecordKind, record: IxcRecord) => T | undefined = (_, record) => record as T,
): Generator<RecordChunk<T> | typeof TICK> {
  const { total, batchSize } = options;
  const clock = createWallClock(options.timezone, new Date(options.nowMs));
  const ctx = createContext(options.seed, clock);
  const { rng } = ctx;
  let clientId = 1;
  let made = 0;
  while (made < total) {
    const lists: [T[], T[], T[]] = [[], [], []];
    let logins = 0;
    let refused = 0;
    const put = (kind: RecordKind, record: IxcRecord) => {
      const kept = keep(kind, record);
      if (kept === undefined) refused++;
      else lists[kind].push(kept);
    };
    for (let clients = 0; logins < batchSize && made + logins < total; clients++) {
      if (clients % TICK_EVERY === TICK_EVERY - 1) yield TICK;
      const client = demoClient(rng, clientId++, rng.weighted(CITY_WEIGHTS), clock);
      const subs = subscriptions(ctx, client, total - made - logins);
      put(0, client.record);
      for (const contract of subs.contracts) put(1, contract);
      for (const login of subs.logins) put(2, login);
      logins += subs.logins.length;
    }
    made += logins;
    const [clients, contracts, loginList] = lists;
    yield { clients, contracts, logins: loginList, boxes: ctx.boxes.takeCreated(), upTo: made, boxesTotal: ctx.boxes.total, refused };
  }
}

export interface PreparedChunk {
  clients: FreshBatch;
  contracts: FreshBatch;
  logins: FreshBatch;
  boxes: FtthBox[];
  upTo: number;
  boxesTotal: number;
  /** Records validation refused (0 unless the generator has a bug). */
  refused: number;
}

/**
 * Logins per chunk made: a chunk's records and validated rows live until it is encoded, and 5,000 logins' worth
 * outlived V8's young generation (4 MB in Avisa's memory profile), so they were copied into the old one and
 * collected there. Chunks this small die young; `preparedChunks` joins them into chunks of `batchSize` to write.
 */
export const MADE_PER_CHUNK = 1_000;

export function* preparedChunks(options: ProducerOptions): Generator<PreparedChunk | typeof TICK> {
  const specs = [entities.clientes, entities.contratos, entities.logins] as const;
  const validators = specs.map((spec) => createValidator(spec));
  const prepareClients = createFreshPreparer(entities.clientes);
  const prepareContracts = createFreshPreparer(entities.contratos);
  const prepareLogins = createFreshPreparer(entities.logins);
  const validate = (kind: RecordKind, record: IxcRecord): ValidRow | undefined => {
    const validation = (validators[kind] as (typeof validators)[number]).validate(record, Number(record.id));
    return 'row' in validation ? validation.row : undefined;
  };
  const made = { ...options, batchSize: Math.min(options.batchSize, MADE_PER_CHUNK) };
  let group: PreparedChunk[] = [];
  let written = 0;
  for (const chunk of recordChunks(made, validate)) {
    if (chunk === TICK) {
      yield TICK;
      continue;
    }
    const clients = prepareClients(chunk.clients);
    const contracts = prepareContracts(chunk.contracts);
    // a chunk's logins come with their clients and contracts: their report columns are known here
    const parents = parentsById(chunk.clients, chunk.contracts);
    const logins = prepareLogins(chunk.logins, {
      columnsOf: (rows) => loginReportColumns(rows, parents),
      settings: [REPORT_COLUMNS_GIVEN],
    });
    yield TICK;
    group.push({ clients, contracts, logins, boxes: chunk.boxes, upTo: chunk.upTo, boxesTotal: chunk.boxesTotal, refused: chunk.refused });
    if (chunk.upTo - written >= options.batchSize || chunk.upTo >= options.total) {
      yield joinChunks(group);
      written = chunk.upTo;
      group = [];
    }
  }
}

/** Chunks made one after the other, as one. */
function joinChunks(chunks: readonly PreparedChunk[]): PreparedChunk {
  const last = chunks.at(-1) as PreparedChunk;
  return {
    clients: joinFreshBatches(chunks.map((c) => c.clients)),
    contracts: joinFreshBatches(chunks.map((c) => c.contracts)),
    logins: joinFreshBatches(chunks.map((c) => c.logins)),
    boxes: chunks.flatMap((c) => c.boxes),
    upTo: last.upTo,
    boxesTotal: last.boxesTotal,
    refused: chunks.reduce((n, c) => n + c.refused, 0),
  };
}
