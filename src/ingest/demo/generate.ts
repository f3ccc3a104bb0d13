/**
 * `avisa demo`: fills the database with a realistic Brazilian ISP, deterministic for a seed (and `now`).
 * Records are generated as IXC would send them (producer.ts) and validated as a file import's, chunk by chunk (a
 * chunk of clients, then their contracts, then their logins), so memory stays bounded whatever the size. Into empty
 * tables they are copied straight in (src/ingest/fresh.ts); into tables with rows they go through the import's bulk
 * writer, and the demo's ids overwrite those rows. Into empty tables, from 10,000 logins, the secondary indexes are
 * built once at the end (src/db/deferred-indexes.ts).
 */
import type { Db } from '../../db/database.js';
import { tablesAreEmpty, withDeferredIndexes } from '../../db/deferred-indexes.js';
import { driverOf } from '../../db/drivers.js';
import { subscriberTables } from '../../db/maintenance.js';
import { AppError } from '../../shared/errors.js';
import { foldForSearch } from '../../shared/fold.js';
import { entities } from '../ixc-fields.js';
import { writeFresh } from '../fresh.js';
import { createRecordSink, createWriteLane, DEFAULT_BATCH_SIZE, type RecordSink, type WriteLane, yieldToWrites } from '../sink.js';
import { type ColumnValues, type SqlType, upsertStatement } from '../upsert.js';
import type { Value } from '../validate.js';
import { assertTimezone } from '../writer.js';
import { CITIES } from './br-data.js';
import { BRANCHES, CONDOMINIUM_LIST, type FtthBox, NAS_LIST, PLANS, POPS, RADIUS_GROUPS } from './network.js';
import type { IxcRecord } from './people.js';
import { type ProducerOptions, preparedChunks, recordChunks, TICK } from './producer.js';
import { threadedChunks } from './producer-thread.js';

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
  /**
   * The worker script of the producer (dist/ingest/demo/producer-worker.js): from 100,000 logins into empty
   * tables, chunks are then made in a worker thread. Without it, in this thread.
   */
  producerWorker?: URL;
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
  await assertTimezone(db, options.timezone).catch(() => {
    throw new AppError('VALIDATION', `unknown time zone "${options.timezone}"`, 'timezone');
  });
  const producer: ProducerOptions = {
    total,
    seed,
    timezone: options.timezone,
    nowMs: (options.now ?? new Date()).getTime(),
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
  };
  const counts: Record<string, number> = {};
  await writeCatalogue(db, options.timezone, counts);
  // Into empty tables every row is new and written after its parents: copied straight in, with no merge.
  const fresh = await tablesAreEmpty(db, subscriberTables);
  const write = () => (fresh ? copySubscribers(db, options, producer, counts) : mergeSubscribers(db, options, producer, counts));
  // Its rows come after their parents (clients, contracts) by construction: the foreign keys check them at the end.
  const deferred = () => withDeferredIndexes(db, subscriberTables, write, { foreignKeys: true });
  const rejected = await (total >= DEFER_INDEXES_FROM ? deferred() : write());
  return {
    seed,
    counts,
    rejected,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Lanes of writes: a lane is a chain of writes, a chunk's clients, then its contracts, its FTTH boxes and its
 * logins. Chunks take turns over the lanes, so on PostgreSQL two chunks are stored at once on two connections while
 * the next one is generated; PGlite has one connection, and one lane. A login may point at an FTTH box a chunk of
 * the other lane created and has not committed yet: the writer then adds it as a placeholder (`#id`), which that
 * chunk's box write names (an upsert). Nothing else is shared between chunks: their ids are their own.
 */
const laneCount = (db: Db) => (driverOf(db)?.kind === 'postgres' ? 2 : 1);

/**
 * Empty tables: chunks prepared and copied straight in. From `WORKER_FROM` logins the chunks are made in a worker
 * thread, beside the writes: on PGlite, whose database runs in this thread, 1,000,000 logins took 124.3 s instead
 * of 187.9 s; on PostgreSQL, once chunks were made small (producer.ts, MADE_PER_CHUNK), 75.5 / 65.1 / 62.5 s
 * instead of 92.6 / 78.0 / 69.8 s (one machine, alternating; before, a thread had only added the cost of moving
 * the chunks: 107.5 s against 103.1 s).
 */
async function copySubscribers(db: Db, options: DemoOptions, producer: ProducerOptions, counts: Record<string, number>): Promise<number> {
  const { timezone } = producer;
  const threaded = options.producerWorker && producer.total >= WORKER_FROM;
  const chunks = threaded ? threadedChunks(options.producerWorker as URL, producer) : preparedChunks(producer);
  const lanes = Array.from({ length: laneCount(db) }, createWriteLane);
  const store = chunkStore(lanes.length, options.onProgress);
  const written = { clients: 0, contracts: 0, logins: 0 };
  let rejected = 0;
  let turn = 0;
  try {
    for await (const chunk of chunks) {
      if (chunk === TICK) {
        await yieldToWrites(); // the writes' answers come in while this thread makes a chunk
        continue;
      }
      const batches = [chunk.clients, chunk.contracts, chunk.logins];
      rejected += chunk.refused + batches.reduce((n, b) => n + new Set(b.errors.map((e) => e.line)).size, 0);
      counts.ftth_boxes = chunk.boxesTotal;
      const lane = lanes[turn++ % lanes.length] as WriteLane;
      const done = lane.enqueue(async () => {
        // (`x += await …` would read x before the wait, losing what the other lane added meanwhile)
        const clients = await writeFresh(db, chunk.clients, timezone);
        const contracts = await writeFresh(db, chunk.contracts, timezone);
        await writeBoxes(db, timezone, chunk.boxes);
        const logins = await writeFresh(db, chunk.logins, timezone);
        written.clients += clients;
        written.contracts += contracts;
        written.logins += logins;
      });
      await store.add(done, chunk.upTo);
    }
  } finally {
    await settle(lanes);
  }
  await store.all();
  Object.assign(counts, written);
  return rejected;
}

/** Tables with rows: the records go through the bulk writer's merge, as a file import's. */
async function mergeSubscribers(db: Db, options: DemoOptions, producer: ProducerOptions, counts: Record<string, number>): Promise<number> {
  const lanes = Array.from({ length: laneCount(db) }, () => {
    const lane = createWriteLane();
    const sinkOptions = { timezone: producer.timezone, batchSize: Number.MAX_SAFE_INTEGER, lane };
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

  const store = chunkStore(lanes.length, options.onProgress);
  let turn = 0;
  try {
    for (const chunk of recordChunks(producer)) {
      if (chunk === TICK) {
        await yieldToWrites();
        continue;
      }
      const { lane, sinks } = lanes[turn++ % lanes.length] as (typeof lanes)[number];
      counts.ftth_boxes = chunk.boxesTotal;
      await put(sinks.clients, chunk.clients);
      await put(sinks.contracts, chunk.contracts);
      void lane.enqueue(() => writeBoxes(db, producer.timezone, chunk.boxes));
      const { written } = await put(sinks.logins, chunk.logins);
      await store.add(written, chunk.upTo);
    }
  } finally {
    await settle(lanes.map(({ lane }) => lane));
  }
  await store.all();

  for (const table of ['clients', 'contracts', 'logins'] as const) {
    counts[table] = lanes.reduce((n, { sinks }) => n + sinks[table].totals.inserted + sinks[table].totals.updated, 0);
  }
  return lanes.reduce((n, { sinks }) => n + Object.values(sinks).reduce((m, sink) => m + sink.totals.rejected, 0), 0);
}

/**
 * The chunks being stored: `add` waits while more than one per lane is (so at most one more is being made, and
 * memory stays bounded) and reports progress as each is stored (lanes finish out of order); `all` waits for all.
 */
function chunkStore(lanes: number, onProgress: ((logins: number) => void) | undefined) {
  const stored: Promise<void>[] = [];
  let progress = 0;
  return {
    async add(written: Promise<void>, upTo: number): Promise<void> {
      const done = written.then(() => {
        progress = Math.max(progress, upTo);
        onProgress?.(progress);
      });
      done.catch(() => {}); // awaited in turn or by `all`
      stored.push(done);
      if (stored.length > lanes) await stored.shift();
    },
    all: () => Promise.all(stored),
  };
}

/** Waits until nothing is being written on the lanes (after a failure too): nothing keeps writing once a load returns. */
const settle = (lanes: readonly WriteLane[]) => Promise.all(lanes.map((lane) => lane.enqueue(async () => {}).catch(() => {})));

/** Logins from which chunks are made in a worker thread (when given one): below, it would cost more than it saves. */
const WORKER_FROM = 100_000;

/** Logins from which the indexes are built at the end: below, dropping and building them costs more than it saves. */
const DEFER_INDEXES_FROM = 10_000;

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
