/**
 * One IXC sync run of a source: opens the source (sealed token), opens a run in `sync_runs`, reads every table of
 * tables.ts in order and stores it, saving counts and per-table progress after every page. On success the
 * source's cursor (per table, the `ultima_atualizacao` the next incremental run starts from) is saved; on
 * failure the run keeps its progress and the next run of the source resumes it instead of starting over
 * (a failed full run is resumed by a full or an incremental request; `resume: false` starts afresh).
 *
 * Records that fail validation are rejected and named (table, id, field) without stopping the run; stored rows
 * they would have replaced stay as they were. A lookup table IXC refuses to list (`{type:"error"}`, e.g. a
 * webservice user without that permission) is reported and skipped; everything else that fails stops the run.
 */
import type { SyncMode, SyncRunStatus } from '../../shared/vocabulary.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { type Notice, notice, unexpected } from '../../shared/notice.js';
import { noticeText } from '../../shared/notice-text.js';
import { SecretUnreadableError } from '../../shared/secret-box.js';
import {
  assertSourceActive,
  finishRun,
  lastFailedRun,
  openSource,
  type RunCounts,
  saveSourceCursor,
  startRun,
  updateRun,
} from '../sources.js';
import { assertTimezone } from '../writer.js';
import { createIxcClient, IxcError, type RetryPolicy } from './client.js';
import { parseIxcConfig } from './config.js';
import { minusSeconds, type TableProgress } from './pager.js';
import type { RecordError } from './store.js';
import { initialProgress, syncTable, type TableContext } from './table-sync.js';
import { syncTables } from './tables.js';

export interface IxcSyncProgress {
  runId: number;
  table: string;
  /** Records read from this table so far in this run, and IXC's `total` for the last request. */
  read: number;
  total: number;
  counts: RunCounts;
}

export interface IxcSyncOptions {
  sourceId: number;
  mode: SyncMode;
  secretKey: Buffer;
  /** Zone of IXC's wall-clock timestamps (AVISA_TIMEZONE). */
  timezone: string;
  signal?: AbortSignal;
  onProgress?: (progress: IxcSyncProgress) => void;
  /** Resume the source's last run when it failed; default true. */
  resume?: boolean;
  /** Retries of each request (tests shorten the delays). */
  retry?: Partial<RetryPolicy>;
  /** Told when a run has been opened, before any request (the HTTP API answers 202 with it). */
  onStart?: (runId: number) => void;
}

export interface IxcSyncResult {
  runId: number;
  status: Exclude<SyncRunStatus, 'running'>;
  counts: RunCounts;
  /** Why the run failed; for a successful run with rejected records, a summary of them. */
  error?: string;
  /** Why the run failed, for the screens (Agenda de tarefas) to say in the reader's language. */
  notice?: Notice;
  /** Rejected records (the first 1,000) and skipped lookup tables. */
  rejected: RecordError[];
  resumedFrom?: number;
}

/** Progress kept in `sync_runs.cursor`. */
interface RunCursor {
  version: 1;
  mode: SyncMode;
  resumedFrom?: number;
  tables: Record<string, TableProgress>;
}

/** Kept in `status_sources.cursor`: per table, the `ultima_atualizacao` the next incremental run reads from. */
export interface IxcSourceCursor {
  tables: Record<string, { since: string }>;
  lastFullAt?: string;
}

const KEPT_ERRORS = 1000;
const SUMMARY_ERRORS = 20;

export async function runIxcSync(db: Db, options: IxcSyncOptions): Promise<IxcSyncResult> {
  const { source, secret } = await openSource(db, options.secretKey, options.sourceId).catch((err: unknown) => {
    if (err instanceof SecretUnreadableError) throw new AppError('VALIDATION', `secret: ${err.message}`, 'secret');
    throw err;
  });
  if (source.kind !== 'ixc') throw new AppError('VALIDATION', `Source ${source.id} is not an IXC source (${source.kind})`, 'sourceId');
  assertSourceActive(source);
  if (!secret) throw new AppError('VALIDATION', `secret: source "${source.description}" has no token`, 'secret');
  const config = parseIxcConfig(source.config);
  await assertTimezone(db, options.timezone).catch(() => {
    throw new AppError('VALIDATION', `unknown time zone "${options.timezone}"`, 'timezone');
  });

  const resumable = options.resume === false ? null : await resumableCursor(db, source.id, options.mode);
  const cursor: RunCursor = resumable
    ? { ...resumable.cursor, resumedFrom: resumable.runId }
    : { version: 1, mode: options.mode, tables: {} };
  const run = await startRun(db, source.id, cursor.mode, { cursor });
  options.onStart?.(run.id);

  const counts: RunCounts = {};
  const rejected: RecordError[] = [];
  const client = createIxcClient({
    baseUrl: config.url,
    userId: config.userId,
    token: secret,
    insecureTls: config.insecureTls,
    timeoutMs: config.timeoutSeconds * 1000,
    retry: options.retry,
  });
  const ctx: TableContext = {
    db,
    client,
    timezone: options.timezone,
    pageSize: config.pageSize,
    overlapSeconds: config.overlapSeconds,
    signal: options.signal,
  };
  const sourceCursor = readSourceCursor(source.cursor);
  const keep = (errors: readonly RecordError[]) => rejected.push(...errors.slice(0, Math.max(0, KEPT_ERRORS - rejected.length)));
  const base = { runId: run.id, counts, rejected, ...(resumable ? { resumedFrom: resumable.runId } : {}) };

  try {
    for (const table of syncTables) {
      const name = table.ixcTable;
      const tableCounts = { read: 0, written: 0, rejected: 0 };
      counts[name] = tableCounts;
      let progress = cursor.tables[name];
      if (progress?.done) continue;
      try {
        progress ??= await initialProgress(ctx, table, cursor.mode, sourceCursor.tables[name]?.since);
        cursor.tables[name] = await syncTable(ctx, table, progress, async (page) => {
          tableCounts.read += page.read;
          tableCounts.written += page.written;
          tableCounts.rejected += page.rejected;
          keep(page.errors);
          cursor.tables[name] = page.progress;
          await updateRun(db, run.id, { counts, cursor });
          options.onProgress?.({ runId: run.id, table: name, read: tableCounts.read, total: page.total, counts });
        });
      } catch (err) {
        if (table.kind !== 'lookup' || !(err instanceof IxcError) || err.kind !== 'permanent') throw err;
        keep([{ table: name, id: null, field: null, message: `table skipped: ${err.message}` }]);
        cursor.tables[name] = { mode: 'full', afterId: 0, done: true, endSince: null };
      }
    }
    await saveSourceCursor(db, source.id, nextSourceCursor(sourceCursor, cursor, config.overlapSeconds));
    const error = rejectionSummary(counts, rejected);
    await finishRun(db, run.id, { status: 'succeeded', counts, cursor, error: error ?? null });
    return { ...base, status: 'succeeded', ...(error ? { error } : {}) };
  } catch (err) {
    const reason = options.signal?.aborted ? notice('sync_cancelled') : err instanceof IxcError ? err.notice : unexpected(err);
    const error = noticeText(reason, 'en');
    await finishRun(db, run.id, { status: 'failed', counts, cursor, error }).catch(() => undefined);
    return { ...base, status: 'failed', error, notice: reason };
  } finally {
    await client.close();
  }
}

/** The cursor of the source's newest run when it failed and can be continued by a run of `mode`. */
async function resumableCursor(db: Db, sourceId: number, mode: SyncMode): Promise<{ runId: number; cursor: RunCursor } | null> {
  const failed = await lastFailedRun(db, sourceId);
  const cursor = failed?.cursor as RunCursor | null | undefined;
  if (!failed || !cursor || cursor.version !== 1 || typeof cursor.tables !== 'object' || cursor.tables === null) return null;
  // a pending full read comes first; a failed incremental run is not worth continuing under a full request
  if (cursor.mode === mode || cursor.mode === 'full') return { runId: failed.id, cursor: { version: 1, mode: cursor.mode, tables: cursor.tables } };
  return null;
}

function readSourceCursor(value: unknown): IxcSourceCursor {
  const tables = (value as IxcSourceCursor | null)?.tables;
  return { ...(value as object), tables: typeof tables === 'object' && tables !== null ? tables : {} };
}

/** After a successful run: per table, where the next incremental run starts. */
function nextSourceCursor(previous: IxcSourceCursor, run: RunCursor, overlapSeconds: number): IxcSourceCursor {
  const tables = { ...previous.tables };
  for (const [name, progress] of Object.entries(run.tables)) {
    if (progress.mode === 'full') {
      if (progress.endSince) tables[name] = { since: progress.endSince };
      continue;
    }
    const before = previous.tables[name]?.since ?? progress.since;
    const candidate = progress.newest ? minusSeconds(progress.newest, overlapSeconds) : before;
    // biome-ignore lint/complexity/useMathMinMax: IXC wall-clock strings ('2026-01-31 23:59:59'), compared as text.
    tables[name] = { since: candidate > before ? candidate : before };
  }
  return { ...previous, tables, ...(run.mode === 'full' ? { lastFullAt: new Date().toISOString() } : {}) };
}

function rejectionSummary(counts: RunCounts, rejected: readonly RecordError[]): string | undefined {
  const total = Object.values(counts).reduce((n, c) => n + c.rejected, 0);
  const skipped = rejected.filter((e) => e.id === null && e.message.startsWith('table skipped'));
  if (total === 0 && skipped.length === 0) return undefined;
  const lines = rejected.slice(0, SUMMARY_ERRORS).map(formatRecordError);
  const more = rejected.length > SUMMARY_ERRORS ? [`… and more (${total} records rejected in all)`] : [];
  return [`${total} record(s) rejected${skipped.length ? `, ${skipped.length} table(s) skipped` : ''}:`, ...lines, ...more].join('\n');
}

export function formatRecordError(e: RecordError): string {
  const who = e.id === null ? e.table : `${e.table} id ${e.id}`;
  return e.field ? `${who}, field ${e.field}: ${e.message}` : `${who}: ${e.message}`;
}
