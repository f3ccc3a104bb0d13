/**
 * The history of a gatilho: one `trigger_runs` row per evaluation (enqueued, held, failed) and the operator's
 * decision on a held one (confirmed, discarded). A rule has at most one held run waiting: a newer evaluation that
 * queues or holds again closes the older one as discarded, its notice naming the run that replaced it (no person
 * decided it, so `decided_by` stays empty).
 */
import { and, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { triggerRuns } from '../db/schema/triggers.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice } from '../shared/notice.js';
import { type RunPage, runPageSchema, type TriggerRun, type TriggerRunStatus } from './schemas.js';

export type { RunPage };

const columns = {
  id: triggerRuns.id,
  ruleId: triggerRuns.ruleId,
  taskRunId: triggerRuns.taskRunId,
  at: triggerRuns.at,
  status: triggerRuns.status,
  matched: triggerRuns.matched,
  enqueued: triggerRuns.enqueued,
  skipped: triggerRuns.skipped,
  skipCounts: triggerRuns.skipCounts,
  batchIds: triggerRuns.batchIds,
  error: triggerRuns.error,
  decidedBy: triggerRuns.decidedBy,
  decidedAt: triggerRuns.decidedAt,
};

function runQuery(db: Db) {
  return db.select(columns).from(triggerRuns);
}
type Row = Awaited<ReturnType<typeof runQuery>>[number];

function toRun(row: Row): TriggerRun {
  return {
    ...row,
    status: row.status as TriggerRunStatus,
    skipCounts: row.skipCounts as TriggerRun['skipCounts'],
    batchIds: (row.batchIds as number[]).map(Number),
  };
}

export interface RunValues {
  ruleId: number;
  taskRunId: number | null;
  status: TriggerRunStatus;
  matched?: number;
  enqueued?: number;
  skipped?: number;
  skipCounts?: TriggerRun['skipCounts'];
  batchIds?: number[];
  error?: Notice | null;
}

export async function recordRun(db: Db, values: RunValues): Promise<TriggerRun> {
  const [row] = await db
    .insert(triggerRuns)
    .values({
      ruleId: values.ruleId,
      taskRunId: values.taskRunId,
      status: values.status,
      matched: values.matched ?? 0,
      enqueued: values.enqueued ?? 0,
      skipped: values.skipped ?? 0,
      skipCounts: values.skipCounts ?? {},
      batchIds: values.batchIds ?? [],
      error: values.error ?? null,
    })
    .returning(columns);
  return toRun(row!);
}

/** Closes the rule's other held runs: `run` is the fresher evaluation the operator should decide on instead. */
export async function supersedeHeld(db: Db, ruleId: number, run: TriggerRun): Promise<number> {
  const closed = await db
    .update(triggerRuns)
    .set({
      status: 'discarded',
      decidedAt: sql`now()`,
      error: notice('superseded', { run: run.id }),
    })
    .where(and(eq(triggerRuns.ruleId, ruleId), eq(triggerRuns.status, 'held'), ne(triggerRuns.id, run.id)))
    .returning({ id: triggerRuns.id });
  return closed.length;
}

export async function getTriggerRun(db: Db, id: number): Promise<TriggerRun> {
  const [row] = await runQuery(db).where(eq(triggerRuns.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No trigger run ${id}`);
  return toRun(row);
}

/** A rule's evaluations, newest first, a page at a time, with the total. */
export async function listRuleRuns(db: Db, ruleId: number, page: RunPage = {}): Promise<{ runs: TriggerRun[]; total: number }> {
  const { page: p, pageSize, status } = runPageSchema.parse(page);
  const where = and(eq(triggerRuns.ruleId, ruleId), status ? eq(triggerRuns.status, status) : undefined);
  const rows = await runQuery(db)
    .where(where)
    .orderBy(desc(triggerRuns.at), desc(triggerRuns.id))
    .limit(pageSize)
    .offset((p - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(triggerRuns).where(where);
  return { runs: rows.map(toRun), total: total?.n ?? 0 };
}

/** The newest evaluation of each rule, and how many held runs wait for a decision. */
export async function runSummaries(db: Db, ruleIds: number[]): Promise<{ last: Map<number, TriggerRun>; held: Map<number, number> }> {
  if (ruleIds.length === 0) return { last: new Map(), held: new Map() };
  const rows = await db
    .selectDistinctOn([triggerRuns.ruleId], columns)
    .from(triggerRuns)
    .where(inArray(triggerRuns.ruleId, ruleIds))
    .orderBy(triggerRuns.ruleId, desc(triggerRuns.at), desc(triggerRuns.id));
  const held = await db
    .select({ ruleId: triggerRuns.ruleId, n: count() })
    .from(triggerRuns)
    .where(and(inArray(triggerRuns.ruleId, ruleIds), eq(triggerRuns.status, 'held')))
    .groupBy(triggerRuns.ruleId);
  return { last: new Map(rows.map((r) => [r.ruleId, toRun(r)])), held: new Map(held.map((h) => [h.ruleId, h.n])) };
}
