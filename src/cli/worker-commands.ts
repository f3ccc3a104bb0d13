/**
 * `avisa worker`: the Agenda de tarefas scheduler without the HTTP server, until SIGINT/SIGTERM. Run as many as
 * you like against one PostgreSQL (each due run happens once, whoever claims it); with the embedded database the
 * scheduler inside `avisa serve` is the only one, since PGlite serves one process.
 */
import type { Command } from 'commander';
import { startAgenda } from '../app/agenda.js';
import { startConfiguredMetrics } from '../app/metrics-listener.js';
import { closeOnSignal, runStopTimeoutMs, secretKeyOf } from '../app/runtime.js';
import { installationTaskTypes } from '../app/task-types.js';
import { describeStorage } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { startWebhookDispatcher } from '../webhooks/dispatcher.js';
import { CliError, configOrFail, openWaiting, say, startWaiting } from './context.js';

function positiveSeconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--${name} must be a positive number of seconds`);
  return Math.round(seconds * 1000);
}

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('run the Agenda de tarefas (queue drains and other scheduled tasks) without the web server')
    .option('--tick <seconds>', 'how often to look for due tasks (default 5)')
    .option('--stale-after <seconds>', 'a run silent this long is taken as dead and marked abandoned (default 60)')
    .action(async (opts: { tick?: string; staleAfter?: string }) => {
      const tickMs = positiveSeconds('tick', opts.tick);
      const staleAfterMs = positiveSeconds('stale-after', opts.staleAfter);
      const config = configOrFail();
      const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY });
      const database = await openWaiting(config, logger);
      try {
        const secretKey = secretKeyOf(config);
        const metrics = await startConfiguredMetrics(config, database.db, logger); // AVISA_METRICS_LISTEN
        const scheduler = await startWaiting(config, logger, () => startAgenda({
          db: database.db,
          types: installationTaskTypes(),
          secretKey,
          timezone: config.AVISA_TIMEZONE,
          logger,
          stopTimeoutMs: runStopTimeoutMs(config),
          ...(tickMs === undefined ? {} : { tickMs }),
          ...(staleAfterMs === undefined ? {} : { staleAfterMs }),
        }));
        // Outgoing webhooks go with the scheduler: every worker delivers (each delivery once, see src/webhooks).
        const webhooks = startWebhookDispatcher({ db: database.db, secretKey, logger });
        closeOnSignal(logger, async () => {
          await scheduler.stop();
          await webhooks.stop();
          await metrics?.stop();
          await database.close();
        }, config.AVISA_SHUTDOWN_SECONDS);
        logger.info({ owner: scheduler.owner, storage: describeStorage(config), timezone: config.AVISA_TIMEZONE }, 'Avisa worker started');
        say(`Avisa worker ${scheduler.owner} (${describeStorage(config)}); Ctrl+C para parar`);
      } catch (err) {
        await database.close();
        if (err instanceof Error && /staleAfterMs/.test(err.message)) throw new CliError('--stale-after must be at least twice --tick');
        throw err;
      }
    });
}
