/**
 * "Sincroniza IXC", the Agenda de tarefas task type (listed by the composition root in src/app/task-types.ts): one
 * run per source — the one in the options, or every active IXC source — incremental by default, resuming a
 * source's failed run unless `restart`. In the task history, `processed` counts records read, `sent` records
 * written and `failed` records rejected; a source whose run failed makes the task run failed (its error names it).
 * Sincronizar agora on a source is a manual run of the source's own task (./source-task.ts).
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { rowId } from '../../shared/ids.js';
import { type Notice, notice, said } from '../../shared/notice.js';
import { syncModes } from '../../shared/vocabulary.js';
import { type TaskContext, type TaskResult, type TaskType, taskType } from '../../tasks/types.js';
import { listSources } from '../sources.js';
import { runIxcSync } from './engine.js';

export const IXC_SYNC_TASK_TYPE = 'sync_ixc';

export const ixcSyncTaskOptionsSchema = z.strictObject({
  /** Absent: every active IXC source. */
  sourceId: rowId.optional(),
  mode: z.enum(syncModes).default('incremental'),
  /** Do not resume a source's failed run: start afresh. */
  restart: z.boolean().default(false),
});
export type IxcSyncTaskOptions = z.output<typeof ixcSyncTaskOptionsSchema>;

export const ixcSyncTaskType: TaskType = taskType<IxcSyncTaskOptions>({
  type: IXC_SYNC_TASK_TYPE,
  label: { 'pt-BR': 'Sincroniza IXC', en: 'Sync IXC' },
  optionsSchema: ixcSyncTaskOptionsSchema,
  run: runIxcSyncTask,
});

async function runIxcSyncTask(ctx: TaskContext, options: IxcSyncTaskOptions): Promise<TaskResult> {
  const ids = options.sourceId ? [options.sourceId] : (await listSources(ctx.db, { kind: 'ixc', active: true })).map((s) => s.id);
  const total = { processed: 0, sent: 0, failed: 0 };
  const runs: Record<string, unknown>[] = [];
  const errors: Notice[] = [];
  for (const sourceId of ids) {
    if (ctx.signal.aborted) break;
    const before = { ...total };
    try {
      const result = await runIxcSync(ctx.db, {
        sourceId,
        mode: options.mode,
        resume: !options.restart,
        secretKey: ctx.secretKey,
        timezone: ctx.timezone,
        signal: ctx.signal,
        onProgress: (p) => {
          const sum = { ...before };
          for (const c of Object.values(p.counts)) {
            sum.processed += c.read;
            sum.sent += c.written;
            sum.failed += c.rejected;
          }
          ctx.progress(sum);
        },
      });
      for (const c of Object.values(result.counts)) {
        total.processed += c.read;
        total.sent += c.written;
        total.failed += c.rejected;
      }
      runs.push({ sourceId, runId: result.runId, status: result.status, counts: result.counts, ...(result.error ? { error: result.error } : {}) });
      if (result.status === 'failed') {
        errors.push(notice('sync_failed', { source: sourceId }), result.notice ?? said('unexpected_error', result.error));
      }
    } catch (err) {
      // refused before a run was opened: unknown or inactive source, unreadable token, a run already going
      if (err instanceof AppError && err.notice) errors.push(notice('sync_refused', { source: sourceId }), err.notice);
      else errors.push(said('sync_refused', (err as Error).message, { source: sourceId }));
      runs.push({ sourceId, status: 'refused', error: (err as Error).message });
    }
    ctx.progress(total);
  }
  if (ids.length === 0) errors.push(notice('no_active_source'));
  return { ...total, ...(errors.length ? { errors } : {}), details: { mode: options.mode, ...(options.restart ? { restart: true } : {}), runs } };
}
