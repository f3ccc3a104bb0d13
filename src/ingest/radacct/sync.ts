/**
 * `avisa radacct sync`: brings the logins' status up to date from a FreeRADIUS `radacct` source.
 *
 * A first run (or `mode: 'full'`) reads every open session and the sessions stopped in the last `initialDays`;
 * later runs read incrementally from the source's cursor `{ radacctid, since }`: rows created after that
 * radacctid, sessions stopped since `since − overlap`, and open sessions updated (acctupdatetime) since
 * `since − overlap`. `since` is the database server's clock when the previous run began, so no clock but the
 * RADIUS database's is trusted. Every page (≤ pageSize rows) is folded per username and applied with the
 * order-safe statement the RADIUS receiver uses (src/ingest/radius/status.ts), so rows read twice, or an older
 * session read after a newer one, change nothing. `username` maps to `logins.login` exactly; `nasipaddress`
 * to the NAS with that `ip_address`.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { finishRun, listSources, openSource, type RunCounts, saveSourceCursor, startRun, type SyncMode, type SyncRun } from '../sources.js';
import { coalesce } from '../radius/coalesce.js';
import type { LoginEvent } from '../radius/events.js';
import { normaliseAddress } from '../radius/nas-registry.js';
import { applyStatusBatch } from '../radius/status.js';
import { parseRadacctConfig, type RadacctConfig } from './config.js';
import { connectRadacct, type RadacctReader, type RadacctRow } from './reader.js';

export interface RadacctCursor {
  radacctid: number;
  /** Epoch seconds (the RADIUS database's clock) when the run that wrote this cursor began. */
  since: number;
}

export interface RadacctSyncOptions {
  mode?: SyncMode;
  /** Tests substitute the connection. */
  connect?: (config: RadacctConfig, password: string | null) => Promise<RadacctReader>;
}

function readCursor(value: unknown): RadacctCursor | null {
  const c = value as Partial<RadacctCursor> | null;
  return c && Number.isFinite(c.radacctid) && Number.isFinite(c.since) ? { radacctid: c.radacctid!, since: c.since! } : null;
}

async function nasByAddress(db: Db): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: number; ip: string }>(db, sql`select id, ip_address as ip from nas where ip_address is not null order by id desc`);
  return new Map(rows.map((r) => [normaliseAddress(r.ip), r.id])); // the lowest id wins
}

export function rowToEvent(row: RadacctRow, nas: Map<string, number>): LoginEvent | null {
  if (!row.username) return null;
  const common = {
    username: row.username,
    sessionStart: row.start === null ? null : row.start * 1000,
    sessionId: row.sessionId,
    ip: row.framedIp && row.framedIp !== '0.0.0.0' ? row.framedIp : null,
    nasId: row.nasIp ? (nas.get(normaliseAddress(row.nasIp)) ?? null) : null,
  };
  if (row.stop !== null) return { ...common, kind: 'stop', at: row.stop * 1000, cause: row.cause };
  const at = row.update ?? row.start;
  if (at === null) return null;
  return { ...common, kind: 'interim', at: at * 1000, cause: null };
}

class Applier {
  readonly counts = { read: 0, written: 0, rejected: 0 };
  constructor(
    private readonly db: Db,
    private readonly nas: Map<string, number>,
  ) {}

  async page(rows: RadacctRow[]): Promise<void> {
    this.counts.read += rows.length;
    const events: LoginEvent[] = [];
    for (const row of rows) {
      const event = rowToEvent(row, this.nas);
      if (event) events.push(event);
      else this.counts.rejected++;
    }
    const result = await applyStatusBatch(this.db, coalesce(events), 'radacct');
    this.counts.written += result.changed;
    this.counts.rejected += result.unknown;
  }
}

async function readAll(reader: RadacctReader, config: RadacctConfig, applier: Applier, cursor: RadacctCursor | null): Promise<RadacctCursor> {
  const since = await reader.now();
  const limit = config.pageSize;
  let lastId = cursor ? cursor.radacctid : await reader.maxId();
  if (cursor) {
    for (let page = await reader.createdAfter(lastId, limit); page.length > 0; page = await reader.createdAfter(lastId, limit)) {
      await applier.page(page);
      lastId = page.at(-1)!.id;
      if (page.length < limit) break;
    }
  }
  const stoppedSince = cursor ? cursor.since - config.overlapSeconds : since - config.initialDays * 86_400;
  let after: { stop: number; id: number } | null = null;
  for (;;) {
    const page = await reader.stoppedSince(stoppedSince, after, limit);
    if (page.length === 0) break;
    await applier.page(page);
    const last = page.at(-1)!;
    after = { stop: last.stop!, id: last.id };
    if (page.length < limit) break;
  }
  const updatedSince = cursor ? cursor.since - config.overlapSeconds : null;
  let afterId = 0;
  for (;;) {
    const page = await reader.open(updatedSince, afterId, limit);
    if (page.length === 0) break;
    await applier.page(page);
    afterId = page.at(-1)!.id;
    if (page.length < limit) break;
  }
  return { radacctid: lastId, since };
}

/** One run of one radacct source; the run (succeeded or failed) is recorded in `sync_runs`. */
export async function syncRadacctSource(db: Db, key: Buffer, sourceId: number, options: RadacctSyncOptions = {}): Promise<SyncRun> {
  const { source, secret } = await openSource(db, key, sourceId);
  if (source.kind !== 'radacct') throw new AppError('VALIDATION', `Source ${sourceId} is not a radacct source`, 'source');
  const config = parseRadacctConfig(source.config);
  const cursor = options.mode === 'full' ? null : readCursor(source.cursor);
  const run = await startRun(db, sourceId, cursor ? 'incremental' : 'full');
  const applier = new Applier(db, await nasByAddress(db));
  const counts = (): RunCounts => ({ radacct: { ...applier.counts } });
  let reader: RadacctReader | null = null;
  try {
    reader = await (options.connect ?? connectRadacct)(config, secret);
    const next = await readAll(reader, config, applier, cursor);
    await saveSourceCursor(db, sourceId, next);
    return await finishRun(db, run.id, { status: 'succeeded', counts: counts(), cursor: next });
  } catch (err) {
    return await finishRun(db, run.id, { status: 'failed', counts: counts(), error: err instanceof Error ? err.message : String(err) });
  } finally {
    await reader?.close().catch(() => {});
  }
}

/** Every active radacct source, one after the other. */
export async function syncAllRadacct(db: Db, key: Buffer, options: RadacctSyncOptions = {}): Promise<SyncRun[]> {
  const runs: SyncRun[] = [];
  for (const source of await listSources(db, { kind: 'radacct', active: true })) {
    runs.push(await syncRadacctSource(db, key, source.id, options));
  }
  return runs;
}
