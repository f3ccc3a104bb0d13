/**
 * What the queue gives the Agenda de tarefas: its drains as task types — "Envia Mensagens Omnichannel da Fila",
 * "Envia E-mails da Fila" and "Envia SMS da Fila" — and the sweep of expired leases the scheduler does at every
 * tick. Each run sends what is pending on its channel (./drain.ts) for at most `budgetSeconds`, then stops
 * cleanly; what is left waits for the next run. An integration that stopped on an error (refused credentials, a
 * crash) makes the run `failed` with its message, the counts kept; one that reached a quota only shows it in the
 * run's details (its rows wait, which is the quota doing its job).
 */
import { z } from 'zod';
import { countRunningRuns } from '../tasks/runs.js';
import type { SchedulerChore } from '../tasks/scheduler.js';
import { type TaskContext, type TaskResult, type TaskType, taskType } from '../tasks/types.js';
import { withExtras } from '../shared/notice.js';
import type { Channel } from '../shared/vocabulary.js';
import { sweepExpiredLeases } from './claim.js';
import { drainChannel } from './drain.js';
import { minPriorityAt } from './quiet-hours.js';
import { getSendSettings } from './send-settings.js';

export const drainOptionsSchema = z.strictObject({
  budgetSeconds: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(300)
    .meta({ title: 'Tempo máximo por execução (segundos)' }),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .meta({ title: 'Tentativas por mensagem' }),
  leaseSeconds: z
    .number()
    .int()
    .min(5)
    .max(600)
    .default(60)
    .meta({
      title: 'Reserva de cada mensagem (segundos)',
      description: 'Se o processo que reservou uma mensagem parar de responder, ela volta à fila (ou fica incerta, se o envio já tinha saído) após este prazo.',
    }),
});
export type DrainTaskOptions = z.infer<typeof drainOptionsSchema>;

/** Runs one channel's drain with a task's context and options. */
async function runDrain(channel: Channel, ctx: TaskContext, options: DrainTaskOptions): Promise<TaskResult> {
  const settings = await getSendSettings(ctx.db);
  const minPriority = minPriorityAt({ start: settings.quietStart, end: settings.quietEnd }, new Date(), ctx.timezone);
  const result = await drainChannel(ctx.db, {
    minPriority,
    channel,
    secretKey: ctx.secretKey,
    owner: ctx.owner,
    budgetMs: options.budgetSeconds * 1000,
    maxAttempts: options.maxAttempts,
    leaseSeconds: options.leaseSeconds,
    // Several drain tasks of the channel running in several processes split each integration's rate.
    peers: () => countRunningRuns(ctx.db, `drain_${channel}`),
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
  });
  const errors = result.integrations.flatMap((i) =>
    i.error && (i.stoppedBy === 'config' || i.stoppedBy === 'error') ? [withExtras(i.error, { subject: i.description })] : [],
  );
  return {
    processed: result.processed,
    sent: result.sent,
    failed: result.failed,
    ...(errors.length > 0 ? { errors } : {}),
    details: {
      retried: result.retried,
      held: result.held,
      integrations: result.integrations,
      // the run history says why non-urgent rows stayed in the fila
      ...(minPriority === undefined ? {} : { quietHours: { start: settings.quietStart, end: settings.quietEnd, urgentOnly: true } }),
    },
  };
}

/** The drain task type of each channel: `drain_<channel>`, labelled as IXC names its tasks. */
export const drainTaskTypeOf: Record<Channel, TaskType> = {
  whatsapp: drainTask('whatsapp', { 'pt-BR': 'Envia Mensagens Omnichannel da Fila', en: 'Send omnichannel (WhatsApp) messages from the queue' }),
  email: drainTask('email', { 'pt-BR': 'Envia E-mails da Fila', en: 'Send e-mails from the queue' }),
  sms: drainTask('sms', { 'pt-BR': 'Envia SMS da Fila', en: 'Send SMS from the queue' }),
};

function drainTask(channel: Channel, label: TaskType['label']): TaskType {
  return taskType<DrainTaskOptions>({
    type: `drain_${channel}`,
    label,
    optionsSchema: drainOptionsSchema,
    onePerProcess: true, // several drain tasks of one channel: one per process, all claiming the one fila
    run: (ctx, options) => runDrain(channel, ctx, options),
  });
}

export const drainTaskTypes: readonly TaskType[] = Object.values(drainTaskTypeOf);

/**
 * At every tick of every scheduler: rows whose lease ran out (their process died) are put back — claimed ones to
 * pending, started ones to `uncertain` for a person to decide.
 */
export const sweepExpiredLeasesChore: SchedulerChore = async (db, logger) => {
  const swept = await sweepExpiredLeases(db);
  if (swept.uncertain > 0) logger.warn({ count: swept.uncertain }, 'queue rows left sending past their lease are now uncertain');
  if (swept.requeued > 0) logger.info({ count: swept.requeued }, 'queue rows claimed and never sent before their lease ran out are pending again');
};
