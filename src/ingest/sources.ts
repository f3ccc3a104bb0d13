/**
 * Status sources (`status_sources`) and their run history (`sync_runs`), for every kind of source: the IXC
 * webservice sync, the RADIUS accounting receiver, the FreeRADIUS `radacct` reader. Generic on purpose: the
 * settings (`config`) are validated by the caller's `parseConfig` for its kind; the secret (IXC token, database
 * password) is sealed with the installation key and comes back out only through `openSource` — never through
 * `getSource`/`listSources` (which show `hasSecret` and the last four characters).
 *
 * Runs: `startRun` refuses a second concurrent run of one source (a run left `running` by a crashed process is
 * marked failed once older than `staleAfterMs`), `updateRun` saves progress while running (counts and a resume
 * cursor), `finishRun` closes it. `saveSourceCursor` stores where incremental reading resumes next time.
 */
import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import { statusSources, syncRuns } from '../db/schema/sources.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import { AppError } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { openSecret, sealSecret, secretHint } from '../shared/secret-box.js';
import type { SyncMode, SyncRunStatus } from '../shared/vocabulary.js';
import {
  type RunCounts,
  type SourceInput,
  sourceInputSchema,
  type SourceKind,
  type SourcePatch,
  sourcePatchSchema,
  type sourceSchema,
  type syncRunSchema,
} from './schemas.js';

export type { RunCounts, SourceInput, SourceKind, SourcePatch, SyncMode };
export type RunStatus = SyncRunStatus;

/** Validates (and may normalise) the settings of one kind; throw an AppError('VALIDATION', …, 'config.x') to refuse. */
export type SourceConfigParser = (kind: SourceKind, config: Record<string, unknown>) => Record<string, unknown>;

export interface SourceWriteOptions {
  parseConfig?: SourceConfigParser;
}

export type SyncRun = z.output<typeof syncRunSchema> & {
  /** Progress saved while running, so a failed run can resume. */
  cursor: unknown;
};

export type Source = Omit<z.output<typeof sourceSchema>, 'lastRun'> & { lastRun: SyncRun | null };

const uniqueName: UniqueName = {
  table: statusSources,
  id: statusSources.id,
  name: statusSources.description,
  field: 'description',
  what: 'A source',
};

type SourceRow = typeof statusSources.$inferSelect;
type RunRow = typeof syncRuns.$inferSelect;

function toRun(row: RunRow): SyncRun {
  return {
    ...row,
    mode: row.mode as SyncMode,
    status: row.status as RunStatus,
    counts: (row.counts ?? {}) as RunCounts,
    cursor: row.cursor ?? null,
  };
}

function toSource(row: SourceRow, lastRun: RunRow | undefined): Source {
  const { secret, secretHint: hint, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as SourceKind,
    config: row.config as Record<string, unknown>,
    hasSecret: secret !== null,
    secretHint: hint ?? '',
    cursor: row.cursor ?? null,
    lastRun: lastRun ? toRun(lastRun) : null,
  };
}

async function lastRuns(db: Db, ids: number[]): Promise<Map<number, RunRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([syncRuns.sourceId])
    .from(syncRuns)
    .where(sql`${syncRuns.sourceId} in ${ids}`)
    .orderBy(syncRuns.sourceId, desc(syncRuns.startedAt), desc(syncRuns.id));
  return new Map(rows.map((r) => [r.sourceId, r]));
}

async function selectSources(db: Db, where?: SQL): Promise<Source[]> {
  const query = db.select().from(statusSources);
  const rows = await (where ? query.where(where) : query).orderBy(asc(statusSources.kind), asc(sql`lower(${statusSources.description})`));
  const runs = await lastRuns(db, rows.map((r) => r.id));
  return rows.map((r) => toSource(r, runs.get(r.id)));
}

export async function listSources(db: Db, filter: { kind?: SourceKind; active?: boolean } = {}): Promise<Source[]> {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(statusSources.kind, filter.kind));
  if (filter.active !== undefined) conditions.push(eq(statusSources.active, filter.active));
  return selectSources(db, conditions.length ? and(...conditions) : undefined);
}

async function getRow(db: Db, id: number): Promise<SourceRow> {
  const [row] = await db.select().from(statusSources).where(eq(statusSources.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No source ${id}`);
  return row;
}

export async function getSource(db: Db, id: number): Promise<Source> {
  const row = await getRow(db, id);
  return toSource(row, (await lastRuns(db, [id])).get(id));
}

/** 409 unless the source is active: an inactive source is not synced, on request or by its task. */
export function assertSourceActive(source: Pick<Source, 'active' | 'description'>): void {
  if (!source.active) throw new AppError('CONFLICT', `Source "${source.description}" is inactive`, undefined, notice('source_inactive', { source: source.description }));
}

/** The source with its secret in clear, for connecting to it. Throws SecretUnreadableError on a changed key. */
export async function openSource(db: Db, key: Buffer, id: number): Promise<{ source: Source; secret: string | null }> {
  const row = await getRow(db, id);
  const source = toSource(row, (await lastRuns(db, [id])).get(id));
  return { source, secret: row.secret === null ? null : openSecret(key, row.secret) };
}

function sealed(key: Buffer, secret: string | null | undefined) {
  if (secret === undefined) return {};
  return secret === null ? { secret: null, secretHint: null } : { secret: sealSecret(key, secret), secretHint: secretHint(secret) };
}

export async function createSource(db: Db, key: Buffer, input: SourceInput, options: SourceWriteOptions = {}): Promise<Source> {
  const data = sourceInputSchema.parse(input);
  const config = options.parseConfig ? options.parseConfig(data.kind, data.config) : data.config;
  await assertNameFree(db, uniqueName, data.description);
  const [row] = await db
    .insert(statusSources)
    .values({ kind: data.kind, description: data.description, config, ...sealed(key, data.secret), active: data.active })
    .returning({ id: statusSources.id });
  return getSource(db, row!.id);
}

/** Changing the settings keeps the cursor; call `saveSourceCursor(db, id, null)` to force a full read. */
export async function updateSource(db: Db, key: Buffer, id: number, patch: SourcePatch, options: SourceWriteOptions = {}): Promise<Source> {
  const data = sourcePatchSchema.parse(patch);
  const current = await getRow(db, id);
  const parse = options.parseConfig ?? ((_kind: SourceKind, config: Record<string, unknown>) => config);
  const config = data.config === undefined ? undefined : parse(current.kind as SourceKind, data.config);
  if (data.description !== undefined) await assertNameFree(db, uniqueName, data.description, id);
  const { secret: _secret, config: _config, ...plain } = data;
  await db
    .update(statusSources)
    .set({ ...plain, ...(config === undefined ? {} : { config }), ...sealed(key, data.secret), updatedAt: new Date() })
    .where(eq(statusSources.id, id));
  return getSource(db, id);
}

/** Deletes the source and (cascade) its run history; the subscriber data it brought in stays. */
export async function deleteSource(db: Db, id: number): Promise<Source> {
  const found = await getSource(db, id);
  await db.delete(statusSources).where(eq(statusSources.id, id));
  return found;
}

/** Where incremental reading resumes next time (`null` forgets it: the next incremental run reads everything). */
export async function saveSourceCursor(db: Db, id: number, cursor: unknown): Promise<void> {
  const updated = await db
    .update(statusSources)
    .set({ cursor: cursor === null ? null : (cursor as object) })
    .where(eq(statusSources.id, id))
    .returning({ id: statusSources.id });
  if (updated.length === 0) throw new AppError('NOT_FOUND', `No source ${id}`);
}

const SIX_HOURS = 6 * 3600_000;

/**
 * Opens a run. Refuses (CONFLICT) while another run of the source is `running`; a run still `running` after
 * `staleAfterMs` (default 6 h) is taken for a crashed process and marked failed first.
 */
export async function startRun(
  db: Db,
  sourceId: number,
  mode: SyncMode,
  options: { cursor?: unknown; staleAfterMs?: number } = {},
): Promise<SyncRun> {
  return db.transaction(async (tx) => {
    // the source row lock serialises concurrent starts (several processes on PostgreSQL)
    const [source] = await tx.select({ id: statusSources.id }).from(statusSources).where(eq(statusSources.id, sourceId)).for('update');
    if (!source) throw new AppError('NOT_FOUND', `No source ${sourceId}`);
    const staleBefore = new Date(Date.now() - (options.staleAfterMs ?? SIX_HOURS));
    await tx
      .update(syncRuns)
      .set({ status: 'failed', finishedAt: new Date(), error: 'interrupted: the process running it stopped' })
      .where(and(eq(syncRuns.sourceId, sourceId), eq(syncRuns.status, 'running'), lt(syncRuns.startedAt, staleBefore)));
    const [running] = await tx
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.sourceId, sourceId), eq(syncRuns.status, 'running')))
      .limit(1);
    if (running) {
      const why = notice('source_syncing', { source: `#${sourceId}`, run: running.id });
      throw new AppError('CONFLICT', `Source ${sourceId} is already syncing (run ${running.id})`, undefined, why);
    }
    const [row] = await tx
      .insert(syncRuns)
      .values({ sourceId, mode, cursor: (options.cursor ?? null) as object | null })
      .returning();
    return toRun(row!);
  });
}

/** Saves progress of a running run (only while it is running). */
export async function updateRun(db: Db, runId: number, progress: { counts?: RunCounts; cursor?: unknown }): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      ...(progress.counts === undefined ? {} : { counts: progress.counts }),
      ...(progress.cursor === undefined ? {} : { cursor: progress.cursor as object | null }),
    })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')));
}

export async function finishRun(
  db: Db,
  runId: number,
  result: { status: Exclude<SyncRunStatus, 'running'>; counts?: RunCounts; error?: string | null; cursor?: unknown },
): Promise<SyncRun> {
  const [row] = await db
    .update(syncRuns)
    .set({
      status: result.status,
      finishedAt: new Date(),
      error: result.error ?? null,
      ...(result.counts === undefined ? {} : { counts: result.counts }),
      ...(result.cursor === undefined ? {} : { cursor: result.cursor as object | null }),
    })
    .where(eq(syncRuns.id, runId))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', `No sync run ${runId}`);
  return toRun(row);
}

export async function getRun(db: Db, runId: number): Promise<SyncRun> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  if (!row) throw new AppError('NOT_FOUND', `No sync run ${runId}`);
  return toRun(row);
}

/** Newest first. */
export async function listRuns(db: Db, sourceId: number, options: { limit?: number } = {}): Promise<SyncRun[]> {
  const rows = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.sourceId, sourceId))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
  return rows.map(toRun);
}

/** The newest run of the source when it failed (a resume candidate); `null` when the newest run did not fail. */
export async function lastFailedRun(db: Db, sourceId: number): Promise<SyncRun | null> {
  const [newest] = await listRuns(db, sourceId, { limit: 1 });
  return newest && newest.status === 'failed' ? newest : null;
}
