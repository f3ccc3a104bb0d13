/**
 * `avisa demo`: fills the database with a realistic Brazilian ISP, deterministic for a seed (and `now`).
 * Records are generated as IXC would send them and go through the same validation and bulk writer as a file
 * import, chunk by chunk (a chunk of clients, then their contracts, then their logins), so memory stays
 * bounded whatever the size. Ids start at 1: running it on a database that has data overwrites those ids.
 * Into empty tables, from 10,000 logins, the secondary indexes are built once at the end (src/db/deferred-indexes.ts).
 */
import type { Db } from '../../db/database.js';
import { tablesAreEmpty, withDeferredIndexes } from '../../db/deferred-indexes.js';
import { driverOf } from '../../db/drivers.js';
import { subscriberTables } from '../../db/maintenance.js';
import { AppError } from '../../shared/errors.js';
import { foldForSearch } from '../../shared/fold.js';
import { entities } from '../ixc-fields.js';
import { createRecordSink, createWriteLane, DEFAULT_BATCH_SIZE, type RecordSink, yieldToWrites } from '../sink.js';
import { type ColumnValues, type SqlType, upsertStatement } from '../upsert.js';
import type { Value } from '../validate.js';
import { assertTimezone } from '../writer.js';
import { CITIES } from './br-data.js';
import { createWallClock } from './clock.js';
import {
  BoxAllocator,
  BRANCHES,
  CITY_WEIGHTS,
  CONDOMINIUM_LIST,
  type FtthBox,
  NAS_LIST,
  PLANS,
  POPS,
  RADIUS_GROUPS,
} from './network.js';
import { demoClient, type IxcRecord } from './people.js';
import { createRng } from './prng.js';
import { type Context, planOutages, subscriptions } from './subscriptions.js';

export interface DemoOptions {
  /** Logins to create; default 20,000. */
  logins?: number;
  /** Default 1. */
  seed?: number;
  /** The installation's zone: the wall-clock times are written in it, as IXC would. */
  timezone: string;
  /** The demo's "now" (default: the current time). Same seed and same `now` → identical data. */
  now?: Date;
  /** Rows per batch; default 5,000. */
  batchSize?: number;
  /** Called after each chunk with the number of logins written so far. */
  onProgress?: (logins: number) => void;
}

export interface DemoSummary {
  seed: number;
  /** Rows written per table. */
  counts: Record<string, number>;
  /** Generated records that validation or the writer refused (0 unless the generator has a bug). */
  rejected: number;
  durationMs: number;
}

export async function generateDemo(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const total = options.logins ?? 20_000;
  const seed = options.seed ?? 1;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  await assertTimezone(db, options.timezone).catch(() => {
    throw new AppError('VALIDATION', `unknown time zone "${options.timezone}"`, 'timezone');
  });
  const clock = createWallClock(options.timezone, options.now ?? new Date());
  const rng = createRng(seed);
  const ctx: Context = {
    rng,
    clock,
    boxes: new BoxAllocator(rng.fork(1)),
    outages: planOutages(rng.fork(2), clock),
    ids: { contract: 1, login: 1 },
  };
  const counts: Record<string, number> = {};
  await writeCatalogue(db, options.timezone, counts);
  // Into empty tables every row is new and written after its parents: copied straight in, with no merge.
  const fresh = await tablesAreEmpty(db, subscriberTables);
  const write = () => writeSubscribers(db, { ...options, total, batchSize, fresh }, ctx, counts);
  const rejected = await (total >= DEFER_INDEXES_FROM ? withDeferredIndexes(db, subscriberTables, write) : write());
  return {
    seed,
    counts,
    rejected,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Writes the clients, contracts, FTTH boxes and logins chunk by chunk; returns how many records were refused. */
async function writeSubscribers(
  db: Db,
  options: DemoOptions & { total: number; batchSize: number; fresh: boolean },
  ctx: Context,
  counts: Record<string, number>,
): Promise<number> {
  const { total, batchSize } = options;
  const { rng, clock } = ctx;
  // A lane is a chain of writes: a chunk's clients, then its contracts, its FTTH boxes and its logins. Chunks take
  // turns over the lanes, so on PostgreSQL two chunks are stored at once on two connections while the next one is
  // generated; PGlite has one connection, and one lane. A login may point at an FTTH box a chunk of the other lane
  // created and has not committed yet: the writer then adds it as a placeholder (`#id`), which that chunk's box
  // write names (an upsert). Nothing else is shared between chunks: their ids are their own.
  const lanes = Array.from({ length: driverOf(db)?.kind === 'postgres' ? 2 : 1 }, () => {
    const lane = createWriteLane();
    const sinkOptions = { timezone: options.timezone, batchSize: Number.MAX_SAFE_INTEGER, lane, fresh: options.fresh };
    const sinks = {
      clients: createRecordSink(db, entities.clientes, sinkOptions),
      contracts: createRecordSink(db, entities.contratos, sinkOptions),
      logins: createRecordSink(db, entities.logins, sinkOptions),
    };
    return { lane, sinks };
  });
  /** Validates the records and queues their write; resolves once queued, not written (see `cut`). */
  const put = async (sink: RecordSink, records: readonly IxcRecord[]) => {
    for (const record of records) await sink.add(record, Number(record.id));
    return { written: sink.cut() }; // not the promise itself: an async function's caller would wait for the write
  };

  let clientId = 1;
  let made = 0;
  let progress = 0;
  const stored: Promise<void>[] = [];
  try {
    for (let chunk = 0; made < total; chunk++) {
      const clients: IxcRecord[] = [];
      const contracts: IxcRecord[] = [];
      const logins: IxcRecord[] = [];
      while (logins.length < batchSize && made + logins.length < total) {
        if (clients.length % YIELD_EVERY === YIELD_EVERY - 1) await yieldToWrites();
        const client = demoClient(rng, clientId++, rng.weighted(CITY_WEIGHTS), clock);
        const subs = subscriptions(ctx, client, total - made - logins.length);
        clients.push(client.record);
        contracts.push(...subs.contracts);
        logins.push(...subs.logins);
      }
      const { lane, sinks } = lanes[chunk % lanes.length] as (typeof lanes)[number];
      await put(sinks.clients, clients);
      await put(sinks.contracts, contracts);
      const boxes = ctx.boxes.takeCreated();
      void lane.enqueue(() => writeBoxes(db, options.timezone, boxes));
      made += logins.length;
      const upTo = made;
      const { written } = await put(sinks.logins, logins);
      const done = written.then(() => {
        progress = Math.max(progress, upTo); // lanes finish out of order
        options.onProgress?.(progress);
      });
      done.catch(() => {}); // awaited below
      stored.push(done);
      // At most one chunk per lane being stored, and one more generated: memory stays bounded.
      if (stored.length > lanes.length) await stored.shift();
    }
  } finally {
    // nothing keeps writing once this returns or throws
    await Promise.all(lanes.map(({ lane }) => lane.enqueue(async () => {}).catch(() => {})));
  }
  await Promise.all(stored);

  for (const table of ['clients', 'contracts', 'logins'] as const) {
    counts[table] = lanes.reduce((n, { sinks }) => n + sinks[table].totals.inserted + sinks[table].totals.updated, 0);
  }
  counts.ftth_boxes = ctx.boxes.total;
  return lanes.reduce((n, { sinks }) => n + Object.values(sinks).reduce((m, sink) => m + sink.totals.rejected, 0), 0);
}

/** Logins from which the indexes are built at the end: below, dropping and building them costs more than it saves. */
const DEFER_INDEXES_FROM = 10_000;

/** Records generated or validated between two chances for the writes waiting on the database to go on. */
const YIELD_EVERY = 256;

type Row = Record<string, Value>;

/** Upserts reference rows (they are the demo's own, so their names are written, not placeholders). */
async function writeReference(db: Db, timezone: string, table: string, rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns: ColumnValues[] = Object.keys(first).map((column) => {
    const sample = rows.find((r) => r[column] !== null)?.[column];
    const type: SqlType = typeof sample === 'number' ? 'int4' : 'text';
    return { column, type, values: rows.map((r) => r[column] ?? null) };
  });
  await db.execute(upsertStatement(table, columns, timezone, false));
}

async function writeCatalogue(db: Db, timezone: string, counts: Record<string, number>): Promise<void> {
  const tables: Record<string, Row[]> = {
    cities: CITIES.map((c) => ({ id: c.id, name: c.name, state: c.state, name_search: foldForSearch(c.name) })),
    branches: BRANCHES.map((b) => ({ id: b.id, name: b.name })),
    plans: PLANS.map((p) => ({ id: p.id, name: p.name })),
    radius_groups: RADIUS_GROUPS.map((g) => ({ id: g.id, name: g.name })),
    nas: NAS_LIST.map((n) => ({ id: n.id, name: n.name, ip_address: n.ip })),
    pops: POPS.map((p) => ({ id: p.id, name: p.name, city_id: p.cityId })),
    condominiums: CONDOMINIUM_LIST.map((c) => ({ id: c.id, name: c.name })),
  };
  for (const [table, rows] of Object.entries(tables)) {
    await writeReference(db, timezone, table, rows);
    counts[table] = rows.length;
  }
}

async function writeBoxes(db: Db, timezone: string, boxes: readonly FtthBox[]): Promise<void> {
  const rows = boxes.map((b) => ({ id: b.id, name: b.name, pop_id: b.popId, name_search: foldForSearch(b.name) }));
  await writeReference(db, timezone, 'ftth_boxes', rows);
}
