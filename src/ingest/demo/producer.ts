/**
 * The demo's subscribers, chunk by chunk: a chunk of clients with their contracts and logins (and the FTTH boxes
 * they opened), generated deterministically for a seed and `now`. `recordChunks` gives the IXC records (for the
 * bulk writer's merge, into tables that have rows); `preparedChunks` validates them and makes them ready to be
 * copied into empty tables (src/ingest/fresh-prepare.ts, src/ingest/fresh.ts). Neither touches the database, so the second can run in a worker
 * thread (producer-worker.ts) while the main thread writes.
 */
import { type FreshBatch, createFreshPreparer } from '../fresh-prepare.js';
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

export interface RecordChunk {
  clients: IxcRecord[];
  contracts: IxcRecord[];
  logins: IxcRecord[];
  /** FTTH boxes opened by this chunk's logins. */
  boxes: FtthBox[];
  /** Logins made up to the end of this chunk. */
  upTo: number;
  /** FTTH boxes opened up to the end of this chunk. */
  boxesTotal: number;
}

/**
 * Yielded now and then while a chunk is made (every `TICK_EVERY` records): a caller in the thread that writes lets
 * the database's answers in (without them, 300,000 logins on PostgreSQL took 31.9–37.1 s instead of 25.8–30.5 s);
 * a worker thread skips them.
 */
export const TICK = Symbol('tick');
const TICK_EVERY = 256;

export function* recordChunks(options: ProducerOptions): Generator<RecordChunk | typeof TICK> {
  const { total, batchSize } = options;
  const clock = createWallClock(options.timezone, new Date(options.nowMs));
  const ctx = createContext(options.seed, clock);
  const { rng } = ctx;
  let clientId = 1;
  let made = 0;
  while (made < total) {
    const clients: IxcRecord[] = [];
    const contracts: IxcRecord[] = [];
    const logins: IxcRecord[] = [];
    while (logins.length < batchSize && made + logins.length < total) {
      if (clients.length % TICK_EVERY === TICK_EVERY - 1) yield TICK;
      const client = demoClient(rng, clientId++, rng.weighted(CITY_WEIGHTS), clock);
      const subs = subscriptions(ctx, client, total - made - logins.length);
      clients.push(client.record);
      contracts.push(...subs.contracts);
      logins.push(...subs.logins);
    }
    made += logins.length;
    yield { clients, contracts, logins, boxes: ctx.boxes.takeCreated(), upTo: made, boxesTotal: ctx.boxes.total };
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

export function* preparedChunks(options: ProducerOptions): Generator<PreparedChunk | typeof TICK> {
  const kinds = (['clientes', 'contratos', 'logins'] as const).map((name) => ({
    validator: createValidator(entities[name]),
    prepare: createFreshPreparer(entities[name]),
  }));
  for (const chunk of recordChunks(options)) {
    if (chunk === TICK) {
      yield TICK;
      continue;
    }
    let refused = 0;
    const valid: ValidRow[][] = [];
    const batches: FreshBatch[] = [];
    for (const [k, records] of [chunk.clients, chunk.contracts, chunk.logins].entries()) {
      const { validator, prepare } = kinds[k] as (typeof kinds)[number];
      const rows: ValidRow[] = [];
      for (const record of records) {
        if (rows.length % TICK_EVERY === TICK_EVERY - 1) yield TICK;
        const validation = validator.validate(record, Number(record.id));
        if ('row' in validation) rows.push(validation.row);
        else refused++;
      }
      valid.push(rows);
      // a chunk's logins come with their clients and contracts: their report columns are known here
      const parents = k === 2 ? parentsById(valid[0] as ValidRow[], valid[1] as ValidRow[]) : undefined;
      const extra = parents && { columnsOf: (group: readonly ValidRow[]) => loginReportColumns(group, parents), settings: [REPORT_COLUMNS_GIVEN] };
      batches.push(prepare(rows, extra));
      yield TICK;
    }
    const [clients, contracts, logins] = batches as [FreshBatch, FreshBatch, FreshBatch];
    yield { clients, contracts, logins, boxes: chunk.boxes, upTo: chunk.upTo, boxesTotal: chunk.boxesTotal, refused };
  }
}
