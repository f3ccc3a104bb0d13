/**
 * One HTTP import from start to end: the job is recorded, the request's bytes go through the CLI's pipeline
 * (importStream: streaming readers, validation, batched upserts) as they arrive, progress is written every
 * `progressEvery` rows (at most every `progressIntervalMs`), and the outcome — counters, ignored columns, the first
 * row errors, or why it failed — is written when it ends. A large import is followed by the same VACUUM ANALYZE as
 * the CLI's, on the long-statement lane.
 */
import type { Db } from '../db/database.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { importStream } from '../ingest/import.js';
import { FileError } from '../ingest/file-error.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice, said, unexpected } from '../shared/notice.js';
import { createImportJob, finishImportJob, type ImportProgress, type NewImportJob, saveImportProgress } from './jobs.js';
import type { ImportJob } from './schemas.js';

export interface RunImportOptions extends NewImportJob {
  input: AsyncIterable<Uint8Array>;
  timezone: string;
  /** Bytes past this fail the job (413). */
  maxBytes: number;
  batchSize?: number;
  /** Rows between progress writes (default 1,000). */
  progressEvery?: number;
  /** Least time between progress writes (default 500 ms); the job is also touched every 30 s while idle. */
  progressIntervalMs?: number;
  /** Rows written from which the subscriber tables are vacuumed afterwards (default 1,000). */
  vacuumAfterRows?: number;
  /** Called once the job exists (its id is known). */
  onStarted?: (job: ImportJob) => void;
}

export interface ImportRun {
  job: ImportJob;
  /** Why the job failed: an AppError is the caller's input (400, 413); anything else is the server's. */
  failure?: unknown;
}

const HEARTBEAT_MS = 30_000;

export async function runImport(db: Db, options: RunImportOptions): Promise<ImportRun> {
  const { input, timezone, maxBytes, onStarted, batchSize, progressEvery, progressIntervalMs, vacuumAfterRows, ...spec } = options;
  const job = await createImportJob(db, spec);
  onStarted?.(job);
  const progress: ImportProgress = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errorCount: 0, bytesRead: 0 };
  const writer = progressWriter(db, job.id, progress, progressIntervalMs ?? 500);
  const heartbeat = setInterval(() => writer.write(true), HEARTBEAT_MS);
  try {
    const summary = await importStream(db, {
      entity: spec.entity,
      format: spec.format,
      encoding: spec.encoding,
      timezone,
      label: spec.fileName ?? 'upload',
      input: countBytes(input, maxBytes, (n) => (progress.bytesRead = n)),
      progressEvery: progressEvery ?? 1_000,
      ...(spec.bytesTotal !== null ? { expectedBytes: spec.bytesTotal } : {}),
      ...(batchSize ? { batchSize } : {}),
      onProgress: (read, totals) => {
        Object.assign(progress, { read, ...pick(totals) });
        writer.write();
      },
    });
    clearInterval(heartbeat);
    await writer.settle();
    if (summary.inserted + summary.updated >= (vacuumAfterRows ?? 1_000)) await vacuumAnalyze(db);
    return { job: await finishImportJob(db, job.id, { summary, bytesRead: progress.bytesRead }) };
  } catch (caught) {
    clearInterval(heartbeat);
    await writer.settle();
    const error = failureNotice(caught);
    // A file that cannot be read at all (a broken CSV header) names no field of its own: it is the request's body.
    const failure = caught instanceof AppError && caught.field === undefined ? new AppError(caught.code, caught.message, 'body') : caught;
    return { job: await finishImportJob(db, job.id, { error, progress }), failure };
  }
}

function pick(t: Omit<ImportProgress, 'read' | 'bytesRead'>) {
  return { inserted: t.inserted, updated: t.updated, unchanged: t.unchanged, rejected: t.rejected, errorCount: t.errorCount };
}

/** Why the import failed: the file's problem, the caller's input (kept in its words), or an interrupted upload. */
function failureNotice(err: unknown): Notice {
  if (err instanceof FileError) return err.notice;
  if (err instanceof AppError) return said('legacy', err.message);
  const code = (err as { code?: unknown }).code;
  if (code === 'ECONNRESET' || (err as Error).message === 'aborted') return notice('import_upload_interrupted');
  return unexpected(err);
}

/** A file over AVISA_IMPORT_MAX_BYTES (`maxBytes`): a 413 naming the body, its reason a notice. */
export const fileTooLarge = (maxBytes: number): FileError => new FileError(notice('import_too_large', { max: maxBytes }), 'PAYLOAD_TOO_LARGE', 'body');

/** The bytes of `input`, counted; past `maxBytes` the reading stops with a 413. */
async function* countBytes(input: AsyncIterable<Uint8Array>, maxBytes: number, onCount: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of input) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw fileTooLarge(maxBytes);
    onCount(bytes);
    yield chunk;
  }
}

/**
 * Progress writes one at a time, at most every `intervalMs`; one skipped for that is made when the interval ends
 * (a paused upload still shows how far it got). A forced write (the heartbeat) goes whatever the time.
 */
function progressWriter(db: Db, id: number, progress: ImportProgress, intervalMs: number) {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let lastAt = 0;
  let trailing: NodeJS.Timeout | undefined;
  let closed = false;
  const write = (force = false): void => {
    if (closed) return;
    const wait = intervalMs - (Date.now() - lastAt);
    if (busy || (!force && wait > 0)) {
      trailing ??= setTimeout(() => {
        trailing = undefined;
        write();
      }, Math.max(wait, 50));
      return;
    }
    busy = true;
    lastAt = Date.now();
    running = saveImportProgress(db, id, { ...progress })
      .catch(() => {}) // a lost progress write only delays what followers see
      .finally(() => {
        busy = false;
      });
  };
  return {
    write,
    /** No more writes; resolves when the last one is done (the final counters are written after it). */
    settle() {
      closed = true;
      clearTimeout(trailing);
      return running;
    },
  };
}
