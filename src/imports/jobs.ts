/**
 * The import_jobs table: a job is created when an upload starts, its counters written as it goes (so another
 * request can follow it), and its outcome and first row errors written when it ends. A running job whose process
 * died stops being updated; after STALE_AFTER it is shown as failed.
 */
import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { importJobErrors, importJobs } from '../db/schema/imports.js';
import type { ImportSummary } from '../ingest/summary.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice, said } from '../shared/notice.js';
import { noticeText } from '../shared/notice-text.js';
import { storable } from '../shared/storable-text.js';
import type { ImportEncoding, ImportEntity, ImportFormat, ImportJob, ImportListQuery, ImportRowError } from './schemas.js';
import { importListQuerySchema } from './schemas.js';

/** A running job silent this long belongs to a process that stopped (the runner writes at least every 30 s). */
const STALE_AFTER_SECONDS = 120;
const ERROR_INSERT_CHUNK = 500;

export interface NewImportJob {
  entity: ImportEntity;
  format: ImportFormat;
  encoding: ImportEncoding;
  fileName: string | null;
  clientRef: string | null;
  bytesTotal: number | null;
  userId: number | null;
  actor: string;
}

export interface ImportProgress {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errorCount: number;
  bytesRead: number;
}

type Row = typeof importJobs.$inferSelect;

function toJob(row: Row): ImportJob {
  const { userId: _user, ...rest } = row;
  return {
    ...rest,
    // A job failed before reasons had codes gives its English reason, verbatim.
    errorNotice: rest.errorNotice ?? (rest.error === null ? null : said('legacy', rest.error)),
    entity: rest.entity as ImportJob['entity'],
    format: rest.format as ImportJob['format'],
    encoding: rest.encoding as ImportJob['encoding'],
    status: rest.status as ImportJob['status'],
    unit: rest.unit as ImportJob['unit'],
  };
}

export async function createImportJob(db: Db, job: NewImportJob): Promise<ImportJob> {
  const [row] = await db.insert(importJobs).values(job).returning();
  return toJob(row!);
}

/** Counters so far; also tells followers the job is alive. */
export async function saveImportProgress(db: Db, id: number, progress: Partial<ImportProgress>): Promise<void> {
  await db.update(importJobs).set({ ...progress, updatedAt: new Date() }).where(eq(importJobs.id, id));
}

/** The job's outcome, and its first row errors (sorted by line), in one transaction. */
export async function finishImportJob(
  db: Db,
  id: number,
  outcome: { summary: ImportSummary; bytesRead: number } | { error: Notice; progress: Partial<ImportProgress> },
): Promise<ImportJob> {
  return db.transaction(async (tx) => {
    const now = new Date();
    let set: Partial<typeof importJobs.$inferInsert>;
    if ('summary' in outcome) {
      const s = outcome.summary;
      set = {
        status: 'succeeded',
        unit: s.unit,
        read: s.read,
        inserted: s.inserted,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
        errorCount: s.errorCount,
        bytesRead: outcome.bytesRead,
        // Names and messages about the file may quote it: a NUL or a lone surrogate in them would fail the write.
        ignoredColumns: s.ignoredColumns.map(storable),
        secretColumns: s.secretColumns.map(storable),
      };
      for (let at = 0; at < s.errors.length; at += ERROR_INSERT_CHUNK) {
        const chunk = s.errors.slice(at, at + ERROR_INSERT_CHUNK).map((e, i) => ({
          jobId: id,
          seq: at + i + 1,
          line: e.line,
          field: e.field === null ? null : storable(e.field),
          message: storable(e.message),
          notice: storableNotice(e.notice),
        }));
        await tx.insert(importJobErrors).values(chunk);
      }
    } else {
      const errorNotice = storableNotice(outcome.error);
      set = { ...outcome.progress, status: 'failed', error: noticeText(errorNotice, 'en'), errorNotice };
    }
    const [row] = await tx.update(importJobs).set({ ...set, updatedAt: now, finishedAt: now }).where(eq(importJobs.id, id)).returning();
    return toJob(row!);
  });
}

const PROCESS_STOPPED = notice('import_process_stopped');

/** Jobs left running by a process that stopped are failed, so the history does not show them running forever. */
async function failStaleJobs(db: Db): Promise<void> {
  await db
    .update(importJobs)
    .set({ status: 'failed', error: noticeText(PROCESS_STOPPED, 'en'), errorNotice: PROCESS_STOPPED, finishedAt: sql`now()` })
    .where(and(eq(importJobs.status, 'running'), sql`${importJobs.updatedAt} < now() - make_interval(secs => ${STALE_AFTER_SECONDS})`));
}

export async function listImportJobs(db: Db, input: ImportListQuery = {}): Promise<{ total: number; jobs: ImportJob[] }> {
  const q = importListQuerySchema.parse(input);
  await failStaleJobs(db);
  const conditions: SQL[] = [];
  if (q.status) conditions.push(eq(importJobs.status, q.status));
  if (q.ref) conditions.push(eq(importJobs.clientRef, q.ref));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(importJobs)
    .where(where)
    .orderBy(desc(importJobs.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await db.select({ n: count() }).from(importJobs).where(where);
  return { total: Number(total?.n ?? 0), jobs: rows.map(toJob) };
}

export async function getImportJob(db: Db, id: number): Promise<ImportJob> {
  await failStaleJobs(db);
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  if (!row) throw new AppError('NOT_FOUND', `Import ${id} not found`);
  return toJob(row);
}

export async function listImportErrors(
  db: Db,
  id: number,
  page: number,
  pageSize: number,
): Promise<{ total: number; unit: ImportJob['unit']; errors: ImportRowError[] }> {
  const job = await getImportJob(db, id);
  const errors = await db
    .select({ line: importJobErrors.line, field: importJobErrors.field, message: importJobErrors.message, notice: importJobErrors.notice })
    .from(importJobErrors)
    .where(eq(importJobErrors.jobId, id))
    .orderBy(asc(importJobErrors.seq))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(importJobErrors).where(eq(importJobErrors.jobId, id));
  // Rows made before row errors had codes carry their English message as a legacy notice's detail.
  return {
    total: Number(total?.n ?? 0),
    unit: job.unit,
    errors: errors.map((e) => ({ ...e, notice: e.notice ?? said('legacy', e.message) })),
  };
}

/** A notice whose texts (params and detail may quote the file) are all storable in jsonb. */
function storableNotice(notice: Notice): Notice {
  return JSON.parse(JSON.stringify(notice), (_key, value: unknown) => (typeof value === 'string' ? storable(value) : value)) as Notice;
}
