/**
 * Reads one IXC table page by page and stores each page, saving the table's progress after every page (through
 * `onPage`), so the run can stop anywhere and resume from the last stored page. Whether a table is read whole or
 * incrementally is decided by the caller; this module only pages (pager.ts) and stores (store.ts).
 */
import type { SyncMode } from '../../shared/vocabulary.js';
import type { Db } from '../../db/database.js';
import { type IxcClient, IxcError } from './client.js';
import { afterPage, minusSeconds, newestQuery, nextQuery, startFull, startIncremental, type TableProgress, updatedAtOf } from './pager.js';
import { type PageResult, storeEntityPage, storeLookupPage } from './store.js';
import { type SyncTable, UF_TABLE } from './tables.js';

export interface TableContext {
  db: Db;
  client: IxcClient;
  timezone: string;
  pageSize: number;
  overlapSeconds: number;
  signal?: AbortSignal;
}

export interface PageReport extends PageResult {
  progress: TableProgress;
  /** IXC's `total` for the request of this page. */
  total: number;
}

/**
 * Where the table starts when the run has no progress for it: incremental from the source's cursor when the
 * run is incremental and the table has one, else a full read that notes the newest `ultima_atualizacao` first.
 */
export async function initialProgress(
  ctx: TableContext,
  table: SyncTable,
  mode: SyncMode,
  since: string | undefined,
): Promise<TableProgress> {
  if (mode === 'incremental' && table.incremental && since) return startIncremental(since);
  if (!table.incremental) return startFull(null);
  const newest = await ctx.client.list(table.ixcTable, newestQuery(table.ixcTable), ctx.signal);
  const stamp = updatedAtOf(newest.records[0]);
  return startFull(stamp === null ? null : minusSeconds(stamp, ctx.overlapSeconds));
}

export async function syncTable(
  ctx: TableContext,
  table: SyncTable,
  start: TableProgress,
  onPage: (report: PageReport) => Promise<void>,
): Promise<TableProgress> {
  const states = table.kind === 'lookup' && table.stateFromUf ? await readStates(ctx).catch(noStates) : undefined;
  let progress = start;
  while (!progress.done) {
    if (ctx.signal?.aborted) throw new Error('Sync cancelled');
    const page = await ctx.client.list(table.ixcTable, nextQuery(table.ixcTable, progress, ctx.pageSize), ctx.signal);
    const step = afterPage(table.ixcTable, progress, page.records, page.total);
    const stored =
      step.keep.length === 0
        ? { read: 0, written: 0, rejected: 0, errors: [] }
        : table.kind === 'entity'
          ? await storeEntityPage(ctx.db, table.ixcTable, table.spec, step.keep, ctx.timezone)
          : await storeLookupPage(ctx.db, table, step.keep, ctx.timezone, states);
    progress = step.next;
    await onPage({ ...stored, progress, total: page.total });
  }
  return progress;
}

/** A `uf` table IXC refuses to list (permission): cities are stored without their state. */
function noStates(err: unknown): Map<number, string> {
  if (err instanceof IxcError && err.kind === 'permanent') return new Map();
  throw err;
}

/** IXC `uf`: id → abbreviation (`sigla`), read whole; 27 rows in Brazil. */
async function readStates(ctx: TableContext): Promise<Map<number, string>> {
  const states = new Map<number, string>();
  let progress = startFull(null);
  while (!progress.done) {
    const page = await ctx.client.list(UF_TABLE, nextQuery(UF_TABLE, progress, ctx.pageSize), ctx.signal);
    const step = afterPage(UF_TABLE, progress, page.records, page.total);
    for (const record of step.keep) {
      const { id, sigla } = (record ?? {}) as Record<string, unknown>;
      if (typeof id === 'string' && typeof sigla === 'string' && /^\d+$/.test(id) && sigla.trim()) states.set(Number(id), sigla.trim());
    }
    progress = step.next;
  }
  return states;
}
